import { Link, useNavigate } from '@remix-run/react';
import { useRef, useState, type ReactNode } from 'react';
import { formatCount } from '../../engine/format-count';
import { messageOf, newIdempotencyKey, requestGraphQL } from '~/canvas/graphql-client';
import { formatDuration } from '../../engine/format-duration';
import { LocalTime } from '~/components/local-time';
import { Button } from '~/components/ui/button';
import { pinnedVersionHref } from '~/routes/runs-list/run-actions';
import type { RunPageData } from '~/run-page.server';
import { RunStatusBadge } from './run-status';

const RERUN = /* GraphQL */ `
  mutation RerunRun($runId: ID!, $fromNodeId: ID, $idempotencyKey: String) {
    rerunRun(runId: $runId, fromNodeId: $fromNodeId, idempotencyKey: $idempotencyKey) { id }
  }
`;

type Run = RunPageData['run'];


function triggerText(run: Run, labelOf: (id: string) => string) {
  const parts: string[] = [];
  if (run.trigger === 'schedule') parts.push(run.scheduleDescription ? `Scheduled (${run.scheduleDescription})` : 'Scheduled (schedule deleted)');
  else parts.push(`${run.trigger === 'api' ? 'Started through the API' : 'Started'}${run.startedBy ? ` by ${run.startedBy}` : ''}`);
  if (run.rerunOfRunId) parts.push(`rerun of run #${run.rerunOfNumber ?? '?'}${run.rerunFromNodeId ? ` from ${labelOf(run.rerunFromNodeId)}` : ''}`);
  if (run.force) parts.push('forced (no cached outputs)');
  return parts.join(', ');
}

/**
 * Which run this is and what can be done with it: its pipeline, number, status, trigger, who started it,
 * when, for how long, its pinned version; Rerun, Rerun from the failed node, Open the pinned version.
 * `cancelSlot` (the Cancel run button) shows while the run is active.
 */
export function RunHeader({
  run,
  phase,
  durationMs,
  done,
  total,
  failedNode,
  canEdit,
  labelOf,
  cancelSlot,
}: {
  run: Run;
  phase: string;
  durationMs: number | undefined;
  done: number;
  total: number;
  failedNode?: { id: string; label: string };
  canEdit: boolean;
  labelOf: (id: string) => string;
  cancelSlot?: ReactNode;
}) {
  const navigate = useNavigate();
  const [pending, setPending] = useState<string>();
  const [error, setError] = useState<string>();
  // Set synchronously, so a double click starts one run (the key makes a retried request start one too).
  const busy = useRef(false);
  const rerun = async (fromNodeId?: string) => {
    if (busy.current) return;
    busy.current = true;
    setPending(fromNodeId ?? 'all');
    setError(undefined);
    try {
      const data = await requestGraphQL<{ rerunRun: { id: string } }>(RERUN, { runId: run.id, fromNodeId: fromNodeId ?? null, idempotencyKey: newIdempotencyKey() });
      navigate(`/runs/${data.rerunRun.id}`);
    } catch (e) {
      setError(`Could not start the rerun: ${messageOf(e)}`);
    } finally {
      busy.current = false;
      setPending(undefined);
    }
  };
  const active = phase === 'queued' || phase === 'running';
  return (
    <div className="border-b border-slate-200 bg-white px-4 py-3">
      <div className="flex flex-wrap items-start justify-between gap-3">
        <div className="min-w-0 space-y-1">
          <div className="flex flex-wrap items-center gap-2">
            <h1 className="text-lg font-semibold text-slate-900">
              <Link to={`/pipelines/${run.pipelineId}`} className="hover:underline">
                {run.pipelineName}
              </Link>{' '}
              <span className="text-slate-500">· Run #{run.number}</span>
            </h1>
            <RunStatusBadge status={phase} label={`Run status: ${phase}`} />
          </div>
          <dl className="flex flex-wrap gap-x-5 gap-y-1 text-xs text-slate-600">
            <Fact term="Trigger">{triggerText(run, labelOf)}</Fact>
            <Fact term="Started">
              <LocalTime iso={run.startedAt ?? run.createdAt} />
            </Fact>
            <Fact term="Duration">{durationMs === undefined ? 'not started' : `${formatDuration(durationMs)}${active ? ' so far' : ''}`}</Fact>
            <Fact term="Progress">
              {formatCount(done)} of {formatCount(total)} steps done
            </Fact>
            <Fact term="Version">v{run.pipelineVersion}</Fact>
          </dl>
        </div>
        <div className="flex flex-wrap items-center gap-2">
          {active ? cancelSlot : null}
          {canEdit && failedNode && !active ? (
            <Button variant="primary" size="sm" disabled={pending !== undefined} onClick={() => void rerun(failedNode.id)}>
              {pending === failedNode.id ? 'Starting…' : `Rerun from ${failedNode.label}`}
            </Button>
          ) : null}
          {canEdit ? (
            <Button size="sm" disabled={pending !== undefined} onClick={() => void rerun()}>
              {pending === 'all' ? 'Starting…' : 'Rerun'}
            </Button>
          ) : null}
          <Link
            to={pinnedVersionHref(run)}
            className="inline-flex h-7 items-center rounded-md bg-white px-2 text-xs text-slate-700 shadow-sm ring-1 ring-inset ring-slate-300 hover:bg-slate-50"
          >
            Open version {run.pipelineVersion} in the editor
          </Link>
        </div>
      </div>
      {run.error && !active ? (
        <p role="alert" className="mt-2 rounded-md bg-red-50 px-3 py-1.5 text-sm text-red-800">
          {run.error}
        </p>
      ) : null}
      {error ? (
        <p role="alert" className="mt-2 rounded-md bg-red-50 px-3 py-1.5 text-sm text-red-800">
          {error}
        </p>
      ) : null}
    </div>
  );
}

function Fact({ term, children }: { term: string; children: ReactNode }) {
  return (
    <div className="flex gap-1">
      <dt className="text-slate-400">{term}</dt>
      <dd className="text-slate-700">{children}</dd>
    </div>
  );
}
