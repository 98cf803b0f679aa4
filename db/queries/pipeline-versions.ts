import { and, desc, eq, sql } from 'drizzle-orm';
import type { Db } from '../client';
import { pipelineVersions, users } from '../schema';
import { isUuid } from './pipelines';

/** A pipeline's versions, newest first: who saved each, and the first run that pinned it (none for a checkpoint). */
export function listPipelineVersions(db: Db, pipelineId: string) {
  return db
    .select({
      id: pipelineVersions.id,
      version: pipelineVersions.version,
      kind: pipelineVersions.kind,
      name: pipelineVersions.name,
      graph: pipelineVersions.graph,
      createdAt: pipelineVersions.createdAt,
      author: users.email,
      // One row per version, however many runs (reruns, runs of an unchanged draft) pinned it. Spelled out: drizzle
      // leaves columns unqualified inside a select list.
      runId: sql<string | null>`(select r.id from runs r where r.pipeline_id = "pipeline_versions"."pipeline_id" and r.pipeline_version_id = "pipeline_versions"."id" order by r.created_at limit 1)`,
    })
    .from(pipelineVersions)
    .leftJoin(users, eq(users.id, pipelineVersions.authorId))
    .where(eq(pipelineVersions.pipelineId, pipelineId))
    .orderBy(desc(pipelineVersions.version));
}

/** The caller checks the pipeline belongs to the team first; the version is looked up within it. */
export async function findPipelineVersion(db: Db, pipelineId: string, version: number) {
  if (!isUuid(pipelineId)) return undefined;
  const [row] = await db
    .select()
    .from(pipelineVersions)
    .where(and(eq(pipelineVersions.pipelineId, pipelineId), eq(pipelineVersions.version, version)));
  return row;
}
