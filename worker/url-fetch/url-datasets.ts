import { open, readFile } from 'node:fs/promises';
import path from 'node:path';
import { UserError, type DatasetReadOptions, type UrlDatasetRef } from '../../engine/define-node';
import type { PipelineGraph } from '../../engine/graph-types';
import { parseDatasetBytes, tableSchema, type DatasetFormat } from '../../engine/io/dataset';
import { readOptionsKey } from '../../engine/io/read-options';
import { resolveNodeParams } from '../../engine/node-params';
import { getNodeType } from '../../engine/registry';
import type { Table, TableSchema } from '../../engine/table';
import { formatBytes } from './download';
import { showUrl, type UrlFetchSettings } from './settings';
import { createUrlCache, type CachedCopy, type CacheHit, type UrlCache } from './url-cache';

/** How many URLs' last copies and failures a process keeps in memory (the disk cache keeps the rest). */
const REMEMBERED_URLS = 1000;

/** Parses a fetched file off the caller's event loop (the web process passes its parse pool). */
export type ParseFile = (file: string, format: DatasetFormat) => Promise<{ schema: TableSchema; rowCount: number }>;
type ConcreteFormat = Exclude<UrlDatasetRef['format'], 'auto'>;

/**
 * The host side of Fetch nodes (`UrlDatasetRef`), for the worker and the web process alike:
 * - `load` fetches (revalidating the cache as asked) and parses a URL into a table;
 * - `readSchema` gives its columns, parsed once per body and kept in the cache's index;
 * - `prepare` + `identify` + `knownSchema` serve the synchronous hooks (content keys, SchemaContext):
 *   after `prepare`, a URL's identity is the sha256 of its cached body, so a content key changes exactly
 *   when the bytes do, and its schema is the last one parsed; a failed fetch is remembered and re-thrown.
 */
export function createUrlDatasets(opts: { cache: UrlCache; settings: UrlFetchSettings; parseFile?: ParseFile }) {
  const { cache, settings } = opts;
  const known = new Map<string, CachedCopy>();
  const failures = new Map<string, UserError>();
  const remember = <T>(map: Map<string, T>, url: string, value: T) => {
    map.delete(url);
    map.set(url, value);
    // A long-lived web process sees many URLs: keep the most recently used (a Map iterates oldest first).
    if (map.size > REMEMBERED_URLS) map.delete(map.keys().next().value!);
  };

  async function fetchCopy(ref: UrlDatasetRef, maxAgeMs: number, signal?: AbortSignal): Promise<CacheHit> {
    try {
      const hit = await cache.get(ref.url, { maxAgeMs, signal });
      remember(known, ref.url, hit.copy);
      failures.delete(ref.url);
      return hit;
    } catch (error) {
      if (error instanceof UserError) remember(failures, ref.url, error);
      throw error;
    }
  }

  async function readSchema(ref: UrlDatasetRef, signal?: AbortSignal): Promise<TableSchema> {
    const hit = await fetchCopy(ref, settings.revalidateMs, signal);
    if (hit.copy.parsed?.format === ref.format) return hit.copy.parsed.schema;
    const format = chooseFormat(ref, hit.copy, await readHead(hit.file));
    const parse = opts.parseFile ?? parseInline;
    // Only schema and row count: a parser's reply may carry more (its own settled format, a profile).
    const { schema, rowCount } = await parse(hit.file, format).catch((error: unknown) => {
      throw describeParseError(error, ref.url, format);
    });
    const parsed = { format: ref.format, schema, rowCount };
    await cache.recordParsed(ref.url, hit.copy.sha256, parsed);
    remember(known, ref.url, { ...hit.copy, parsed });
    return schema;
  }

  return {
    /**
     * The URL as a table. Runs pass `maxAgeMs: 0` (always revalidate); previews, after `prepare`, pass
     * Infinity so they read the very copy their content key was computed from.
     */
    async load(
      ref: UrlDatasetRef,
      options: { maxAgeMs: number; signal?: AbortSignal; log?: (message: string) => void; expectSha256?: string; read?: DatasetReadOptions },
    ): Promise<Table> {
      const failed = failures.get(ref.url);
      if (failed && options.maxAgeMs > 0) throw failed;
      const hit = await fetchCopy(ref, options.maxAgeMs, options.signal);
      if (options.expectSha256 && hit.copy.sha256 !== options.expectSha256) {
        throw new UserError(`${showUrl(ref.url)} changed on its server while this preview was being computed. Preview again.`);
      }
      options.log?.(describeHit(hit));
      const bytes = await readFile(hit.file);
      const format = chooseFormat(ref, hit.copy, bytes);
      let table: Table;
      try {
        table = await parseDatasetBytes(bytes, { format, ...options.read, onNote: options.log });
      } catch (error) {
        throw describeParseError(error, ref.url, format);
      }
      // The recorded schema is the file's own, which edit-time schemas map through the node's read options.
      if (hit.copy.parsed?.format !== ref.format && readOptionsKey(options.read) === '') {
        await cache.recordParsed(ref.url, hit.copy.sha256, { format: ref.format, schema: tableSchema(table), rowCount: table.rowCount });
      }
      return table;
    },
    readSchema,
    /** Revalidates (at most every `revalidateMs`) and parses the schema of each URL; failures are kept for identify/knownSchema. */
    async prepare(refs: readonly UrlDatasetRef[], signal?: AbortSignal): Promise<void> {
      await Promise.all(
        refs.map((ref) =>
          readSchema(ref, signal).catch((error: unknown) => {
            if (!(error instanceof UserError)) throw error;
            remember(failures, ref.url, error);
          }),
        ),
      );
    },
    /** What this process last learned of a URL: the body it has cached, or why fetching it failed. */
    status(ref: UrlDatasetRef): { sha256: string } | { error: string } | undefined {
      const failed = failures.get(ref.url);
      if (failed) return { error: failed.message };
      const copy = known.get(ref.url);
      return copy && { sha256: copy.sha256 };
    },
    /** The identity for content keys: the cached body's sha256; undefined before the first `prepare`. */
    identify(ref: UrlDatasetRef): string | undefined {
      const failed = failures.get(ref.url);
      if (failed) return `failed:${failed.message}`;
      const copy = known.get(ref.url);
      return copy && `sha256:${copy.sha256}`;
    },
    /** The last parsed schema, for SchemaContext; throws the last fetch's failure. */
    knownSchema(ref: UrlDatasetRef): TableSchema | undefined {
      const failed = failures.get(ref.url);
      if (failed) throw failed;
      const parsed = known.get(ref.url)?.parsed;
      return parsed?.format === ref.format ? parsed.schema : undefined;
    },
  };
}

