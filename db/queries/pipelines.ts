import { and, desc, eq, getTableColumns, sql } from 'drizzle-orm';
import type { PipelineGraph } from '../../engine/graph-types';
import type { Db, Tx } from '../client';
import { pipelines, pipelineVersions } from '../schema';
import { recordAudit, type AuditActor } from './audit';

export const EMPTY_GRAPH: PipelineGraph = { nodes: [], edges: [] };

/** Every query takes the caller's team id: a pipeline of another team is simply not found. */
export function listPipelines(db: Db, teamId: string) {
  return db
    .select({
      ...getTableColumns(pipelines),
      nodeCount: sql<number>`jsonb_array_length(${pipelines.graph}->'nodes')`,
      // Spelled out: drizzle leaves columns unqualified inside a select list, which would compare runs.id to itself.
      lastRunStatus: sql<string | null>`(select r.status from runs r where r.pipeline_id = "pipelines"."id" order by r.created_at desc limit 1)`,
    })
    .from(pipelines)
    .where(eq(pipelines.teamId, teamId))
    .orderBy(desc(pipelines.updatedAt));
}

export async function findPipeline(db: Db | Tx, teamId: string, id: string) {
  if (!isUuid(id)) return undefined;
  const [row] = await db
    .select()
    .from(pipelines)
    .where(and(eq(pipelines.id, id), eq(pipelines.teamId, teamId)));
  return row;
}

/**
 * The pipeline as findPipeline reads it, with the version runs pinned at its current draft revision (`runVersion`,
 * null when no run has since the last save): a run of an unchanged draft pins that version again.
 */
export async function findPipelineToRun(db: Db, teamId: string, id: string) {
  if (!isUuid(id)) return undefined;
  const [row] = await db
    .select({ pipeline: pipelines, runVersion: { id: pipelineVersions.id, version: pipelineVersions.version } })
    .from(pipelines)
    .leftJoin(pipelineVersions, and(eq(pipelineVersions.pipelineId, pipelines.id), eq(pipelineVersions.draftRevision, pipelines.revision)))
    .where(and(eq(pipelines.id, id), eq(pipelines.teamId, teamId)));
  return row;
}

