import { readFile } from 'node:fs/promises';
import { workerData } from 'node:worker_threads';
import { createLocalBlobStore } from '../db/blob-store';
import type { SampleSpec } from '../engine/content-key';
import { UserError, type DatasetReadOptions, type DatasetRef } from '../engine/define-node';
import type { PipelineGraph } from '../engine/graph-types';
import { parseDatasetBytes, type DatasetFormat } from '../engine/io/dataset';
import { readOptionsKey } from '../engine/io/read-options';
import { sampleTable } from '../engine/kernels/sample-rows';
import { createPreviewer, dataInputsOf, type PreviewResult } from '../engine/preview';
import { getNodeType } from '../engine/registry';
import { findSampleDataset, locateSampleFile } from '../engine/samples/catalog';
import type { Table } from '../engine/table';
import { serializePreview, serializeWithInputs, type InputPreview } from '../graphql/preview-payload';
import { serializePreviewRows, type PreviewWindow } from '../graphql/preview-window';
import { parseDatasetBlob } from '../worker/parse-blob';
import { identifyUrl, loadPreparedUrl, type UrlSources } from '../worker/url-fetch/preview-hooks';
import type { UrlFetchSettings } from '../worker/url-fetch/settings';
import { createUrlDatasetsIn } from '../worker/url-fetch/url-datasets';

/**
 * One preview thread (run by piscina, see preview-pool.server.ts): a previewer whose sample-output cache
 * lives as long as the thread, so the pool routes each pipeline's previews to the same thread.
 */
export type PreviewThreadConfig = { blobDir: string; cacheBytes: number; timeoutMs: number; rowLimit: number; maxBytes: number; urlFetch: UrlFetchSettings };

/** An upload the request's team may read, checked on the main thread before the task is sent. */
export type UploadSource = { blobKey: string; format: DatasetFormat };

export type PreviewTask = {
  graph: PipelineGraph;
  nodeId: string;
  sample: SampleSpec;
  uploads: Record<string, UploadSource>;
  /** Fetch nodes' URLs as the main thread found them (see worker/url-fetch/preview-hooks.ts). */
  urlSources: UrlSources;
  /** Set for a `previewRows` request: that window of one output table is answered instead of the preview. */
  window?: PreviewWindow;
  /** Over a SharedArrayBuffer: the main thread stores 1 when a newer request supersedes this one. */
  cancel: Int32Array;
};

const config = (workerData as { config: PreviewThreadConfig }).config;
const blobs = createLocalBlobStore(config.blobDir);
const urls = createUrlDatasetsIn(config.blobDir, config.urlFetch);
/** Bundled samples are small and never change while the process runs: parsed once per thread and read options. */
const sampleTables = new Map<string, Promise<Table>>();
/** The task being computed; tasks run one at a time per thread (piscina's default). */
let current: PreviewTask | undefined;
let currentAbort: AbortController | undefined;

const previewer = createPreviewer({
  // The previewer reads its clock between nodes. A chain of synchronous nodes never yields to timers or
  // messages, so the cancel flag is read there too: a superseded preview stops at the next node.
  now() {
    if (current && Atomics.load(current.cancel, 0) !== 0) currentAbort?.abort();
    return performance.now();
  },
  cacheBytes: config.cacheBytes,
  timeoutMs: config.timeoutMs,
  rowLimit: config.rowLimit,
  identifyDataset(ref) {
    if (ref.source === 'sample') return findSampleDataset(ref.name) ? `sample:${ref.name}` : undefined;
    if (ref.source === 'url') return current && identifyUrl(current.urlSources, ref);
    const upload = current?.uploads[ref.datasetVersionId];
    // Versions are immutable and their blob key carries the file's sha256.
    return upload ? `upload:${ref.datasetVersionId}:${upload.blobKey}` : undefined;
  },
  async loadSample(ref, sample, signal, read) {
    return sampleTable(await loadTable(ref, signal, read), sample);
  },
});

