import { Button } from '../components/ui/button';
import { AlertIcon, CloseIcon } from '../components/ui/icons';
import { opensWithName } from '../../engine/node-params';
import type { EditorProblem } from './editor-types';

/** Every current problem at once; clicking one selects its node. */
export function ProblemsPanel({
  problems,
  labelOf,
  onSelect,
  onClose,
}: {
  problems: EditorProblem[];
  labelOf: (nodeId: string) => string;
  onSelect: (nodeId: string) => void;
  onClose: () => void;
}) {
  return (
    <section
      id="pipeline-problems"
      aria-label="Problems"
      className="absolute bottom-3 left-3 z-10 w-[26rem] max-w-[calc(100%-1.5rem)] overflow-hidden rounded-lg bg-white shadow-lg ring-1 ring-slate-200"
    >
      <header className="flex items-center justify-between border-b border-slate-100 px-3 py-2">
        <h2 className="flex items-center gap-1.5 text-xs font-semibold text-red-700">
          <AlertIcon width={13} height={13} />
          {problems.length === 1 ? '1 problem' : `${problems.length} problems`}
        </h2>
        <Button size="sm" variant="ghost" aria-label="Close problems" onClick={onClose}>
          <CloseIcon width={13} height={13} />
        </Button>
      </header>
      <ul className="max-h-56 divide-y divide-slate-100 overflow-y-auto">
        {problems.map((p, i) => (
          <li key={`${p.nodeId ?? p.edgeId ?? ''}:${p.message}:${i}`}>
            {p.nodeId ? (
              <button
                type="button"
                className="w-full px-3 py-2 text-left text-xs hover:bg-slate-50 focus-visible:bg-slate-50 focus-visible:outline-none"
                onClick={() => onSelect(p.nodeId!)}
              >
                {opensWithName(p.message, labelOf(p.nodeId)) ? null : (
                  <span className="font-medium text-slate-900">{labelOf(p.nodeId)}: </span>
                )}
                <span className="text-slate-600">{p.message}</span>
              </button>
            ) : (
              <p className="px-3 py-2 text-xs text-slate-700">{p.message}</p>
            )}
          </li>
        ))}
      </ul>
    </section>
  );
}
