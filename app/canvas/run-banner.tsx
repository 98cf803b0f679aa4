import { Link } from '@remix-run/react';
import { formatCount } from '../../engine/format-count';
import { LocalTime } from '../components/local-time';
import { StatusBadge } from '../components/ui/status-badge';
import type { StaleReason } from '../../engine/stale-nodes';
import { isRunActive, type RunState } from './editor-types';

const phaseText: Record<string, string> = { queued: 'queued', running: 'running', succeeded: 'succeeded', failed: 'failed', cancelled: 'cancelled' };

/**
 * Which run the canvas shows and when it ran; while it is going, that edits do not touch it (it runs the
 * version pinned at its start), and after it, how many steps changed since (those are marked stale).
 */
export function RunBanner({ run, stale, nodeIds }: { run: RunState; stale: ReadonlyMap<string, StaleReason>; nodeIds: ReadonlySet<string> }) {
  if (!run.id || run.phase === 'idle' || run.phase === 'starting') return null;
  const active = isRunActive(run.phase);
  const name = run.number ? `run #${run.number}` : 'the run started here';
  const removed = run.pinned?.nodes.filter((n) => !nodeIds.has(n.id)).length ?? 0;
  const downstream = [...stale.values()].filter((reason) => reason === 'upstream').length;
  const edited = stale.size - downstream + removed;
  const changed = edited + downstream;
  return (
    <div role="region" aria-label="Shown run" className="flex shrink-0 flex-wrap items-center gap-x-2 gap-y-1 border-b border-slate-200 bg-white px-4 py-1.5 text-xs text-slate-600">
      <StatusBadge status={run.phase} label={`Shown run: ${phaseText[run.phase]}`} />
      <span>
        {active ? 'Showing' : 'Results of'}{' '}
        <Link to={`/runs/${run.id}`} className="font-semibold text-slate-800 underline decoration-slate-300 hover:decoration-slate-800">
          {name}
        </Link>
        {run.createdAt ? (
          <>
            , started <LocalTime iso={run.createdAt} />
          </>
        ) : null}
        .
      </span>
      {active && changed > 0 ? (
        <span className="text-amber-800">
          It runs the version saved when it started; your edits apply to the next run.
        </span>
      ) : null}
      {!active && changed > 0 ? (
        <span className="text-amber-800">
          {describeChanges(edited, downstream)}
        </span>
      ) : null}
    </div>
  );
}

const steps = (n: number) => (n === 1 ? '1 step' : `${formatCount(n)} steps`);

/** The steps edited since the run, apart from the ones stale only because an earlier step changed. */
function describeChanges(edited: number, downstream: number): string {
  const after = downstream > 0 ? `, and ${steps(downstream)} after ${edited === 1 ? 'it' : 'them'} ${downstream === 1 ? 'uses' : 'use'} ${edited === 1 ? 'its' : 'their'} output` : '';
  return `${steps(edited)} changed since${after}; ${edited + downstream === 1 ? 'it is' : 'they are'} marked stale until the next run.`;
}