async function loadTable(ref: DatasetRef, signal: AbortSignal, read: DatasetReadOptions | undefined): Promise<Table> {
  if (ref.source === 'sample') {
    const sample = findSampleDataset(ref.name);
    if (!sample) throw new UserError(`There is no sample dataset called "${ref.name}". Pick one from the Dataset list.`);
    const key = `${ref.name}\n${readOptionsKey(read)}`;
    let table = sampleTables.get(key);
    if (!table) {
      table = readFile(locateSampleFile(sample)).then((bytes) => parseDatasetBytes(new Uint8Array(bytes), { format: sample.format, ...read }));
      // A failed parse (an override naming a missing column) is not kept.
      table.catch(() => sampleTables.delete(key));
      sampleTables.set(key, table);
    }
    return table;
  }
  if (ref.source === 'url') {
    if (!current) throw new UserError(`${ref.url} was not prepared for this preview. Preview again.`);
    return loadPreparedUrl(urls, current.urlSources, ref, signal, read);
  }
  const upload = current?.uploads[ref.datasetVersionId];
  if (!upload) throw new UserError('The uploaded dataset this node reads no longer exists. Upload it again or pick another dataset.');
  // Only the sample is kept (in the previewer's cache): the whole parsed file is dropped after sampling.
  return parseDatasetBlob(blobs, upload.blobKey, { format: upload.format, ...read });
}

/**
 * Whether the node's preview has no rows of its own to show while it is set up: it fails on the sample
 * itself (settings missing or wrong), or it trains a model, whose settings (target, features) name the
 * columns of its input. Nodes shown after a run with metrics or a comparison show those instead.
 */
function showsNoRows(task: PreviewTask, result: PreviewResult): boolean {
  if (result.status === 'error') return result.failedNodeId === task.nodeId && (result.reason === 'invalid' || result.reason === 'failed');
  if (result.status !== 'after-run') return false;
  const node = task.graph.nodes.find((n) => n.id === task.nodeId);
  return Boolean(node && getNodeType(node.type)?.outputs.some((p) => p.kinds.includes('model')));
}

/** How often a running task looks at its cancel flag while it waits on I/O (e.g. reading an upload). */
const CANCEL_POLL_MS = 10;

/** The payload as JSON text: one string crosses to the main thread instead of a cloned object graph. */
export default async function computePreviewTask(task: PreviewTask): Promise<string | undefined> {
  // Superseded while queued: the main thread has already answered for it.
  if (Atomics.load(task.cancel, 0) !== 0) return undefined;
  const controller = new AbortController();
  const poll = setInterval(() => {
    if (Atomics.load(task.cancel, 0) !== 0) controller.abort();
  }, CANCEL_POLL_MS);
  current = task;
  currentAbort = controller;
  const started = performance.now();
  try {
    const result = await previewer.preview({ graph: task.graph, nodeId: task.nodeId, sample: task.sample, signal: controller.signal });
    const outputs = result.status === 'ok' ? previewer.cache.get(result.key) : undefined;
    if (task.window) return serializePreviewRows(result, outputs, task.window, config);
    if (result.status === 'ok' || !showsNoRows(task, result)) return serializePreview(result, outputs, config);
    const inputs: InputPreview[] = [];
    for (const input of dataInputsOf(task.graph, task.nodeId)) {
      // A cache hit when the node failed on the sample (its inputs were computed first); a Train not set up
      // computes them here. Either way within what is left of the one preview's time cap.
      const timeoutMs = config.timeoutMs - (performance.now() - started);
      if (timeoutMs <= 0) break;
      const upstream = await previewer.preview({ graph: task.graph, nodeId: input.nodeId, sample: task.sample, signal: controller.signal, timeoutMs });
      if (upstream.status === 'ok') inputs.push({ input, result: upstream, outputs: previewer.cache.get(upstream.key) });
    }
    return inputs.length > 0 ? serializeWithInputs(result, inputs, config) : serializePreview(result, outputs, config);
  } finally {
    current = undefined;
    currentAbort = undefined;
    clearInterval(poll);
  }
}
