import { eq } from 'drizzle-orm';
import type { Tx } from '../../db/client';
import { formatDuration } from '../../engine/format-duration';
import { notifyTeamEvent } from '../../db/queries/notifications';
import { pipelines, schedules, type runs } from '../../db/schema';
import { describeSchedule } from '../../engine/schedule/presets';

type Run = typeof runs.$inferSelect;
export type RunEnding = 'succeeded' | 'failed' | 'cancelled';

const EVENT = { succeeded: 'run_succeeded', failed: 'run_failed', cancelled: 'run_cancelled' } as const;
const VERB = { succeeded: 'succeeded', failed: 'failed', cancelled: 'was cancelled' } as const;

/**
 * Tells the people a run matters to that it ended, inside the transaction that ended it. They are whoever
 * started it and, for a scheduled run, whoever created the schedule (nobody watches a 3 a.m. run start).
 * `run` is the row as locked before the change; `error` is the run's final error, if any; `alsoTell` adds people
 * (whoever cancelled it).
 */
export async function notifyRunEnded(tx: Tx, run: Run, ending: RunEnding, error?: string | null, alsoTell: string[] = [], known: { pipelineName?: string } = {}) {
  // A caller that has the pipeline's name (startRun ending a fully cached run) saves this transaction a round trip.
  const [[pipeline], [schedule]] = await Promise.all([
    known.pipelineName !== undefined ? [{ name: known.pipelineName }] : tx.select({ name: pipelines.name }).from(pipelines).where(eq(pipelines.id, run.pipelineId)),
    run.scheduleId
      ? tx.select({ cron: schedules.cron, timezone: schedules.timezone, createdBy: schedules.createdBy }).from(schedules).where(eq(schedules.id, run.scheduleId))
      : [],
  ]);
  const name = pipeline?.name ?? 'A pipeline';
  const finishedAt = new Date();
  const ms = run.startedAt ? Math.max(0, finishedAt.getTime() - run.startedAt.getTime()) : undefined;
  const how = schedule ? `Scheduled run (${describeSchedule(schedule.cron, schedule.timezone)}). ` : '';
  const took = ms !== undefined ? `Took ${formatDuration(ms)}.` : '';
  const body = ending === 'succeeded' ? `${how}${took}`.trim() : `${how}${error ?? ''}`.trim();
  await notifyTeamEvent(tx, {
    event: EVENT[ending],
    teamId: run.teamId,
    title: `Run of "${name}" ${VERB[ending]}`,
    body: body || undefined,
    link: `/runs/${run.id}`,
    runId: run.id,
    recipients: [run.startedBy, schedule?.createdBy, ...alsoTell].filter((id): id is string => !!id),
    data: {
      run: {
        id: run.id,
        status: ending,
        pipelineId: run.pipelineId,
        pipelineName: name,
        trigger: run.trigger,
        scheduleId: run.scheduleId,
        startedAt: run.startedAt?.toISOString() ?? null,
        finishedAt: finishedAt.toISOString(),
        error: error ?? null,
      },
    },
  });
}
