import { Link } from '@remix-run/react';
import { useState } from 'react';
import { Button } from '../components/ui/button';
import { describeOutcome, formatInZone } from './format';
import { deleteSchedule, setSchedulePaused, type Schedule } from './schedules-client';

/**
 * One schedule: what it does in words, whether it is on, its next and last tick (with the run it started),
 * and pause/resume, edit and delete (delete asks once more inline).
 */
export function ScheduleItem({ schedule: s, canEdit, showPipeline, onChanged, onDeleted, onEdit }: { schedule: Schedule; canEdit: boolean; showPipeline?: boolean; onChanged(s: Schedule): void; onDeleted(id: string): void; onEdit?(): void }) {
  const [confirming, setConfirming] = useState(false);
  const [busy, setBusy] = useState(false);
  const [error, setError] = useState<string>();
  const act = async (work: () => Promise<void>) => {
    setBusy(true);
    setError(undefined);
    try {
      await work();
    } catch (e) {
      setError(e instanceof Error ? e.message : String(e));
    } finally {
      setBusy(false);
    }
  };
  const tick = s.lastTick;
  return (
    <li aria-label={`Schedule: ${s.description}`} className="space-y-1.5 border-b border-slate-100 px-3 py-2.5 text-sm">
      {showPipeline ? (
        <Link to={`/pipelines/${s.pipelineId}`} className="block font-medium text-indigo-600 hover:underline">
          {s.pipelineName}
        </Link>
      ) : null}
      <p className="font-medium text-slate-800">{s.description}</p>
      <p className="font-mono text-xs text-slate-500">
        {s.cron} · {s.timezone}
      </p>
      <p className="text-xs text-slate-600">
        {s.enabled ? (
          <span className="font-medium text-emerald-700">Active</span>
        ) : (
          <span className="font-medium text-amber-700">Paused</span>
        )}
        {' · '}
        {s.versionMode === 'pinned' ? (s.pinnedVersion ? `Runs pinned version v${s.pinnedVersion}` : 'Pinned version deleted') : 'Runs the latest saved draft'}
        {' · '}
        {s.overlap === 'skip' ? 'skips overlapping runs' : 'queues overlapping runs'}
      </p>
      {s.pausedReason ? (
        <p role="alert" className="rounded bg-amber-50 px-2 py-1 text-xs text-amber-800">
          {s.pausedReason}
        </p>
      ) : null}
      {s.enabled && s.nextRunAt ? (
        <p className="text-xs text-slate-600">
          Next run: <time dateTime={s.nextRunAt}>{formatInZone(s.nextRunAt, s.timezone)}</time>
        </p>
      ) : null}
      <p className="text-xs text-slate-600" aria-label="Last tick">
        {tick ? (
          <>
            Last tick <time dateTime={tick.tickAt}>{formatInZone(tick.tickAt, s.timezone)}</time>: {describeOutcome(tick.outcome)}
            {tick.runId ? (
              <>
                {' · '}
                <Link to={`/runs/${tick.runId}`} className="text-indigo-600 underline">
                  Open run
                </Link>
              </>
            ) : null}
          </>
        ) : (
          'No tick yet'
        )}
      </p>
      {error ? (
        <p role="alert" className="text-xs text-red-600">
          {error}
        </p>
      ) : null}
      {canEdit ? (
        <div className="flex flex-wrap gap-1.5 pt-0.5">
          <Button size="sm" disabled={busy} onClick={() => act(async () => onChanged(await setSchedulePaused(s.id, s.enabled)))}>
            {s.enabled ? 'Pause' : 'Resume'}
          </Button>
          {onEdit ? (
            <Button size="sm" disabled={busy} onClick={onEdit}>
              Edit
            </Button>
          ) : null}
          {confirming ? (
            <>
              <Button size="sm" variant="danger" disabled={busy} onClick={() => act(async () => { await deleteSchedule(s.id); onDeleted(s.id); })}>
                Delete schedule
              </Button>
              <Button size="sm" variant="ghost" onClick={() => setConfirming(false)}>
                Keep
              </Button>
            </>
          ) : (
            <Button size="sm" variant="ghost" className="!text-red-600" disabled={busy} onClick={() => setConfirming(true)}>
              Delete
            </Button>
          )}
        </div>
      ) : null}
    </li>
  );
}