export type UrlDatasets = ReturnType<typeof createUrlDatasets>;

/** The URL cache lives beside the blobs, so the web process and the workers of one host share it. */
export function createUrlDatasetsIn(blobDir: string, settings: UrlFetchSettings, parseFile?: ParseFile): UrlDatasets {
  return createUrlDatasets({ cache: createUrlCache({ dir: path.join(blobDir, 'url-cache'), settings }), settings, parseFile });
}

/** The URLs a graph's Fetch nodes read (nodes whose params do not parse are left to validation). */
export function referencedUrls(graph: PipelineGraph): UrlDatasetRef[] {
  return graph.nodes.flatMap((node) => {
    const def = getNodeType(node.type);
    const params = def?.datasets && resolveNodeParams(node, def);
    if (!def?.datasets || !params?.ok) return [];
    return def.datasets(params.params).filter((ref): ref is UrlDatasetRef => ref.source === 'url');
  });
}

async function parseInline(file: string, format: DatasetFormat) {
  const table = await parseDatasetBytes(await readFile(file), { format });
  return { schema: tableSchema(table), rowCount: table.rowCount };
}

async function readHead(file: string): Promise<Uint8Array> {
  const handle = await open(file, 'r');
  try {
    const { buffer, bytesRead } = await handle.read(new Uint8Array(64), 0, 64, 0);
    return buffer.subarray(0, bytesRead);
  } finally {
    await handle.close();
  }
}

const CONTENT_TYPES: Record<string, ConcreteFormat> = {
  'text/csv': 'csv',
  'application/csv': 'csv',
  'text/tab-separated-values': 'tsv',
  'application/json': 'json',
  'application/x-ndjson': 'ndjson',
  'application/ndjson': 'ndjson',
  'application/jsonl': 'ndjson',
  'application/vnd.apache.parquet': 'parquet',
};
const EXTENSIONS: Record<string, ConcreteFormat> = { csv: 'csv', tsv: 'tsv', tab: 'tsv', json: 'json', ndjson: 'ndjson', jsonl: 'ndjson', npy: 'npy', parquet: 'parquet', pq: 'parquet' };

/** Format 'auto': binary magic bytes, then the content type, then the file name, then the first character. */
function chooseFormat(ref: UrlDatasetRef, copy: CachedCopy, head: Uint8Array): ConcreteFormat {
  if (ref.format !== 'auto') return ref.format;
  const magic = String.fromCharCode(...head.subarray(0, 6));
  if (magic === '\x93NUMPY') return 'npy';
  if (magic.startsWith('PAR1')) return 'parquet';
  const type = copy.contentType?.split(';')[0]?.trim().toLowerCase();
  if (type && CONTENT_TYPES[type]) return CONTENT_TYPES[type];
  const extension = copy.fileName?.includes('.') ? copy.fileName.split('.').pop()!.toLowerCase() : undefined;
  if (extension && EXTENSIONS[extension]) return EXTENSIONS[extension];
  const first = new TextDecoder().decode(head).replace(/^\uFEFF?\s*/, '')[0];
  return first === '[' ? 'json' : first === '{' ? 'ndjson' : 'csv';
}

/** The formats engine/io reads today; the others are named, so the message can say what to do. */
function describeParseError(error: unknown, url: string, format: string): unknown {
  if (!(error instanceof UserError)) return error;
  if (error.message.startsWith(showUrl(url))) return error;
  return new UserError(`${showUrl(url)} could not be read as ${format.toUpperCase()}: ${error.message}`, error.details);
}

function describeHit(hit: CacheHit): string {
  const what = `${showUrl(hit.copy.url)} (${formatBytes(hit.copy.bytes)}, sha256 ${hit.copy.sha256.slice(0, 12)}…)`;
  if (hit.how === 'downloaded') return `Downloaded ${what}.`;
  if (hit.how === 'revalidated') return `The server says ${what} has not changed since it was cached; using the cached copy.`;
  return `Using the copy of ${what} cached ${new Date(hit.copy.checkedAt).toISOString()}.`;
}
