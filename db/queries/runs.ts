import { and, desc, eq, inArray } from 'drizzle-orm';
import type { Db } from '../client';
import { runs } from '../schema';

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
