import { and, desc, eq, inArray, sql } from 'drizzle-orm';
import type { Db } from '../client';
import { pipelines, pipelineVersions, runs } from '../schema';

/** The pipeline's newest run that has not finished, so the editor can follow it after a reload. */
export async function findActiveRunId(db: Db, pipelineId: string) {
  const [run] = await db
    .select({ id: runs.id })
    .from(runs)
    .where(and(eq(runs.pipelineId, pipelineId), inArray(runs.status, ['queued', 'running'])))
    .orderBy(desc(runs.createdAt))
    .limit(1);
  return run?.id ?? null;
}

/**
 * What a model's lineage says of its run: the pipeline, the version the run pinned, and the run's number
 * among the pipeline's runs (1 for its first), counted by creation time in SQL (microseconds, which a
 * JavaScript Date would round).
 */
export async function findRunOrigin(db: Db, runId: string) {
  const [origin] = await db
    .select({
      pipelineId: runs.pipelineId,
      pipelineName: pipelines.name,
      pipelineVersionId: runs.pipelineVersionId,
      pipelineVersion: pipelineVersions.version,
      runNumber: sql<number>`(select count(*)::int from runs as earlier where earlier.pipeline_id = ${runs.pipelineId} and earlier.created_at <= ${runs.createdAt})`,
    })
    .from(runs)
    .innerJoin(pipelines, eq(pipelines.id, runs.pipelineId))
    .innerJoin(pipelineVersions, eq(pipelineVersions.id, runs.pipelineVersionId))
    .where(eq(runs.id, runId));
  return origin;
}
