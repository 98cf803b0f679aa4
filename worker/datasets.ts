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

export type DatasetOption = { ref: DatasetRef; label: string; schema: TableSchema; rowCount: number };

/** Resolves dataset references for one team: bundled samples for everyone, uploads only for their own team. */
export function createDatasetResolver(db: Db, blobs: BlobStore) {
  const sampleTables = new Map<string, Promise<Table>>();

  function loadSample(name: string) {
    const sample = sampleDatasets.find((s) => s.name === name);
    if (!sample) throw new UserError(`There is no sample dataset called "${name}". Pick one from the Dataset list.`);
    let table = sampleTables.get(name);
    if (!table) {
      table = readFile(path.join(samplesDir, sample.file)).then((bytes) => parseDatasetBytes(new Uint8Array(bytes), sample.format));
      sampleTables.set(name, table);
    }
    return table;
  }

  async function loadDataset(teamId: string, ref: DatasetRef): Promise<Table> {
    if (ref.source === 'sample') return loadSample(ref.name);
    const [version] = await findTeamDatasetVersions(db, teamId, [ref.datasetVersionId]);
    if (!version) throw new UserError('The uploaded dataset this node reads no longer exists. Upload it again or pick another dataset.');
    return parseDatasetBytes(await blobs.get(version.blobKey), version.format);
  }

  async function listOptions(teamId: string): Promise<DatasetOption[]> {
    const samples = await Promise.all(
      sampleDatasets.map(async (s) => {
        const table = await loadSample(s.name);
        return { ref: { source: 'sample', name: s.name } as const, label: `${s.title} (sample)`, schema: tableSchema(table), rowCount: table.rowCount };
      }),
    );
    const uploads = (await listTeamDatasetVersions(db, teamId)).map((v) => ({
      ref: { source: 'upload', datasetVersionId: v.id } as const,
      label: `${v.name} v${v.version}`,
      schema: v.schema,
      rowCount: v.rowCount,
    }));
    return [...samples, ...uploads];
  }

  /** Schemas of every dataset the graph references, for edit-time validation. */
  async function schemaContext(teamId: string, graph: PipelineGraph): Promise<SchemaContext> {
    const uploadIds = graph.nodes.flatMap((n) => {
      const ref = (n.params as { dataset?: Partial<DatasetRef> }).dataset;
      return ref?.source === 'upload' && typeof ref.datasetVersionId === 'string' ? [ref.datasetVersionId] : [];
    });
    const uploads = new Map((await findTeamDatasetVersions(db, teamId, uploadIds)).map((v) => [v.id, v.schema]));
    const samples = new Map<string, TableSchema>();
    for (const s of sampleDatasets) samples.set(s.name, tableSchema(await loadSample(s.name)));
    return {
      datasetSchema: (ref) => (ref.source === 'sample' ? samples.get(ref.name) : uploads.get(ref.datasetVersionId)),
    };
  }

  return { loadDataset, listOptions, schemaContext };
}

export type DatasetResolver = ReturnType<typeof createDatasetResolver>;
