import { useMemo, useState } from 'react';
import { diffGraphs, findConflicts, type MergeConflict, type Side } from '../../../engine/graph-diff';
import { formatDateTime } from '../../components/local-time';
import { Button } from '../../components/ui/button';
import { Modal } from '../../components/ui/modal';
import type { SaveConflict } from '../use-autosave';
import { ChangeList, describeDiff, nodeTitle } from './change-list';

type Props = {
  conflict: SaveConflict;
  busy: boolean;
  error?: string;
  onKeepMine(): void;
  onTakeTheirs(): void;
  onMerge(choices: Record<string, Side>): void;
  onClose(): void;
};

function sideText(state: MergeConflict['mine'], base: SaveConflict['base'], id: string) {
  if (!state) return 'deleted it';
  const before = base.nodes.find((n) => n.id === id);
  if (!before) return 'added it';
  const diff = diffGraphs({ nodes: [before], edges: base.edges.filter((e) => e.target === id) }, { nodes: [state.node], edges: state.inputs });
  const change = diff.changed[0];
  if (!change) return 'moved it';
  return [change.params.length ? `changed ${change.params.join(', ')}` : '', change.rewired ? 're-wired it' : ''].filter(Boolean).join(' and ');
}

/** Both sides of a refused save, node by node; the user keeps theirs, takes the server's, or merges. */
export function ConflictDialog({ conflict, busy, error, onKeepMine, onTakeTheirs, onMerge, onClose }: Props) {
  const { base, mine, theirs } = conflict;
  const conflicts = useMemo(() => findConflicts(base, mine, theirs.graph), [base, mine, theirs.graph]);
  const [choices, setChoices] = useState<Record<string, Side>>({});
  const when = theirs.updatedAt ? ` at ${formatDateTime(theirs.updatedAt, { timeOnly: true, seconds: true })}` : '';

  return (
    <Modal label="Conflicting changes" onCancel={onClose} className="w-[min(94vw,44rem)]">
      <h2 className="text-base font-semibold">This pipeline was changed elsewhere</h2>
      <p className="mt-1 text-sm text-slate-600">
        Another tab or teammate saved revision {theirs.revision}
        {when} while you were editing. Nothing is lost: the side you replace is kept in History as a version.
      </p>
      <div className="mt-3 flex gap-6">
        <ChangeList title="Your changes" lines={describeDiff(diffGraphs(base, mine), base, mine)} />
        <ChangeList title="Their changes" lines={describeDiff(diffGraphs(base, theirs.graph), base, theirs.graph)} />
      </div>
      {conflicts.length ? (
        <fieldset className="mt-4 rounded border border-amber-300 bg-amber-50 p-3">
          <legend className="px-1 text-sm font-semibold text-amber-900">Changed on both sides: pick one for each</legend>
          <ul className="space-y-2">
            {conflicts.map((c) => {
              const name = nodeTitle(c.id, mine, theirs.graph, base);
              const side = choices[c.id] ?? 'mine';
              return (
                <li key={c.id} role="radiogroup" aria-label={`Keep for ${name}`} className="text-sm">
                  <span className="font-medium">{name}</span>
                  <label className="ml-3 inline-flex items-center gap-1">
                    <input type="radio" name={`side-${c.id}`} checked={side === 'mine'} onChange={() => setChoices({ ...choices, [c.id]: 'mine' })} />
                    Mine ({sideText(c.mine, base, c.id)})
                  </label>
                  <label className="ml-3 inline-flex items-center gap-1">
                    <input type="radio" name={`side-${c.id}`} checked={side === 'theirs'} onChange={() => setChoices({ ...choices, [c.id]: 'theirs' })} />
                    Theirs ({sideText(c.theirs, base, c.id)})
                  </label>
                </li>
              );
            })}
          </ul>
        </fieldset>
      ) : (
        <p className="mt-4 text-sm text-emerald-700">No node was changed on both sides: merging keeps every change.</p>
      )}
      {error ? (
        <p role="alert" className="mt-3 text-sm text-red-600">
          {error}
        </p>
      ) : null}
      <div className="mt-4 flex flex-wrap justify-end gap-2">
        <Button onClick={onClose}>Decide later</Button>
        <Button disabled={busy} onClick={onTakeTheirs}>
          Take theirs
        </Button>
        <Button disabled={busy} onClick={onKeepMine}>
          Keep mine
        </Button>
        <Button variant="primary" disabled={busy} onClick={() => onMerge(choices)}>
          Merge by node
        </Button>
      </div>
    </Modal>
  );
}
