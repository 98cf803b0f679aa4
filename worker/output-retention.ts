import { and, eq, inArray, isNotNull, lt, sql, type SQL } from 'drizzle-orm';
import type { BlobStore } from '../db/blob-store';
import type { Db } from '../db/client';
import { models, modelVersions, nodeOutputs, nodeRuns, runs, teams } from '../db/schema';

/**
 * Stored outputs have a lifetime: the output cache (node_outputs) and the outputs of runs. The sweep deletes
 * cache entries unused for the team's outputRetentionDays and the outputs of runs that ended before then
 * which the cache no longer holds; users can also delete them at once, per pipeline or for the whole team.
 * Nothing a registered model references is ever deleted.
 */

/** Blob keys that a team's registered model versions reference: every deletion here keeps them. */
export async function modelArtifactBlobKeys(db: Db, teamId: string): Promise<ReadonlySet<string>> {
  const rows = await db
    .select({ key: modelVersions.artifactBlobKey })
    .from(modelVersions)
    .innerJoin(models, eq(models.id, modelVersions.modelId))
    .where(eq(models.teamId, teamId));
  return new Set(rows.map((r) => r.key));
}

export type RetentionOptions = { keep?: typeof modelArtifactBlobKeys; batch?: number };

const blobsOf = (outputs: Record<string, string> | null) => Object.values(outputs ?? {});

/** One pass of the sweep over every team; returns how many cache entries and run outputs it deleted. */
export async function sweepStoredOutputs(db: Db, blobs: BlobStore, opts: RetentionOptions = {}) {
  const keep = opts.keep ?? modelArtifactBlobKeys;
  const batch = opts.batch ?? 500;
  const cutoff = sql`now() - make_interval(days => ${teams.outputRetentionDays})`;
  const expired = await db
    .select({ teamId: nodeOutputs.teamId, contentKey: nodeOutputs.contentKey, outputs: nodeOutputs.outputs })
    .from(nodeOutputs)
    .innerJoin(teams, eq(teams.id, nodeOutputs.teamId))
    .where(lt(nodeOutputs.lastUsedAt, cutoff))
    .limit(batch);
  const oldRunOutputs = await db
    .select({ teamId: runs.teamId, runId: nodeRuns.runId, nodeId: nodeRuns.nodeId, outputs: nodeRuns.outputs })
    .from(nodeRuns)
    .innerJoin(runs, eq(runs.id, nodeRuns.runId))
    .innerJoin(teams, eq(teams.id, runs.teamId))
    .where(and(isNotNull(nodeRuns.outputs), lt(runs.finishedAt, cutoff)))
    .limit(batch);

  let entries = 0;
  let runOutputs = 0;
  const byTeam = new Set([...expired.map((e) => e.teamId), ...oldRunOutputs.map((r) => r.teamId)]);
  for (const teamId of byTeam) {
    const kept = await keep(db, teamId);
    const keepable = (outputs: Record<string, string> | null) => blobsOf(outputs).some((b) => kept.has(b));
    const entryKeys = expired.filter((e) => e.teamId === teamId && !keepable(e.outputs)).map((e) => e.contentKey);
    if (entryKeys.length > 0) {
      // Re-checked at delete: a run that reused an entry since the select moved its lastUsedAt past the cutoff.
      const deleted = await db
        .delete(nodeOutputs)
        .where(
          and(
            eq(nodeOutputs.teamId, teamId),
            inArray(nodeOutputs.contentKey, entryKeys),
            lt(nodeOutputs.lastUsedAt, sql`now() - make_interval(days => (select ${teams.outputRetentionDays} from ${teams} where ${teams.id} = ${teamId}))`),
          ),
        )
        .returning({ outputs: nodeOutputs.outputs });
      for (const d of deleted) for (const key of blobsOf(d.outputs)) await blobs.delete(key);
      entries += deleted.length;
    }
    runOutputs += await deleteRunOutputs(
      db,
      blobs,
      teamId,
      oldRunOutputs.filter((r) => r.teamId === teamId && !keepable(r.outputs)),
    );
  }
  return { entries, runOutputs };
}

