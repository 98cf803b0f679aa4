import { readFile } from 'node:fs/promises';
import path from 'node:path';
import { fileURLToPath } from 'node:url';
import type { DatasetRef, SchemaContext } from '../engine/define-node';
import { UserError } from '../engine/define-node';
import type { PipelineGraph } from '../engine/graph-types';
import { parseDatasetBytes, tableSchema } from '../engine/io/dataset';
import { sampleDatasets } from '../engine/samples/catalog';
import type { Table, TableSchema } from '../engine/table';
import type { BlobStore } from '../db/blob-store';
import type { Db } from '../db/client';
import { findTeamDatasetVersions, listTeamDatasetVersions } from '../db/queries/datasets';

const samplesDir = path.join(path.dirname(fileURLToPath(import.meta.url)), '..', 'engine', 'samples');

/** `schema` is present for samples and for uploads asked for; see listOptions. */
export type DatasetOption = { ref: DatasetRef; label: string; columnCount: number; rowCount: number; schema?: TableSchema };

/** Upload versions a graph's nodes read. */
export function referencedUploadIds(graph: PipelineGraph): string[] {
  return graph.nodes.flatMap((n) => {
    const ref = (n.params as { dataset?: Partial<DatasetRef> } | undefined)?.dataset;
    return ref?.source === 'upload' && typeof ref.datasetVersionId === 'string' ? [ref.datasetVersionId] : [];
  });
}

/** Resolves dataset references for one team: bundled samples for everyone, uploads only for their own team. */
export function createDatasetResolver(db: Db, blobs: BlobStore) {
  const sampleTables = new Map<string, Promise<Table>>();

  function loadSample(name: string) {
    const sample = sampleDatasets.find((s) => s.name === name);
    if (!sample) throw new UserError(`There is no sample dataset called "${name}". Pick one from the Dataset list.`);
    let table = sampleTables.get(name);
    if (!table) {
      table = readFile(path.join(samplesDir, sample.file)).then((bytes) => parseDatasetBytes(new Uint8Array(bytes), { format: sample.format }));
      sampleTables.set(name, table);
    }
    return table;
  }

  async function loadDataset(teamId: string, ref: DatasetRef): Promise<Table> {
    if (ref.source === 'sample') return loadSample(ref.name);
    const [version] = await findTeamDatasetVersions(db, teamId, [ref.datasetVersionId]);
    if (!version) throw new UserError('The uploaded dataset this node reads no longer exists. Upload it again or pick another dataset.');
    return parseDatasetBytes(await blobs.get(version.blobKey), { format: version.format });
  }

  async function sampleOptions(): Promise<DatasetOption[]> {
    // Bundled samples are few and small, so their schemas always come along.
    return Promise.all(
      sampleDatasets.map(async (s) => {
        const table = await loadSample(s.name);
        const schema = tableSchema(table);
        return { ref: { source: 'sample', name: s.name } as const, label: `${s.title} (sample)`, schema, columnCount: schema.columns.length, rowCount: table.rowCount };
      }),
    );
  }

  /**
   * Every dataset the team can pick, with the schemas of uploads only for `withSchemas` (those a graph
   * references): the rest are fetched one at a time when picked (datasetSchema).
   */
  async function listOptions(teamId: string, withSchemas: readonly string[] = []): Promise<DatasetOption[]> {
    const [samples, versions, schemas] = await Promise.all([
      sampleOptions(),
      listTeamDatasetVersions(db, teamId),
      findTeamDatasetVersions(db, teamId, [...withSchemas]),
    ]);
    const schemaById = new Map(schemas.map((v) => [v.id, v.schema]));
    const uploads = versions.map((v) => ({
      ref: { source: 'upload', datasetVersionId: v.id } as const,
      label: `${v.name} v${v.version}`,
      columnCount: v.columnCount,
      rowCount: v.rowCount,
      ...(schemaById.has(v.id) ? { schema: schemaById.get(v.id) } : {}),
    }));
    return [...samples, ...uploads];
  }

  /** One dataset's schema, team-scoped; undefined when the team has no such dataset. */
  async function datasetSchema(teamId: string, ref: DatasetRef): Promise<TableSchema | undefined> {
    if (ref.source === 'sample') {
      return sampleDatasets.some((s) => s.name === ref.name) ? tableSchema(await loadSample(ref.name)) : undefined;
    }
    const [version] = await findTeamDatasetVersions(db, teamId, [ref.datasetVersionId]);
    return version?.schema;
  }

  /** Schemas of every dataset the graph references, for edit-time validation. */
  async function schemaContext(teamId: string, graph: PipelineGraph): Promise<SchemaContext> {
    const uploads = new Map((await findTeamDatasetVersions(db, teamId, referencedUploadIds(graph))).map((v) => [v.id, v.schema]));
    const samples = new Map<string, TableSchema>();
    for (const s of sampleDatasets) samples.set(s.name, tableSchema(await loadSample(s.name)));
    return {
      datasetSchema: (ref) => (ref.source === 'sample' ? samples.get(ref.name) : uploads.get(ref.datasetVersionId)),
    };
  }

  return { loadDataset, listOptions, datasetSchema, schemaContext };
}

export type DatasetResolver = ReturnType<typeof createDatasetResolver>;
