import { and, count, desc, eq, inArray, lte } from 'drizzle-orm';
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
 * among the pipeline's runs (1 for its first), counted from their creation times.
 */
export async function findRunOrigin(db: Db, runId: string) {
  const [origin] = await db
    .select({
      pipelineId: runs.pipelineId,
      pipelineName: pipelines.name,
      pipelineVersionId: runs.pipelineVersionId,
      pipelineVersion: pipelineVersions.version,
      createdAt: runs.createdAt,
    })
    .from(runs)
    .innerJoin(pipelines, eq(pipelines.id, runs.pipelineId))
    .innerJoin(pipelineVersions, eq(pipelineVersions.id, runs.pipelineVersionId))
    .where(eq(runs.id, runId));
  if (!origin) return undefined;
  const { createdAt, ...pinned } = origin;
  const [earlier] = await db
    .select({ n: count() })
    .from(runs)
    .where(and(eq(runs.pipelineId, origin.pipelineId), lte(runs.createdAt, createdAt)));
  return { ...pinned, runNumber: earlier?.n ?? 1 };
}
