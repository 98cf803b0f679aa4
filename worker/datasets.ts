import { createHash } from 'node:crypto';
import { readFile } from 'node:fs/promises';
import path from 'node:path';
import { fileURLToPath } from 'node:url';
import type { DatasetLineage, DatasetReadOptions, DatasetRef, SchemaContext, StoredDatasetRef } from '../engine/define-node';
import { UserError } from '../engine/define-node';
import type { DatasetIdentities } from '../engine/content-key';
import type { PipelineGraph } from '../engine/graph-types';
import { parseDatasetBytes, tableSchema } from '../engine/io/dataset';
import { readOptionsKey } from '../engine/io/read-options';
import { sampleDatasets } from '../engine/samples/catalog';
import type { Table, TableSchema } from '../engine/table';
import type { BlobStore } from '../db/blob-store';
import type { Db } from '../db/client';
import { findTeamDatasetLineage, findTeamDatasetVersions, listTeamDatasetVersions } from '../db/queries/datasets';
import { parseDatasetBlob } from './parse-blob';
import { referencedUrls, type UrlDatasets } from './url-fetch/url-datasets';

const samplesDir = path.join(path.dirname(fileURLToPath(import.meta.url)), '..', 'engine', 'samples');

/** `schema` is present for samples and for uploads asked for; see listOptions. */
export type DatasetOption = { ref: StoredDatasetRef; label: string; columnCount: number; rowCount: number; schema?: TableSchema };

/** Upload versions a graph's nodes read. */
export function referencedUploadIds(graph: PipelineGraph): string[] {
  return graph.nodes.flatMap((n) => {
    const ref = (n.params as { dataset?: Partial<DatasetRef> } | undefined)?.dataset;
    return ref?.source === 'upload' && typeof ref.datasetVersionId === 'string' ? [ref.datasetVersionId] : [];
  });
}

/**
 * Resolves dataset references for one team: bundled samples for everyone, uploads only for their own
 * team, URLs through `urls` (the address checks, limits and cache of worker/url-fetch).
 */
