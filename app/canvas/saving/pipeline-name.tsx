import { useState } from 'react';
import { pipelineNameSchema } from '../../../engine/graph-types';
import { messageOf } from '../graphql-client';
import { renamePipeline } from '../versions-client';

/** The pipeline's name in the toolbar; click to rename: Enter saves, Escape cancels. */
export function PipelineName({ pipelineId, name, onRenamed }: { pipelineId: string; name: string; onRenamed(name: string): void }) {
  const [draft, setDraft] = useState<string>();
  const [error, setError] = useState<string>();
  const [busy, setBusy] = useState(false);

  const cancel = () => {
    setDraft(undefined);
    setError(undefined);
  };
  const commit = async () => {
    if (draft === undefined || busy) return;
    const parsed = pipelineNameSchema.safeParse(draft);
    if (!parsed.success) return setError(parsed.error.issues[0]!.message);
    if (parsed.data === name) return cancel();
    setBusy(true);
    try {
      onRenamed(await renamePipeline(pipelineId, parsed.data));
      cancel();
    } catch (e) {
      setError(messageOf(e));
    } finally {
      setBusy(false);
    }
  };

  if (draft === undefined) {
    return (
      <h1 aria-label={name} className="min-w-0 truncate text-sm font-semibold text-slate-900">
        <button type="button" title="Rename" aria-label={`Rename pipeline ${name}`} className="max-w-full truncate rounded px-1 hover:bg-slate-100" onClick={() => setDraft(name)}>
          {name}
        </button>
      </h1>
    );
  }
  return (
    <div className="relative min-w-0">
      <input
        autoFocus
        aria-label="Pipeline name"
        aria-invalid={error ? true : undefined}
        aria-describedby={error ? 'pipeline-name-error' : undefined}
        value={draft}
        disabled={busy}
        onChange={(e) => {
          setDraft(e.target.value);
          setError(undefined);
        }}
        onKeyDown={(e) => {
          if (e.key === 'Enter') void commit();
          if (e.key === 'Escape') cancel();
        }}
        onBlur={() => (error ? undefined : void commit())}
        className="h-7 w-64 rounded border border-indigo-400 px-2 text-sm font-semibold focus:outline-none focus:ring-2 focus:ring-indigo-300"
      />
      {error ? (
        <p id="pipeline-name-error" role="alert" className="absolute left-0 top-8 z-20 whitespace-nowrap rounded bg-red-50 px-2 py-1 text-xs text-red-700 shadow">
          {error}
        </p>
      ) : null}
    </div>
  );
}
