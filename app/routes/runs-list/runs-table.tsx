import { Link } from '@remix-run/react';
import { useEffect, useState } from 'react';
import { formatDuration } from '../../../engine/format-duration';
import { When } from '~/components/when';
import { StatusBadge } from '~/components/ui/status-badge';
import type { RunListRow } from '~/runs-page.server';
import { TableHead, type Heading } from '../datasets/table-head';
import { RunActions, type StartedRun } from './run-actions';
import { runDurationMs, statusLabels, triggerLabels } from './run-format';

/** Below `lg` the trigger and version columns fold under the pipeline's name, so the row's actions fit without scrolling sideways. */
const WIDE_ONLY = 'hidden lg:table-cell';
const HEADINGS: Heading[] = ['Run', 'Status', 'Pipeline', { label: 'Trigger', className: WIDE_ONLY }, 'Started', 'Duration', { label: 'Version', className: WIDE_ONLY }];

/**
 * Now, ticking every second while a run is going (durations and "started … ago" stay true); null in the
 * server render and the first client one, so hydration matches.
 */
function useNow(ticking: boolean) {
  const [now, setNow] = useState<number | null>(null);
  useEffect(() => {
    setNow(Date.now());
    if (!ticking) return;
    const timer = setInterval(() => setNow(Date.now()), 1_000);
    return () => clearInterval(timer);
  }, [ticking]);
  return now;
}

type Props = { runs: RunListRow[]; canEdit: boolean; onStarted(r: StartedRun): void; onError(message: string): void };

export function RunsTable({ runs, canEdit, onStarted, onError }: Props) {
  const now = useNow(runs.some((r) => r.status === 'running' || r.status === 'queued'));
  return (
    <div className="overflow-x-auto rounded-xl border border-slate-200 bg-white">
      <table className="min-w-full text-sm">
        <caption className="sr-only">Runs</caption>
        <TableHead headings={HEADINGS} actions />
        <tbody className="divide-y divide-slate-100">
          {runs.map((run) => (
            <tr key={run.id} aria-label={`Run #${run.number} of ${run.pipelineName}`}>
              <th scope="row" className="whitespace-nowrap px-3 py-2 text-left font-medium">
                <Link to={`/runs/${run.id}`} className="text-indigo-700 hover:underline" aria-label={`Run #${run.number} of ${run.pipelineName}`}>
                  #{run.number}
                </Link>
              </th>
              <td className="px-3 py-2">
                <span className="flex items-center gap-1.5">
                  <StatusBadge status={run.status} label={`Run #${run.number} status: ${statusLabels[run.status].toLowerCase()}`} />
                  {run.cancelRequested && (run.status === 'queued' || run.status === 'running') ? <span className="text-xs text-slate-500">cancelling…</span> : null}
                </span>
              </td>
              <td className="max-w-[16rem] truncate px-3 py-2" title={run.pipelineName}>
                <Link to={`/pipelines/${run.pipelineId}`} className="text-slate-800 hover:underline">
                  {run.pipelineName}
                </Link>
                <span className="block text-xs text-slate-500 lg:hidden">
                  {triggerLabels[run.trigger]} · v{run.pipelineVersion}
                </span>
              </td>
              <td className={`px-3 py-2 ${WIDE_ONLY}`}>
                <TriggerCell run={run} />
              </td>
              <td className="whitespace-nowrap px-3 py-2 text-slate-600">
                <When iso={run.createdAt} now={now ?? undefined} />
              </td>
              <td className="whitespace-nowrap px-3 py-2 tabular-nums text-slate-600">{durationText(run, now)}</td>
              <td className={`whitespace-nowrap px-3 py-2 tabular-nums text-slate-600 ${WIDE_ONLY}`}>v{run.pipelineVersion}</td>
              <td className="whitespace-nowrap px-3 py-2">
                <RunActions run={run} canEdit={canEdit} onStarted={onStarted} onError={onError} />
              </td>
            </tr>
          ))}
        </tbody>
      </table>
    </div>
  );
}

function durationText(run: RunListRow, now: number | null) {
  if (!run.startedAt) return run.status === 'queued' ? 'waiting' : '—';
  // Before the clock is known (server render) a running run shows nothing rather than a wrong figure.
  const ms = runDurationMs(run, run.finishedAt ? 0 : (now ?? Number.NaN));
  return Number.isNaN(ms) || ms === null ? '' : formatDuration(ms);
}

function TriggerCell({ run }: { run: RunListRow }) {
  const rerun = run.rerunOfRunId ? (run.rerunFromNodeId ? 'rerun from a step' : 'rerun') : null;
  const detail =
    run.trigger === 'schedule'
      ? run.schedule
        ? run.schedule.description
        : 'a deleted schedule'
      : (run.starter?.name || run.starter?.email) ?? 'a deleted account';
  return (
    <span className="block leading-tight">
      <span className="text-slate-800">{triggerLabels[run.trigger]}</span>
      {run.force ? <span className="ml-1 rounded bg-amber-50 px-1 text-[10px] font-semibold uppercase text-amber-700">forced</span> : null}
      <span className="block max-w-[14rem] truncate text-xs text-slate-500" title={run.starter?.email ?? detail}>
        {detail}
        {rerun ? ` · ${rerun}` : ''}
      </span>
    </span>
  );
}