export function createDatasetResolver(db: Db, blobs: BlobStore, urls: UrlDatasets) {
  const sampleTables = new Map<string, Promise<Table>>();

  /** Parsed once per set of read options (a sample read with other options is another table). */
  function loadSample(name: string, read?: DatasetReadOptions) {
    const sample = sampleDatasets.find((s) => s.name === name);
    if (!sample) throw new UserError(`There is no sample dataset called "${name}". Pick one from the Dataset list.`);
    const key = `${name}\n${readOptionsKey(read)}`;
    let table = sampleTables.get(key);
    if (!table) {
      table = readFile(path.join(samplesDir, sample.file)).then((bytes) => parseDatasetBytes(new Uint8Array(bytes), { format: sample.format, ...read }));
      // A failed parse (an override naming a missing column) is not kept.
      table.catch(() => sampleTables.delete(key));
      sampleTables.set(key, table);
    }
    return table;
  }

  const sampleSchemas = new Map<string, Promise<TableSchema>>();
  /** A sample's schema as read with default options; samples are files shipped with the product, so it is worked out once. */
  function sampleSchema(name: string) {
    let schema = sampleSchemas.get(name);
    if (!schema) {
      schema = loadSample(name).then(tableSchema);
      schema.catch(() => sampleSchemas.delete(name));
      sampleSchemas.set(name, schema);
    }
    return schema;
  }

  /**
   * Runs always revalidate a URL (a conditional GET), so they read what the server has now. `read`
   * goes to the parser, so columns read as text keep their spelling; its notes go to `log`.
   */
  async function loadDataset(
    teamId: string,
    ref: DatasetRef,
    opts: { signal?: AbortSignal; log?: (message: string) => void; read?: DatasetReadOptions } = {},
  ): Promise<Table> {
    const { read, ...fetchOpts } = opts;
    if (ref.source === 'sample') return loadSample(ref.name, read);
    if (ref.source === 'url') return urls.load(ref, { maxAgeMs: 0, ...fetchOpts, read });
    const [version] = await findTeamDatasetVersions(db, teamId, [ref.datasetVersionId]);
    if (!version) throw new UserError('The uploaded dataset this node reads no longer exists. Upload it again or pick another dataset.');
    return parseDatasetBlob(blobs, version.blobKey, { format: version.format, ...read, onNote: opts.log });
  }

  async function sampleOptions(): Promise<DatasetOption[]> {
    // Bundled samples are few and small, so their schemas always come along.
    return Promise.all(
      sampleDatasets.map(async (s) => {
        const [table, schema] = await Promise.all([loadSample(s.name), sampleSchema(s.name)]);
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
      return sampleDatasets.some((s) => s.name === ref.name) ? sampleSchema(ref.name) : undefined;
    }
    if (ref.source === 'url') return urls.readSchema(ref);
    const [version] = await findTeamDatasetVersions(db, teamId, [ref.datasetVersionId]);
    return version?.schema;
  }

  /**
   * Schemas of every dataset the graph references, for validation before a run. URLs are revalidated
   * and parsed here (cached copies checked within FETCH_REVALIDATE_SECONDS are reused), so a run is
   * checked against the columns it will read, and a URL that cannot be fetched is a problem on its node.
   */
  async function schemaContext(teamId: string, graph: PipelineGraph, signal?: AbortSignal): Promise<SchemaContext> {
    const uploads = new Map((await findTeamDatasetVersions(db, teamId, referencedUploadIds(graph))).map((v) => [v.id, v.schema]));
    const samples = new Map<string, TableSchema>();
    for (const s of sampleDatasets) samples.set(s.name, await sampleSchema(s.name));
    await urls.prepare(referencedUrls(graph), signal);
    return {
      datasetSchema: (ref) => (ref.source === 'sample' ? samples.get(ref.name) : ref.source === 'url' ? urls.knownSchema(ref) : uploads.get(ref.datasetVersionId)),
    };
  }

  const sampleChecksums = new Map<string, Promise<string>>();
  function sampleChecksum(file: string) {
    let sum = sampleChecksums.get(file);
    if (!sum) {
      sum = readFile(path.join(samplesDir, file)).then((bytes) => createHash('sha256').update(bytes).digest('hex'));
      sampleChecksums.set(file, sum);
    }
    return sum;
  }

  /**
   * What a model's lineage records of the datasets it was trained from: an upload's dataset, version
   * and sha256, a sample's file checksum, a URL's last fetched body's sha256. Datasets gone since the
   * run read them (a deleted upload) are left out.
   */
  async function describeDatasets(teamId: string, refs: readonly DatasetRef[]): Promise<DatasetLineage[]> {
    const uploadIds = refs.flatMap((ref) => (ref.source === 'upload' ? [ref.datasetVersionId] : []));
    const uploads = new Map((await findTeamDatasetLineage(db, teamId, uploadIds)).map((v) => [v.datasetVersionId, v]));
    const described = await Promise.all(
      refs.map(async (ref): Promise<DatasetLineage | undefined> => {
        if (ref.source === 'upload') {
          const upload = uploads.get(ref.datasetVersionId);
          return upload && { source: 'upload', ...upload };
        }
        if (ref.source === 'url') {
          const status = urls.status(ref);
          return { source: 'url', url: ref.url, ...(status && 'sha256' in status ? { sha256: status.sha256 } : {}) };
        }
        const sample = sampleDatasets.find((s) => s.name === ref.name);
        return sample && { source: 'sample', name: ref.name, sha256: await sampleChecksum(sample.file) };
      }),
    );
    return described.filter((d): d is DatasetLineage => d !== undefined);
  }

  /**
   * Dataset identities for a run's content keys (worker/output-cache.ts): an upload by its immutable version
   * and blob key (which carries the file's sha256), a sample by its file's checksum (a new release may change a
   * sample). URLs have none here: a run reads a URL afresh, so its identity is the content it read, known only
   * once its Fetch node ran.
   */
  async function runIdentities(teamId: string, graph: PipelineGraph): Promise<DatasetIdentities> {
    const uploads = new Map((await findTeamDatasetVersions(db, teamId, referencedUploadIds(graph))).map((v) => [v.id, v.blobKey]));
    const samples = new Map<string, string>();
    for (const s of sampleDatasets) samples.set(s.name, await sampleChecksum(s.file));
    return {
      identifyDataset(ref) {
        if (ref.source === 'url') return undefined;
        if (ref.source === 'sample') return samples.has(ref.name) ? `sample:${ref.name}:${samples.get(ref.name)}` : undefined;
        return uploads.has(ref.datasetVersionId) ? `upload:${ref.datasetVersionId}:${uploads.get(ref.datasetVersionId)}` : undefined;
      },
    };
  }

  return { loadDataset, listOptions, datasetSchema, schemaContext, describeDatasets, runIdentities, urls };
}

export type DatasetResolver = ReturnType<typeof createDatasetResolver>;
