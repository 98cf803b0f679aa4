import { and, asc, eq, inArray, lte, min, sql } from 'drizzle-orm';
import type { Db, Sql, Tx } from '../db/client';
import { notifyTeamEvent } from '../db/queries/notifications';
import { dropQueuedTicks, SCHEDULES_CHANNEL, type Schedule } from '../db/queries/schedules';
import { memberships, pipelines, runs, scheduleTicks, schedules } from '../db/schema';
import { nextTick, ticksBetween } from '../engine/schedule/cron';
import { describeSchedule } from '../engine/schedule/presets';
import { GraphInvalidError, RerunError, startRun, type LifecycleDeps } from './run-lifecycle';
import { createScheduleChecks, graphToRun, ScheduleNeedsCheck } from './schedule-checks';

export type SchedulerOptions = {
  /** A due tick older than this was missed (nothing was up to fire it): the schedule's missedTicks rule applies. */
  missedAfterMs?: number;
  /** Longest sleep between passes, a safety net under the timer and LISTEN wake-ups. */
  maxSleepMs?: number;
};

const MISSED_AFTER_MS = 60_000;
const MAX_SLEEP_MS = 5 * 60_000;
/** While a tick waits for its schedule's previous run, look again at least this often (the run-ended NOTIFY is the usual wake-up). */
const QUEUED_RECHECK_MS = 30_000;
const RETRY_AFTER_ERROR_MS = 5_000;
const ACTIVE_RUN = ['queued', 'running'] as const;

/**
 * Fires schedule ticks. Every worker process runs one; each tick starts exactly one run however many do:
 * a pass locks a due schedule row (FOR UPDATE SKIP LOCKED), records the tick under the primary key
 * (schedule, tick time), moves next_run_at forward and starts the run, all in one transaction. Between passes
 * it sleeps until the earliest next_run_at, and wakes early on a NOTIFY that a schedule changed or a
 * scheduled run ended.
 */
