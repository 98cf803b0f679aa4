import { and, asc, desc, eq, isNull, sql } from 'drizzle-orm';
import type { TableProfile } from '../../engine/kernels/column-profile';
import type { Db, Tx } from '../client';
import { datasets, datasetVersions, users } from '../schema';
import { recordAudit, type AuditActor } from './audit';
import { removeUnreferencedBlob } from './datasets';
import { isUuid } from './pipelines';

/** The Datasets page's queries; every one takes the caller's team id, so another team's dataset is simply not found. */

/** One row per dataset with its latest version's figures; schemas and profiles are never read here. */
export function listTeamDatasets(db: Db, teamId: string) {
  return db
    .select({
      id: datasets.id,
      name: datasets.name,
      versions: sql<number>`count(*)::int`,
      // The latest version's figures: arrays ordered by version number, first element.
      rowCount: sql<number>`(array_agg(${datasetVersions.rowCount} order by ${datasetVersions.version} desc))[1]`,
      columnCount: sql<number>`(array_agg(${datasetVersions.columnCount} order by ${datasetVersions.version} desc))[1]`,
      bytes: sql<number>`(array_agg(${datasetVersions.bytes} order by ${datasetVersions.version} desc))[1]::float8`,
      updatedAt: sql<Date>`max(${datasetVersions.createdAt})`.mapWith((v: string | Date) => new Date(v)),
    })
    .from(datasets)
    .innerJoin(datasetVersions, eq(datasetVersions.datasetId, datasets.id))
    .where(eq(datasets.teamId, teamId))
    .groupBy(datasets.id)
    .orderBy(desc(sql`max(${datasetVersions.createdAt})`));
}

export type PipelineUse = { datasetId: string; pipelineId: string; pipelineName: string };

/**
 * Pipelines whose saved graph has a node reading any version of the team's datasets (`params.dataset`
 * of source 'upload', as referencedUploadIds reads it), optionally for one dataset only.
 */
export async function findPipelineUses(db: Db | Tx, teamId: string, datasetId?: string): Promise<PipelineUse[]> {
  const rows = await db.execute<{ dataset_id: string; pipeline_id: string; pipeline_name: string }>(sql`
    select distinct d.id as dataset_id, p.id as pipeline_id, p.name as pipeline_name
    from pipelines p
    cross join lateral jsonb_array_elements(case when jsonb_typeof(p.graph->'nodes') = 'array' then p.graph->'nodes' else '[]'::jsonb end) node
    join dataset_versions v on v.id::text = node->'params'->'dataset'->>'datasetVersionId'
    join datasets d on d.id = v.dataset_id and d.team_id = ${teamId}
    where p.team_id = ${teamId}
      and node->'params'->'dataset'->>'source' = 'upload'
      ${datasetId ? sql`and d.id = ${datasetId}` : sql``}
    order by p.name`);
  return rows.map((r) => ({ datasetId: r.dataset_id, pipelineId: r.pipeline_id, pipelineName: r.pipeline_name }));
}

export async function findTeamDataset(db: Db, teamId: string, id: string) {
  if (!isUuid(id)) return undefined;
  const [row] = await db.select().from(datasets).where(and(eq(datasets.id, id), eq(datasets.teamId, teamId)));
  return row;
}

/** A dataset's versions, oldest first, with who uploaded each; no schemas or profiles. */
export function listVersions(db: Db, datasetId: string) {
  return db
    .select({
      id: datasetVersions.id,
      version: datasetVersions.version,
      format: datasetVersions.format,
      bytes: datasetVersions.bytes,
      sha256: datasetVersions.sha256,
      rowCount: datasetVersions.rowCount,
      columnCount: datasetVersions.columnCount,
      createdAt: datasetVersions.createdAt,
      uploadedBy: users.name,
      uploadedByEmail: users.email,
    })
    .from(datasetVersions)
    .leftJoin(users, eq(users.id, datasetVersions.createdBy))
    .where(eq(datasetVersions.datasetId, datasetId))
    .orderBy(asc(datasetVersions.version));
}

/** One version's schema, profile and blob, for the dataset page. */
export async function findVersionDetail(db: Db, datasetId: string, versionId: string) {
  const [row] = await db
    .select({ id: datasetVersions.id, schema: datasetVersions.schema, profile: datasetVersions.profile, blobKey: datasetVersions.blobKey, format: datasetVersions.format })
    .from(datasetVersions)
    .where(and(eq(datasetVersions.datasetId, datasetId), eq(datasetVersions.id, versionId)));
  return row;
}

/** Stores a profile computed after the upload; a profile already there (a concurrent first view) is kept. */
export async function saveVersionProfile(db: Db, versionId: string, profile: TableProfile) {
  await db.update(datasetVersions).set({ profile }).where(and(eq(datasetVersions.id, versionId), isNull(datasetVersions.profile)));
}

export type DeleteOutcome = { deleted: true } | { deleted: false; usedBy: PipelineUse[] } | undefined;

/**
 * Deletes a dataset with all its versions unless a pipeline reads one of them (then nothing changes and
 * the pipelines are returned); afterwards removes each blob no other version (of any dataset) still uses.
 * undefined when the team has no such dataset.
 */
export async function deleteTeamDataset(db: Db, teamId: string, id: string, removeBlob: (key: string) => Promise<void>, actor?: AuditActor): Promise<DeleteOutcome> {
  if (!isUuid(id)) return undefined;
  const outcome = await db.transaction(async (tx) => {
    const [dataset] = await tx.select({ id: datasets.id, name: datasets.name }).from(datasets).where(and(eq(datasets.id, id), eq(datasets.teamId, teamId))).for('update');
    if (!dataset) return undefined;
    const usedBy = await findPipelineUses(tx, teamId, id);
    if (usedBy.length > 0) return { deleted: false as const, usedBy };
    const blobs = await tx.selectDistinct({ key: datasetVersions.blobKey }).from(datasetVersions).where(eq(datasetVersions.datasetId, id));
    await tx.delete(datasets).where(eq(datasets.id, id));
    if (actor) await recordAudit(tx, { teamId, actor, action: 'dataset.deleted', target: { type: 'dataset', id, name: dataset.name } });
    return { deleted: true as const, blobKeys: blobs.map((b) => b.key) };
  });
  if (!outcome?.deleted) return outcome;
  for (const key of outcome.blobKeys) await removeUnreferencedBlob(db, key, () => removeBlob(key));
  return { deleted: true };
}