/** Names of the team's pipelines that are `name` or `name (n)`, for picking a distinct copy's name. */
export async function listNamesLike(db: Db, teamId: string, name: string) {
  const rows = await db
    .select({ name: pipelines.name })
    .from(pipelines)
    .where(and(eq(pipelines.teamId, teamId), sql`(${pipelines.name} = ${name} or starts_with(${pipelines.name}, ${`${name} (`}))`));
  return rows.map((r) => r.name);
}

/** `name`, or `name (2)`, `name (3)`… when the team has it already: a second copy of a template is told apart. */
export function distinctName(name: string, taken: readonly string[]) {
  const names = new Set(taken);
  if (!names.has(name)) return name;
  for (let n = 2; ; n++) if (!names.has(`${name} (${n})`)) return `${name} (${n})`;
}

export async function createPipeline(db: Db, teamId: string, userId: string, name: string, graph = EMPTY_GRAPH) {
  const [row] = await db.insert(pipelines).values({ teamId, name, graph, createdBy: userId }).returning();
  return row!;
}

export async function renamePipeline(db: Db, teamId: string, id: string, name: string) {
  if (!isUuid(id)) return undefined;
  const [row] = await db
    .update(pipelines)
    .set({ name, updatedAt: new Date() })
    .where(and(eq(pipelines.id, id), eq(pipelines.teamId, teamId)))
    .returning();
  return row;
}

export type SaveOutcome<Row> = { status: 'saved'; row: Row } | { status: 'conflict'; current: Row } | { status: 'missing' };

/**
 * Writes the draft graph as a new revision. With `baseRevision`, only if the draft is still at that
 * revision: a save based on an older one answers 'conflict' with the current row, so no edit is lost.
 */
export async function savePipelineGraph(db: Db, teamId: string, id: string, graph: PipelineGraph, baseRevision?: number) {
  type Row = typeof pipelines.$inferSelect;
  if (!isUuid(id)) return { status: 'missing' } as SaveOutcome<Row>;
  const scope = and(eq(pipelines.id, id), eq(pipelines.teamId, teamId));
  const [row] = await db
    .update(pipelines)
    .set({ graph, updatedAt: new Date(), revision: sql`${pipelines.revision} + 1` })
    .where(baseRevision === undefined ? scope : and(scope, eq(pipelines.revision, baseRevision)))
    .returning();
  if (row) return { status: 'saved', row } as SaveOutcome<Row>;
  const current = await findPipeline(db, teamId, id);
  return (current ? { status: 'conflict', current } : { status: 'missing' }) as SaveOutcome<Row>;
}

/** Deletes the team's pipeline and, given who did it, records `pipeline.deleted` in the same transaction. */
export async function deletePipeline(db: Db, teamId: string, id: string, actor?: AuditActor) {
  if (!isUuid(id)) return false;
  return db.transaction(async (tx) => {
    const rows = await tx
      .delete(pipelines)
      .where(and(eq(pipelines.id, id), eq(pipelines.teamId, teamId)))
      .returning({ id: pipelines.id, name: pipelines.name });
    if (rows.length > 0 && actor) await recordAudit(tx, { teamId, actor, action: 'pipeline.deleted', target: { type: 'pipeline', id, name: rows[0]!.name } });
    return rows.length > 0;
  });
}

/**
 * Takes the pipeline's row lock for the rest of the transaction: whoever numbers a new version or
 * starts a run for this pipeline waits for the other, so both see each other's rows.
 */
export async function lockPipeline(tx: Tx, pipelineId: string) {
  await tx.select({ id: pipelines.id }).from(pipelines).where(eq(pipelines.id, pipelineId)).for('update');
}

/**
 * Pins the graph a run executes (`draftRevision`: the draft revision it is), or keeps a named checkpoint: versions
 * are immutable and numbered per pipeline, max + 1 under the pipeline's lock. The lock and the insert are sent
 * together (Postgres runs them in order). A run's version is made once per draft revision: a start that waited on
 * the lock behind another start of the same revision gets that one's version (the returned row).
 */
export async function insertPipelineVersion(
  tx: Tx,
  pipelineId: string,
  graph: PipelineGraph,
  authorId: string | null,
  opts: { checkpoint: { name: string } } | { draftRevision: number },
) {
  const insert = tx.insert(pipelineVersions).values({
    pipelineId,
    graph,
    authorId,
    ...('checkpoint' in opts ? { kind: 'checkpoint' as const, name: opts.checkpoint.name } : { draftRevision: opts.draftRevision }),
    version: sql`(select coalesce(max(${pipelineVersions.version}), 0) + 1 from ${pipelineVersions} where ${pipelineVersions.pipelineId} = ${pipelineId})`,
  });
  // A no-op update, so the existing row comes back.
  const upserted = 'checkpoint' in opts ? insert : insert.onConflictDoUpdate({ target: [pipelineVersions.pipelineId, pipelineVersions.draftRevision], set: { draftRevision: sql`excluded.draft_revision` } });
  const [, [row]] = await Promise.all([lockPipeline(tx, pipelineId), upserted.returning()]);
  return row!;
}

/** The id of a pipeline's run version for `draftRevision`, as SQL: rows sent in the same batch as insertPipelineVersion refer to it whichever start made it. */
export const runVersionIdAt = (pipelineId: string, draftRevision: number) =>
  sql<string>`(select ${pipelineVersions.id} from ${pipelineVersions} where ${pipelineVersions.pipelineId} = ${pipelineId} and ${pipelineVersions.draftRevision} = ${draftRevision})`;

export const isUuid = (s: string) => /^[0-9a-f]{8}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{12}$/i.test(s);
