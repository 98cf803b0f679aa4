import { getNodeType } from '../../engine/registry';
import type { NodeRunState } from '~/canvas/editor-types';
import { NodeRunResults } from '~/canvas/node-run-results';
import { formatCount } from '../../engine/format-count';
import { LocalTime } from '~/components/local-time';
import type { RunPageData } from '~/run-page.server';
import { RunOutputPanel } from './run-output-panel';
import { RunStatusBadge } from './run-status';

type StoredNode = RunPageData['run']['nodes'][number];

/**
 * Everything about one node in this run: its error with every attempt's (a dead letter ran out of
 * retries), its progress, results, metrics and log (the editor's results view), and its stored output.
 */
export function NodeDetails({
  runId,
  nodeId,
  label,
  type,
  status,
  nodeRun,
  stored,
  canEdit = false,
}: {
  canEdit?: boolean;
  runId: string;
  nodeId: string;
  label: string;
  type: string;
  status: string;
  nodeRun: NodeRunState | undefined;
  stored: StoredNode | undefined;
}) {
  const def = getNodeType(type);
  const failed = status === 'failed' || status === 'dead_letter';
  return (
    <section aria-label={`Details of ${label}`} className="divide-y divide-slate-100">
      <header className="flex items-center justify-between gap-2 px-4 py-3">
        <div className="min-w-0">
          <h2 className="truncate text-base font-semibold text-slate-900">{label}</h2>
          <p className="text-xs text-slate-500">{def?.title ?? type}</p>
        </div>
        <RunStatusBadge status={status} label={`${label} status: ${status.replace('_', ' ')}`} />
      </header>
      {stored?.cachedFromRunId ? (
        <p className="px-4 py-2 text-xs text-indigo-800">
          Reused from <a className="font-medium underline" href={`/runs/${stored.cachedFromRunId}`}>an earlier run</a>: its inputs and settings were unchanged, so it was not computed again.
        </p>
      ) : null}
      {failed ? <NodeErrors status={status} stored={stored} liveMessage={nodeRun?.message} /> : null}
      {def && nodeRun ? <NodeRunResults nodeRun={failed ? { ...nodeRun, message: undefined } : nodeRun} def={def} title={label} heading="Results" charts registerFrom={canEdit ? { runId, nodeId } : undefined} /> : null}
      {def && def.outputs.length > 0 ? (
        <section aria-label={`Output of ${label}`} className="flex h-[26rem] flex-col">
          <h3 className="px-4 pb-1 pt-3 text-[11px] font-semibold uppercase tracking-wider text-slate-500">Output</h3>
          <RunOutputPanel runId={runId} nodeId={nodeId} nodeName={label} outputs={def.outputs} version={status} />
        </section>
      ) : null}
    </section>
  );
}

/** The node's error, and each earlier attempt's, oldest first: what a retry saw is often the real cause. */
function NodeErrors({ status, stored, liveMessage }: { status: string; stored: StoredNode | undefined; liveMessage?: string }) {
  const earlier = stored?.attempts ?? [];
  const last = stored?.error ?? liveMessage;
  const lastAttempt = stored?.attempt ?? earlier.length + 1;
  const total = earlier.length + (last ? 1 : 0);
  return (
    <section aria-label="Error" className="space-y-2 p-4">
      <h3 className="text-[11px] font-semibold uppercase tracking-wider text-red-700">
        {status === 'dead_letter' ? `Failed after ${formatCount(total)} attempts (no retries left)` : total > 1 ? `Failed on attempt ${lastAttempt} of ${total}` : 'Error'}
      </h3>
      <ol className="space-y-1.5">
        {earlier.map((a) => (
          <li key={`${a.attempt}-${a.at}`} className="rounded-md bg-amber-50 px-2.5 py-1.5 text-xs text-amber-900 ring-1 ring-inset ring-amber-200">
            <span className="font-semibold">Attempt {a.attempt}</span> <span className="text-amber-700">
              <LocalTime iso={a.at} timeOnly seconds />
            </span>: {a.error}
          </li>
        ))}
        {last ? (
          <li className="rounded-md bg-red-50 px-2.5 py-1.5 text-xs text-red-800 ring-1 ring-inset ring-red-200">
            <span className="font-semibold">Attempt {lastAttempt}</span>: {last}
          </li>
        ) : (
          <li className="text-xs text-slate-500">The error is being recorded…</li>
        )}
      </ol>
    </section>
  );
}
