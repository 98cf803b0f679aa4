import { and, count, desc, eq, getTableColumns, gte, inArray, or, sql, type SQL } from 'drizzle-orm';
import type { Db } from '../client';
import { pipelines, pipelineVersions, runs, runStatuses, runTriggers, schedules, users, type RunStatus, type RunTrigger } from '../schema';
import { describeSchedule } from '../../engine/schedule/presets';
import { isUuid } from './pipelines';

export type RunListFilter = { pipelineId?: string; status?: RunStatus; trigger?: RunTrigger };

const isRunStatus = (s: string): s is RunStatus => (runStatuses as readonly string[]).includes(s);
const isRunTrigger = (s: string): s is RunTrigger => (runTriggers as readonly string[]).includes(s);

/**
 * The runs list's filters as the API and the page's URL give them (empty means any), checked: a refusal names
 * the filter and the values it takes. Whether the pipeline is the team's is the caller's check.
 */
export function readRunListFilter(raw: { pipelineId?: string | null; status?: string | null; trigger?: string | null }):
  | { filter: RunListFilter }
  | { error: string; argument: 'pipelineId' | 'status' | 'trigger' } {
  const { pipelineId, status, trigger } = raw;
  if (pipelineId && !isUuid(pipelineId)) return { error: `pipelineId "${pipelineId}" is not a pipeline id (a UUID).`, argument: 'pipelineId' };
  if (status && !isRunStatus(status)) {
    return { error: `status "${status}" is not a run status: use one of ${runStatuses.join(', ')}.`, argument: 'status' };
  }
  if (trigger && !isRunTrigger(trigger)) {
    return { error: `trigger "${trigger}" is not a run trigger: use one of ${runTriggers.join(', ')}.`, argument: 'trigger' };
  }
  return {
    filter: {
      ...(pipelineId ? { pipelineId } : {}),
      ...(status && isRunStatus(status) ? { status } : {}),
      ...(trigger && isRunTrigger(trigger) ? { trigger } : {}),
    },
  };
}

/**
 * A run with what the runs list shows of it: its number among its pipeline's runs (1 for the first, counted
 * by creation time in SQL, whose microseconds a JavaScript Date would round), the pipeline's name, the
 * pinned version's number, who started it, or which schedule.
 */
function selectRunDetails(db: Db) {
  return db
    .select({
      ...getTableColumns(runs),
      number: sql<number>`(select count(*)::int from runs as earlier where earlier.pipeline_id = ${runs.pipelineId} and earlier.created_at <= ${runs.createdAt})`,
      pipelineName: pipelines.name,
      pipelineVersion: pipelineVersions.version,
      starterName: users.name,
      starterEmail: users.email,
      scheduleCron: schedules.cron,
      scheduleTimezone: schedules.timezone,
    })
    .from(runs)
    .innerJoin(pipelines, eq(pipelines.id, runs.pipelineId))
    .innerJoin(pipelineVersions, eq(pipelineVersions.id, runs.pipelineVersionId))
    .leftJoin(users, eq(users.id, runs.startedBy))
    .leftJoin(schedules, eq(schedules.id, runs.scheduleId));
}

type DetailRow = Awaited<ReturnType<ReturnType<typeof selectRunDetails>['execute']>>[number];

function toRunDetails({ starterName, starterEmail, scheduleCron, scheduleTimezone, ...run }: DetailRow) {
  return {
    ...run,
    starter: starterEmail != null ? { name: starterName ?? '', email: starterEmail } : null,
    schedule: run.scheduleId && scheduleCron != null ? scheduleSummary(run.scheduleId, scheduleCron, scheduleTimezone ?? 'UTC') : null,
  };
}

const scheduleSummary = (id: string, cron: string, timezone: string) => ({ id, cron, timezone, description: describeSchedule(cron, timezone) });

export type RunDetails = ReturnType<typeof toRunDetails>;

const teamRunsWhere = (teamId: string, filter: RunListFilter): SQL | undefined =>
  and(
    eq(runs.teamId, teamId),
    filter.pipelineId ? eq(runs.pipelineId, filter.pipelineId) : undefined,
    filter.status ? eq(runs.status, filter.status) : undefined,
    filter.trigger ? eq(runs.trigger, filter.trigger) : undefined,
  );

/** One page of the team's runs, newest first, and how many match the filter in all. */
export async function listTeamRuns(db: Db, teamId: string, filter: RunListFilter, page: { limit: number; offset: number }) {
  const where = teamRunsWhere(teamId, filter);
  const [rows, [totals]] = await Promise.all([
    // The id breaks ties between runs created in the same microsecond, so pages never overlap.
    selectRunDetails(db).where(where).orderBy(desc(runs.createdAt), desc(runs.id)).limit(page.limit).offset(page.offset),
    db.select({ total: count() }).from(runs).where(where),
  ]);
  return { runs: rows.map(toRunDetails), total: totals?.total ?? 0 };
}

/** The runs, of this team only, among `runIds`; others' ids are silently left out. */
export async function findTeamRunDetails(db: Db, teamId: string, runIds: string[]) {
  if (runIds.length === 0) return [];
  const rows = await selectRunDetails(db).where(and(eq(runs.teamId, teamId), inArray(runs.id, runIds)));
  return rows.map(toRunDetails);
}

/** The team's runs created or finished since `since`, newest first: what a feed that missed notifications re-sends. */
export async function listTeamRunsChangedSince(db: Db, teamId: string, since: Date, limit = 50) {
  const rows = await selectRunDetails(db)
    .where(and(eq(runs.teamId, teamId), or(gte(runs.createdAt, since), gte(runs.finishedAt, since), inArray(runs.status, ['queued', 'running']))))
    .orderBy(desc(runs.createdAt))
    .limit(limit);
  return rows.map(toRunDetails);
}

/** The team a run belongs to (never changes, so callers may cache it); undefined once the run is deleted. */
export async function findRunTeam(db: Db, runId: string) {
  const [row] = await db.select({ teamId: runs.teamId }).from(runs).where(eq(runs.id, runId));
  return row?.teamId;
}

/** The team's pipelines by name, for the runs list's pipeline filter. */
export function listTeamPipelineNames(db: Db, teamId: string) {
  return db.select({ id: pipelines.id, name: pipelines.name }).from(pipelines).where(eq(pipelines.teamId, teamId)).orderBy(pipelines.name);
}