/** Deletes the given node runs' output blobs unless the cache still holds them (a later run may reuse them). */
async function deleteRunOutputs(db: Db, blobs: BlobStore, teamId: string, rows: { runId: string; nodeId: string; outputs: Record<string, string> | null }[]) {
  let deleted = 0;
  for (const row of rows) {
    const cleared = await db.transaction(async (tx) => {
      const [cached] = await tx
        .select({ key: nodeOutputs.contentKey })
        .from(nodeOutputs)
        .where(and(eq(nodeOutputs.teamId, teamId), sql`${nodeOutputs.outputs} = ${JSON.stringify(row.outputs)}::jsonb`))
        .limit(1);
      if (cached) return false;
      await tx
        .update(nodeRuns)
        .set({ outputs: null })
        .where(and(eq(nodeRuns.runId, row.runId), eq(nodeRuns.nodeId, row.nodeId)));
      return true;
    });
    if (!cleared) continue;
    for (const key of blobsOf(row.outputs)) await blobs.delete(key);
    deleted++;
  }
  return deleted;
}

/** What the team (or one pipeline's runs) has stored: cache entries and their bytes. */
export async function storedOutputsUsage(db: Db, teamId: string, pipelineId?: string) {
  const [usage] = await db
    .select({ count: sql<number>`count(*)::int`, bytes: sql<number>`coalesce(sum(${nodeOutputs.bytes}), 0)::bigint` })
    .from(nodeOutputs)
    .where(entriesIn(teamId, pipelineId));
  return { count: usage!.count, bytes: Number(usage!.bytes) };
}

function entriesIn(teamId: string, pipelineId?: string): SQL | undefined {
  const team = eq(nodeOutputs.teamId, teamId);
  if (!pipelineId) return team;
  return and(team, sql`${nodeOutputs.runId} in (select ${runs.id} from ${runs} where ${runs.pipelineId} = ${pipelineId} and ${runs.teamId} = ${teamId})`);
}

/**
 * "Delete stored outputs": the cache entries the team's (or the pipeline's) runs produced and those runs' outputs.
 * Later runs compute again. Returns what was freed. Team-scoped by construction (every query filters by teamId).
 */
export async function deleteStoredOutputs(db: Db, blobs: BlobStore, teamId: string, pipelineId?: string) {
  const kept = await modelArtifactBlobKeys(db, teamId);
  const keepable = (outputs: Record<string, string> | null) => blobsOf(outputs).some((b) => kept.has(b));
  const entries = await db.select({ contentKey: nodeOutputs.contentKey, outputs: nodeOutputs.outputs, bytes: nodeOutputs.bytes }).from(nodeOutputs).where(entriesIn(teamId, pipelineId));
  const doomed = entries.filter((e) => !keepable(e.outputs));
  const keys = doomed.map((e) => e.contentKey);
  const deleted = keys.length === 0 ? [] : await db.delete(nodeOutputs).where(and(eq(nodeOutputs.teamId, teamId), inArray(nodeOutputs.contentKey, keys))).returning();
  for (const d of deleted) for (const key of blobsOf(d.outputs)) await blobs.delete(key);

  const runScope = pipelineId ? and(eq(runs.teamId, teamId), eq(runs.pipelineId, pipelineId)) : eq(runs.teamId, teamId);
  // Outputs of runs still going are left alone: their nodes are reading them.
  const finished = inArray(runs.status, ['succeeded', 'failed', 'cancelled']);
  const rows = await db
    .select({ runId: nodeRuns.runId, nodeId: nodeRuns.nodeId, outputs: nodeRuns.outputs })
    .from(nodeRuns)
    .innerJoin(runs, eq(runs.id, nodeRuns.runId))
    .where(and(runScope, finished, isNotNull(nodeRuns.outputs)));
  const runOutputs = await deleteRunOutputs(db, blobs, teamId, rows.filter((r) => !keepable(r.outputs)));
  return { count: deleted.length, bytes: deleted.reduce((sum, d) => sum + d.bytes, 0), runOutputs };
}
