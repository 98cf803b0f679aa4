import { and, desc, eq, inArray, sql } from 'drizzle-orm';
import type { DatasetFormat } from '../../engine/io/detect-format';
import type { TableProfile } from '../../engine/kernels/column-profile';
import type { TableSchema } from '../../engine/table';
import type { Db } from '../client';
import { datasets, datasetVersions } from '../schema';
import { isUuid } from './pipelines';

export type NewDatasetVersion = {
  teamId: string;
  userId: string;
  name: string;
  blobKey: string;
  format: DatasetFormat;
  bytes: number;
  sha256: string;
  rowCount: number;
  schema: TableSchema;
  profile?: TableProfile;
};

/** How a version's content gets into (and out of) the blob store, around the row that records it. */
export type BlobPlacement = { place(): Promise<void>; remove(): Promise<void> };

/**
 * Uploading a file whose name a dataset already has adds a new version of that dataset. The blob is
 * put in place inside the transaction, so a row never commits without its blob; when anything fails the
 * blob is removed unless another version (same content, content-addressed key) still uses it. A lock on
 * the key keeps that check from racing a concurrent upload of the same content.
 */
export async function insertDatasetVersion(db: Db, input: NewDatasetVersion, blob: BlobPlacement) {
  try {
    return await db.transaction(async (tx) => {
      await lockBlobKey(tx, input.blobKey);
      const inserted = await insertVersionRows(tx, input);
      await blob.place();
      return inserted;
    });
  } catch (error) {
    await removeUnreferencedBlob(db, input.blobKey, blob.remove);
    throw error;
  }
}

type Tx = Parameters<Parameters<Db['transaction']>[0]>[0];

async function lockBlobKey(tx: Tx, blobKey: string) {
  await tx.execute(sql`select pg_advisory_xact_lock(hashtextextended(${`blob:${blobKey}`}, 0))`);
}

/** Removes a blob unless a version still uses it, under the key's lock so an upload of the same content cannot race it. */
export async function removeUnreferencedBlob(db: Db, blobKey: string, remove: () => Promise<void>) {
  await db.transaction(async (tx) => {
    await lockBlobKey(tx, blobKey);
    const [used] = await tx.select({ id: datasetVersions.id }).from(datasetVersions).where(eq(datasetVersions.blobKey, blobKey)).limit(1);
    if (!used) await remove();
  });
}

/** Dataset names are unique in a team regardless of case and surrounding spaces. */
export const normalizeDatasetName = (name: string) => name.trim().toLowerCase();

async function insertVersionRows(tx: Tx, input: NewDatasetVersion) {
  const normalizedName = normalizeDatasetName(input.name);
  const [dataset] = await tx
    .insert(datasets)
    .values({ teamId: input.teamId, name: input.name, normalizedName })
    .onConflictDoUpdate({ target: [datasets.teamId, datasets.normalizedName], set: { name: input.name } })
    .returning();
  const [version] = await tx
    .insert(datasetVersions)
    .values({
      datasetId: dataset!.id,
      version: sql`(select coalesce(max(${datasetVersions.version}), 0) + 1 from ${datasetVersions} where ${datasetVersions.datasetId} = ${dataset!.id})`,
      blobKey: input.blobKey,
      format: input.format,
      bytes: input.bytes,
      sha256: input.sha256,
      rowCount: input.rowCount,
      columnCount: input.schema.columns.length,
      schema: input.schema,
      profile: input.profile,
      createdBy: input.userId,
    })
    .returning();
  return { dataset: dataset!, version: version! };
}

const versionColumns = {
  id: datasetVersions.id,
  name: datasets.name,
  version: datasetVersions.version,
  blobKey: datasetVersions.blobKey,
  format: datasetVersions.format,
  rowCount: datasetVersions.rowCount,
  schema: datasetVersions.schema,
  createdAt: datasetVersions.createdAt,
};

/** The team's versions for pickers: no schemas (one wide upload would weigh on every editor page), only column counts. */
export function listTeamDatasetVersions(db: Db, teamId: string) {
  return db
    .select({
      id: datasetVersions.id,
      name: datasets.name,
      version: datasetVersions.version,
      rowCount: datasetVersions.rowCount,
      columnCount: datasetVersions.columnCount,
    })
    .from(datasetVersions)
    .innerJoin(datasets, eq(datasets.id, datasetVersions.datasetId))
    .where(eq(datasets.teamId, teamId))
    .orderBy(desc(datasetVersions.createdAt));
}

/** What a model's lineage records of the uploads it was trained from (no schemas); the caller's team only. */
export function findTeamDatasetLineage(db: Db, teamId: string, ids: string[]) {
  const valid = ids.filter(isUuid);
  if (valid.length === 0) return Promise.resolve([]);
  return db
    .select({ datasetVersionId: datasetVersions.id, datasetId: datasets.id, name: datasets.name, version: datasetVersions.version, sha256: datasetVersions.sha256, rows: datasetVersions.rowCount })
    .from(datasetVersions)
    .innerJoin(datasets, eq(datasets.id, datasetVersions.datasetId))
    .where(and(eq(datasets.teamId, teamId), inArray(datasetVersions.id, valid)));
}

/** Only versions of the caller's team are returned: another team's id is indistinguishable from a missing one. */
export function findTeamDatasetVersions(db: Db, teamId: string, ids: string[]) {
  const valid = ids.filter(isUuid);
  if (valid.length === 0) return Promise.resolve([]);
  return db
    .select(versionColumns)
    .from(datasetVersions)
    .innerJoin(datasets, eq(datasets.id, datasetVersions.datasetId))
    .where(and(eq(datasets.teamId, teamId), inArray(datasetVersions.id, valid)));
}
