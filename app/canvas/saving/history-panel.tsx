import { useMemo, useState, type FormEvent } from 'react';
import { diffGraphs } from '../../../engine/graph-diff';
import type { PipelineGraph } from '../../../engine/graph-types';
import { formatDateTime } from '../../components/local-time';
import { Button } from '../../components/ui/button';
import { CloseIcon } from '../../components/ui/icons';
import { normalizeGraph } from '../use-autosave';
import type { PipelineVersion } from '../versions-client';
import { summarizeDiff } from './change-list';
import type { VersionHistory } from './use-version-history';

const EMPTY: PipelineGraph = { nodes: [], edges: [] };

const versionName = (v: PipelineVersion) => (v.kind === 'checkpoint' ? `Checkpoint “${v.name}”` : 'Run');

/** Lists versions (runs and checkpoints) with what each changed; selecting one shows its diff on the canvas. */
export function HistoryPanel({ history, currentGraph, onRestore }: { history: VersionHistory; currentGraph(): PipelineGraph; onRestore(v: PipelineVersion): void }) {
  const { versions, hasOlder, error, selected, select, compare, setCompare } = history;
  // The oldest listed version's predecessor is unknown until older ones load, unless it is the first.
  const summaries = useMemo(
    () =>
      new Map(
        (versions ?? []).map((v, i) => {
          const previous = versions![i + 1];
          return [v.id, previous || !hasOlder ? summarizeDiff(diffGraphs(normalizeGraph(previous?.graph ?? EMPTY), normalizeGraph(v.graph))) : ''];
        }),
      ),
    [versions, hasOlder],
  );
  return (
    <aside aria-label="History" className="flex w-80 shrink-0 flex-col border-l border-slate-200 bg-white">
      <div className="flex items-center justify-between border-b border-slate-200 px-3 py-2">
        <h2 className="text-sm font-semibold">History</h2>
        <Button size="sm" variant="ghost" aria-label="Close history" onClick={() => history.setOpen(false)}>
          <CloseIcon width={12} height={12} />
        </Button>
      </div>
      <CheckpointForm onSave={(name) => history.saveCheckpoint(name, currentGraph())} />
      {error ? (
        <p role="alert" className="px-3 py-2 text-sm text-red-600">
          {error}
        </p>
      ) : null}
      {versions && versions.length === 0 ? (
        <p className="px-3 py-2 text-sm text-slate-500">No versions yet: a run keeps the graph it ran (runs of an unchanged draft share one), and “Save version” keeps one under a name.</p>
      ) : null}
      <ol aria-label="Versions" className="min-h-0 flex-1 overflow-y-auto">
        {(versions ?? []).map((v) => {
          const isSelected = selected?.id === v.id;
          return (
            <li key={v.id} className={`border-b border-slate-100 ${isSelected ? 'bg-indigo-50' : ''}`}>
              <button
                type="button"
                aria-pressed={isSelected}
                aria-label={`Version ${v.version}: ${versionName(v)}`}
                onClick={() => select(isSelected ? undefined : v.id)}
                className="block w-full px-3 py-2 text-left hover:bg-slate-50"
              >
                <span className="block text-sm font-medium">
                  v{v.version} · {versionName(v)}
                </span>
                <span className="block text-xs text-slate-500">
                  {v.author ?? 'a deleted account'} · {formatDateTime(v.createdAt)}
                </span>
                <span className="block text-xs text-slate-600">{summaries.get(v.id)}</span>
              </button>
              {isSelected ? (
                <div className="space-y-2 px-3 pb-3">
                  <label className="block text-xs text-slate-600">
                    Show on the canvas
                    <select
                      value={compare}
                      onChange={(e) => setCompare(e.target.value as typeof compare)}
                      className="mt-1 block w-full rounded border border-slate-300 px-1 py-1 text-xs"
                    >
                      <option value="previous">What this version changed (vs the one before)</option>
                      <option value="current">What changed since (vs the current draft)</option>
                    </select>
                  </label>
                  <Button size="sm" variant="primary" onClick={() => onRestore(v)}>
                    Restore version {v.version}
                  </Button>
                </div>
              ) : null}
            </li>
          );
        })}
      </ol>
      {hasOlder ? (
        <div className="border-t border-slate-200 px-3 py-2">
          <Button size="sm" onClick={() => void history.loadOlder()}>
            Load older versions
          </Button>
        </div>
      ) : null}
    </aside>
  );
}

function CheckpointForm({ onSave }: { onSave(name: string): Promise<string | undefined> }) {
  const [name, setName] = useState<string>();
  const [error, setError] = useState<string>();
  const [busy, setBusy] = useState(false);
  if (name === undefined) {
    return (
      <div className="border-b border-slate-200 px-3 py-2">
        <Button size="sm" onClick={() => setName('')}>
          Save version…
        </Button>
      </div>
    );
  }
  const submit = async (e: FormEvent) => {
    e.preventDefault();
    setBusy(true);
    const problem = await onSave(name);
    setBusy(false);
    if (problem) setError(problem);
    else setName(undefined);
  };
  return (
    <form onSubmit={(e) => void submit(e)} className="space-y-1 border-b border-slate-200 px-3 py-2">
      <input
        autoFocus
        aria-label="Version name"
        placeholder="e.g. Before tuning"
        value={name}
        onChange={(e) => {
          setName(e.target.value);
          setError(undefined);
        }}
        onKeyDown={(e) => e.key === 'Escape' && setName(undefined)}
        className="w-full rounded border border-slate-300 px-2 py-1 text-sm"
      />
      {error ? (
        <p role="alert" className="text-xs text-red-600">
          {error}
        </p>
      ) : null}
      <div className="flex gap-2">
        <Button size="sm" type="submit" variant="primary" disabled={busy}>
          Save version
        </Button>
        <Button size="sm" onClick={() => setName(undefined)}>
          Cancel
        </Button>
      </div>
    </form>
  );
}
