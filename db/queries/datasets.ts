import { and, desc, eq, inArray, sql } from 'drizzle-orm';
import type { TableSchema } from '../../engine/table';
import type { Db } from '../client';
import { datasets, datasetVersions } from '../schema';
import { isUuid } from './pipelines';

export type NewDatasetVersion = {
  teamId: string;
  userId: string;
  name: string;
  blobKey: string;
  format: 'csv' | 'json';
  bytes: number;
  sha256: string;
  rowCount: number;
  schema: TableSchema;
};

/** Uploading a file whose name a dataset already has adds a new version of that dataset. */
export async function insertDatasetVersion(db: Db, input: NewDatasetVersion) {
  return db.transaction(async (tx) => {
    const normalizedName = input.name.trim().toLowerCase();
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
        schema: input.schema,
        createdBy: input.userId,
      })
      .returning();
    return { dataset: dataset!, version: version! };
  });
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

export function listTeamDatasetVersions(db: Db, teamId: string) {
  return db
    .select(versionColumns)
    .from(datasetVersions)
    .innerJoin(datasets, eq(datasets.id, datasetVersions.datasetId))
    .where(eq(datasets.teamId, teamId))
    .orderBy(desc(datasetVersions.createdAt));
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
