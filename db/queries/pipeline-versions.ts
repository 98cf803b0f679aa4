import { and, desc, eq } from 'drizzle-orm';
import type { Db } from '../client';
import { pipelineVersions, runs, users } from '../schema';
import { isUuid } from './pipelines';

/** A pipeline's versions, newest first: who saved each, and the run that pinned it (none for a checkpoint). */
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
      runId: runs.id,
    })
    .from(pipelineVersions)
    .leftJoin(users, eq(users.id, pipelineVersions.authorId))
    .leftJoin(runs, eq(runs.pipelineVersionId, pipelineVersions.id))
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
