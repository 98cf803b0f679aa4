import { desc, eq, sql } from 'drizzle-orm';
import type { Db } from '../client';
import { pipelines, pipelineVersions, runs } from '../schema';

/**
 * The pipeline's newest run, finished or not, with the graph it pinned: the editor shows its results on
 * load (replaying its events), follows it when it is still going, and marks nodes changed since.
 */
export async function findLatestRun(db: Db, pipelineId: string) {
  const [run] = await db
    .select({
      id: runs.id,
      status: runs.status,
      createdAt: runs.createdAt,
      finishedAt: runs.finishedAt,
      pipelineVersion: pipelineVersions.version,
      graph: pipelineVersions.graph,
      number: sql<number>`(select count(*)::int from runs as earlier where earlier.pipeline_id = ${runs.pipelineId} and earlier.created_at <= ${runs.createdAt})`,
    })
    .from(runs)
    .innerJoin(pipelineVersions, eq(pipelineVersions.id, runs.pipelineVersionId))
    .where(eq(runs.pipelineId, pipelineId))
    .orderBy(desc(runs.createdAt))
    .limit(1);
  return run;
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
