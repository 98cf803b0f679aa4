import { and, asc, desc, eq, getTableColumns, inArray, sql } from 'drizzle-orm';
import { nextTick } from '../../engine/schedule/cron';
import type { Db, Tx } from '../client';
import { pipelines, pipelineVersions, scheduleTicks, schedules } from '../schema';
import { isUuid } from './pipelines';

/**
 * NOTIFY channel the schedulers LISTEN on: a schedule changed (payload its id) or a scheduled run ended
 * (`run_ended:<scheduleId>`, from a trigger on runs; migration 0011). Either may move the next wake-up.
 */
export const SCHEDULES_CHANNEL = 'pipewright_schedules';

export type Schedule = typeof schedules.$inferSelect;
export type ScheduleTick = typeof scheduleTicks.$inferSelect;
export type ScheduleFields = Pick<Schedule, 'cron' | 'timezone' | 'enabled' | 'versionMode' | 'pinnedVersionId' | 'overlap' | 'missedTicks'>;

const notifySchedulers = (db: Db | Tx, scheduleId: string) => db.execute(sql`select pg_notify(${SCHEDULES_CHANNEL}, ${scheduleId})`);

/** When an enabled schedule next fires, counted from now: ticks that passed while it was paused never run. */
const nextRunFrom = (f: Pick<Schedule, 'cron' | 'timezone' | 'enabled'>, now = new Date()) => (f.enabled ? nextTick(f.cron, f.timezone, now) : null);

/** The team's schedules (of one pipeline when given), oldest first, with the pipeline's name and pinned version number. */
export function listSchedules(db: Db, teamId: string, pipelineId?: string) {
  if (pipelineId && !isUuid(pipelineId)) return Promise.resolve([]);
  return db
    .select({ ...getTableColumns(schedules), pipelineName: pipelines.name, pinnedVersion: pipelineVersions.version })
    .from(schedules)
    .innerJoin(pipelines, eq(pipelines.id, schedules.pipelineId))
    .leftJoin(pipelineVersions, eq(pipelineVersions.id, schedules.pinnedVersionId))
    .where(and(eq(schedules.teamId, teamId), pipelineId ? eq(schedules.pipelineId, pipelineId) : undefined))
    .orderBy(asc(schedules.createdAt), asc(schedules.id));
}
export type ListedSchedule = Awaited<ReturnType<typeof listSchedules>>[number];

export async function findSchedule(db: Db | Tx, teamId: string, id: string) {
  if (!isUuid(id)) return undefined;
  const [row] = await db.select().from(schedules).where(and(eq(schedules.id, id), eq(schedules.teamId, teamId)));
  return row;
}

export async function findListedSchedule(db: Db, teamId: string, id: string) {
  const rows = await listSchedules(db, teamId);
  return rows.find((r) => r.id === id);
}

/** The latest tick of each schedule. */
export async function lastTicks(db: Db, scheduleIds: string[]) {
  if (scheduleIds.length === 0) return new Map<string, ScheduleTick>();
  const rows = await db
    .selectDistinctOn([scheduleTicks.scheduleId])
    .from(scheduleTicks)
    .where(inArray(scheduleTicks.scheduleId, scheduleIds))
    .orderBy(scheduleTicks.scheduleId, desc(scheduleTicks.tickAt));
  return new Map(rows.map((r) => [r.scheduleId, r]));
}

export function listTicks(db: Db, scheduleId: string, limit: number) {
  return db.select().from(scheduleTicks).where(eq(scheduleTicks.scheduleId, scheduleId)).orderBy(desc(scheduleTicks.tickAt)).limit(limit);
}

export async function insertSchedule(db: Db, who: { teamId: string; userId: string }, pipelineId: string, f: ScheduleFields) {
  const [row] = await db
    .insert(schedules)
    .values({ ...f, teamId: who.teamId, pipelineId, createdBy: who.userId, nextRunAt: nextRunFrom(f) })
    .returning();
  await notifySchedulers(db, row!.id);
  return row!;
}

/** Saves new settings and counts the next tick from now; saving it disabled drops ticks waiting for a previous run, as a pause does. */
export async function updateSchedule(db: Db, teamId: string, id: string, f: ScheduleFields) {
  return db.transaction(async (tx) => {
    const [row] = await tx
      .update(schedules)
      .set({ ...f, nextRunAt: nextRunFrom(f), pausedReason: f.enabled ? null : sql`${schedules.pausedReason}`, updatedAt: new Date() })
      .where(and(eq(schedules.id, id), eq(schedules.teamId, teamId)))
      .returning();
    if (!row) return undefined;
    if (!f.enabled) await dropQueuedTicks(tx, row.id);
    await notifySchedulers(tx, row.id);
    return row;
  });
}

/**
 * Pause (by a person: no reason) or resume; resuming clears the system's pause reason and skips the ticks
 * passed meanwhile. Pausing drops ticks still waiting for a previous run: a resume starts afresh.
 */
export async function setScheduleEnabled(db: Db, teamId: string, id: string, enabled: boolean) {
  const current = await findSchedule(db, teamId, id);
  if (!current) return undefined;
  const nextRunAt = nextRunFrom({ ...current, enabled });
  return db.transaction(async (tx) => {
    const [row] = await tx.update(schedules).set({ enabled, pausedReason: null, nextRunAt, updatedAt: new Date() }).where(eq(schedules.id, id)).returning();
    if (!enabled) await dropQueuedTicks(tx, id);
    await notifySchedulers(tx, id);
    return row;
  });
}

export async function dropQueuedTicks(tx: Tx, scheduleId: string) {
  await tx
    .update(scheduleTicks)
    .set({ outcome: 'skipped_paused', message: 'Not run: the schedule was paused while this tick waited for the previous run.' })
    .where(and(eq(scheduleTicks.scheduleId, scheduleId), eq(scheduleTicks.outcome, 'queued')));
}

export async function deleteSchedule(db: Db, teamId: string, id: string) {
  if (!isUuid(id)) return false;
  const deleted = await db.delete(schedules).where(and(eq(schedules.id, id), eq(schedules.teamId, teamId))).returning({ id: schedules.id });
  if (deleted.length > 0) await notifySchedulers(db, id);
  return deleted.length > 0;
}

/** The version a pinned schedule may run: one of this pipeline's saved versions. */
export async function findVersionOf(db: Db, pipelineId: string, versionId: string) {
  if (!isUuid(versionId)) return undefined;
  const [row] = await db.select().from(pipelineVersions).where(and(eq(pipelineVersions.id, versionId), eq(pipelineVersions.pipelineId, pipelineId)));
  return row;
}
