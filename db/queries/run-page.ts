import { and, asc, eq, sql, type SQLWrapper } from 'drizzle-orm';
import { alias } from 'drizzle-orm/pg-core';
import type { Db } from '../client';
import { nodeRuns, pipelines, pipelineVersions, runs, schedules, users } from '../schema';
import { describeSchedule } from '../../engine/schedule/presets';
import { isUuid } from './pipelines';

const earlierRuns = alias(runs, 'rerun_of');

/**
 * Everything the run page shows of one of the team's runs: the run, its pipeline and pinned version (with
 * the graph as it ran), who or which schedule started it, its number among the pipeline's runs, and each
 * node's stored state (attempts and errors included). Undefined for another team's run or a malformed id.
 */
export async function findRunForPage(db: Db, teamId: string, runId: string) {
  if (!isUuid(runId)) return undefined;
  const runNumber = (at: SQLWrapper, pipeline: SQLWrapper) =>
    sql<number>`(select count(*)::int from runs as earlier where earlier.pipeline_id = ${pipeline} and earlier.created_at <= ${at})`;
  const [run] = await db
    .select({
      id: runs.id,
      status: runs.status,
      error: runs.error,
      trigger: runs.trigger,
      force: runs.force,
      createdAt: runs.createdAt,
      startedAt: runs.startedAt,
      finishedAt: runs.finishedAt,
      cancelRequestedAt: runs.cancelRequestedAt,
      pipelineId: runs.pipelineId,
      pipelineName: pipelines.name,
      pipelineVersion: pipelineVersions.version,
      graph: pipelineVersions.graph,
      number: runNumber(runs.createdAt, runs.pipelineId),
      startedBy: users.email,
      scheduleId: runs.scheduleId,
      scheduleCron: schedules.cron,
      scheduleTimezone: schedules.timezone,
      rerunOfRunId: runs.rerunOfRunId,
      rerunFromNodeId: runs.rerunFromNodeId,
      rerunOfNumber: sql<number | null>`case when ${earlierRuns.id} is null then null else ${runNumber(earlierRuns.createdAt, earlierRuns.pipelineId)} end`,
    })
    .from(runs)
    .innerJoin(pipelines, eq(pipelines.id, runs.pipelineId))
    .innerJoin(pipelineVersions, eq(pipelineVersions.id, runs.pipelineVersionId))
    .leftJoin(users, eq(users.id, runs.startedBy))
    .leftJoin(schedules, eq(schedules.id, runs.scheduleId))
    .leftJoin(earlierRuns, eq(earlierRuns.id, runs.rerunOfRunId))
    .where(and(eq(runs.id, runId), eq(runs.teamId, teamId)));
  if (!run) return undefined;
  const nodes = await db
    .select({
      nodeId: nodeRuns.nodeId,
      status: nodeRuns.status,
      attempt: nodeRuns.attempt,
      attempts: nodeRuns.attempts,
      error: nodeRuns.error,
      cachedFromRunId: nodeRuns.cachedFromRunId,
      startedAt: nodeRuns.startedAt,
      finishedAt: nodeRuns.finishedAt,
    })
    .from(nodeRuns)
    .where(eq(nodeRuns.runId, runId))
    .orderBy(asc(nodeRuns.nodeId));
  const scheduleDescription = run.scheduleCron == null ? null : describeSchedule(run.scheduleCron, run.scheduleTimezone ?? 'UTC');
  return { ...run, scheduleDescription, nodes };
}

export type RunForPage = NonNullable<Awaited<ReturnType<typeof findRunForPage>>>;