export async function startScheduler(deps: LifecycleDeps & { sql: Sql }, opts: SchedulerOptions = {}) {
  const missedAfterMs = opts.missedAfterMs ?? MISSED_AFTER_MS;
  const maxSleepMs = opts.maxSleepMs ?? MAX_SLEEP_MS;
  let timer: NodeJS.Timeout | undefined;
  let running: Promise<void> | undefined;
  let again = false;
  let stopped = false;
  const checks = createScheduleChecks(deps.datasets);

  async function pass() {
    checks.clear();
    try {
      while (!stopped && (await checkedOutsideLock(fireDueTick))) {}
      while (!stopped && (await checkedOutsideLock(startQueuedTick))) {}
      if (!stopped) arm(await sleepMs());
    } catch (error) {
      console.error('[scheduler] a pass failed; trying again shortly', error);
      if (!stopped) arm(RETRY_AFTER_ERROR_MS);
    }
  }

  /** One pass at a time per process; a wake-up during a pass runs one more pass after it. */
  function kick() {
    if (stopped) return;
    if (running) {
      again = true;
      return;
    }
    running = pass().finally(() => {
      running = undefined;
      if (again) {
        again = false;
        kick();
      }
    });
  }

  /** Runs a locked step; one that needs its graph checked first rolls back, is checked unlocked, and goes again. */
  async function checkedOutsideLock(step: () => Promise<boolean>) {
    try {
      return await step();
    } catch (error) {
      if (!(error instanceof ScheduleNeedsCheck)) throw error;
      await checks.check(error);
      return true;
    }
  }

  function arm(ms: number) {
    clearTimeout(timer);
    timer = setTimeout(kick, Math.max(0, Math.min(ms, maxSleepMs)));
  }

  async function sleepMs() {
    const [next] = await deps.db.select({ at: min(schedules.nextRunAt) }).from(schedules).where(eq(schedules.enabled, true));
    const [queued] = await deps.db.select({ n: sql<number>`count(*)::int` }).from(scheduleTicks).where(eq(scheduleTicks.outcome, 'queued'));
    const untilNext = next?.at ? new Date(next.at).getTime() - Date.now() : maxSleepMs;
    return queued!.n > 0 ? Math.min(untilNext, QUEUED_RECHECK_MS) : untilNext;
  }

  function fireDueTick() {
    return deps.db.transaction(async (tx) => {
      const now = new Date();
      const [s] = await tx
        .select()
        .from(schedules)
        .where(and(eq(schedules.enabled, true), lte(schedules.nextRunAt, now)))
        .orderBy(asc(schedules.nextRunAt))
        .limit(1)
        .for('update', { skipLocked: true });
      if (!s) return false;
      await handleDueTick(tx, s, now);
      return true;
    });
  }

  async function handleDueTick(tx: Tx, s: Schedule, now: Date) {
    const due = s.nextRunAt!;
    let tick = due;
    let missed: string | undefined;
    try {
      if (now.getTime() - due.getTime() > missedAfterMs) {
        const span = ticksBetween(s.cron, s.timezone, new Date(due.getTime() - 1), now);
        tick = span.latest ?? due;
        const count = span.capped ? `More than ${span.count.toLocaleString('en-US')}` : String(span.count);
        missed = `${count} tick${span.count === 1 ? '' : 's'} from ${due.toISOString()} to ${tick.toISOString()} passed while no scheduler was running`;
      }
      await tx.update(schedules).set({ nextRunAt: nextTick(s.cron, s.timezone, tick), lastRunAt: tick }).where(eq(schedules.id, s.id));
    } catch (error) {
      // Only a schedule saved before validation existed, or edited by hand, gets here.
      return pauseInvalid(tx, s, due, `Its cron expression or time zone no longer works (${error instanceof Error ? error.message : error}); fix them and resume.`);
    }
    if (missed && s.missedTicks === 'skip') {
      return recordTick(tx, s.id, tick, 'skipped_missed', `${missed}; this schedule skips missed ticks.`);
    }
    const note = missed ? `${missed}; ran once for the latest.` : undefined;
    const [active] = await tx
      .select({ id: runs.id })
      .from(runs)
      .where(and(eq(runs.scheduleId, s.id), inArray(runs.status, ACTIVE_RUN)))
      .limit(1);
    const [waiting] = await tx.select({ tickAt: scheduleTicks.tickAt }).from(scheduleTicks).where(and(eq(scheduleTicks.scheduleId, s.id), eq(scheduleTicks.outcome, 'queued'))).limit(1);
    if (active || waiting) {
      const previous = active ? `run ${active.id} of an earlier tick is still going` : 'an earlier tick is still waiting to run';
      if (s.overlap === 'skip') return recordTick(tx, s.id, tick, 'skipped_overlap', `Skipped: ${previous} (overlap: skip).`);
      return recordTick(tx, s.id, tick, 'queued', `Waiting: ${previous}; this run starts when it ends (overlap: queue).`);
    }
    if (!(await recordTick(tx, s.id, tick, 'started', note))) return;
    await startTickRun(tx, s, tick);
  }

  /** The earliest queued tick of a schedule whose previous run has ended. */
  function startQueuedTick() {
    return deps.db.transaction(async (tx) => {
      const [s] = await tx
        .select()
        .from(schedules)
        .where(and(eq(schedules.enabled, true), sql`exists (select 1 from schedule_ticks t where t.schedule_id = ${schedules.id} and t.outcome = 'queued')`, sql`not exists (select 1 from runs r where r.schedule_id = ${schedules.id} and r.status in ('queued', 'running'))`))
        .limit(1)
        .for('update', { skipLocked: true });
      if (!s) return false;
      // Read again under the lock: this statement's snapshot sees a run another process started just before we locked.
      const [active] = await tx.select({ id: runs.id }).from(runs).where(and(eq(runs.scheduleId, s.id), inArray(runs.status, ACTIVE_RUN))).limit(1);
      const [tick] = await tx.select().from(scheduleTicks).where(and(eq(scheduleTicks.scheduleId, s.id), eq(scheduleTicks.outcome, 'queued'))).orderBy(asc(scheduleTicks.tickAt)).limit(1);
      if (active || !tick) return true;
      await tx.update(scheduleTicks).set({ outcome: 'started', message: 'Started when the previous run ended (overlap: queue).' }).where(and(eq(scheduleTicks.scheduleId, s.id), eq(scheduleTicks.tickAt, tick.tickAt)));
      await startTickRun(tx, s, tick.tickAt);
      return true;
    });
  }

  async function startTickRun(tx: Tx, s: Schedule, tick: Date) {
    if (s.versionMode === 'pinned' && !s.pinnedVersionId) {
      return pauseInvalid(tx, s, tick, 'The version it was pinned to no longer exists; choose another version or "Latest saved", then resume.');
    }
    const graph = await graphToRun(tx, s);
    const datasets = graph ? checks.datasetsFor(s, graph) : deps.datasets;
    try {
      // startRun opens a savepoint in this transaction: the tick, next_run_at and the run commit together or not at all.
      const run = await startRun({ ...deps, db: tx as unknown as Db, datasets }, { teamId: s.teamId, userId: null }, s.pipelineId, {
        trigger: 'schedule',
        scheduleId: s.id,
        versionId: s.versionMode === 'pinned' ? s.pinnedVersionId! : undefined,
        idempotencyKey: `schedule-${s.id}-${tick.getTime()}`,
      });
      await tx.update(scheduleTicks).set({ runId: run?.id ?? null }).where(and(eq(scheduleTicks.scheduleId, s.id), eq(scheduleTicks.tickAt, tick)));
    } catch (error) {
      if (error instanceof GraphInvalidError) return pauseInvalid(tx, s, tick, `The pipeline no longer validates: ${error.problems.map((p) => p.message).join(' ')} Fix the pipeline, then resume the schedule.`);
      if (error instanceof RerunError) return pauseInvalid(tx, s, tick, `${error.message} Choose another version, then resume.`);
      throw error;
    }
  }

  const listener = await deps.sql.listen(SCHEDULES_CHANNEL, kick, kick);
  return {
    /** Runs a pass now (tests; a start-up catch-up happens anyway through the listener's connect). */
    kick,
    async stop() {
      stopped = true;
      clearTimeout(timer);
      await listener.unlisten();
      await running;
    },
  };
}

/** Records a tick; false when another process already recorded it (the primary key says who won). */
async function recordTick(tx: Tx, scheduleId: string, tickAt: Date, outcome: string, message?: string) {
  const inserted = await tx.insert(scheduleTicks).values({ scheduleId, tickAt, outcome, message }).onConflictDoUpdate({
    target: [scheduleTicks.scheduleId, scheduleTicks.tickAt],
    set: { outcome, message },
    // Only a tick that never started a run may be rewritten (a paused tick being retried after a resume).
    setWhere: sql`${scheduleTicks.runId} is null and ${scheduleTicks.outcome} <> 'started'`,
  }).returning({ at: scheduleTicks.tickAt });
  return inserted.length > 0;
}

/** Stops a schedule that cannot run, says why on the schedule and the tick, and tells its creator and the team owners. */
async function pauseInvalid(tx: Tx, s: Schedule, tick: Date, reason: string) {
  await tx.update(schedules).set({ enabled: false, pausedReason: reason, nextRunAt: null, updatedAt: new Date() }).where(eq(schedules.id, s.id));
  await dropQueuedTicks(tx, s.id);
  await tx
    .insert(scheduleTicks)
    .values({ scheduleId: s.id, tickAt: tick, outcome: 'paused_invalid', message: reason })
    .onConflictDoUpdate({ target: [scheduleTicks.scheduleId, scheduleTicks.tickAt], set: { outcome: 'paused_invalid', message: reason, runId: null } });
  const [pipeline] = await tx.select({ name: pipelines.name }).from(pipelines).where(eq(pipelines.id, s.pipelineId));
  const owners = await tx.select({ userId: memberships.userId }).from(memberships).where(and(eq(memberships.teamId, s.teamId), eq(memberships.role, 'owner')));
  await notifyTeamEvent(tx, {
    event: 'schedule_paused',
    teamId: s.teamId,
    title: `Schedule paused: ${pipeline?.name ?? 'a pipeline'} (${describeSchedule(s.cron, s.timezone)})`,
    body: reason,
    link: `/schedules`,
    recipients: [s.createdBy, ...owners.map((o) => o.userId)].filter((id): id is string => id !== null),
  });
}
