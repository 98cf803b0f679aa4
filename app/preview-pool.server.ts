import { fileURLToPath } from 'node:url';
import { Piscina } from 'piscina';
import { bundledThread, prepareThread } from '../engine/threads/thread-bundle';
import { workerExecArgv } from '../engine/threads/start-thread';
import type { SampleSpec } from '../engine/content-key';
import type { PipelineGraph } from '../engine/graph-types';
import type { PreviewPayload } from '../graphql/preview-payload';
import { RawJson } from '../graphql/raw-json';
import type { PreviewWindow } from '../graphql/preview-window';
import type { UrlFetchSettings } from '../worker/url-fetch/settings';
import type { UrlSources } from '../worker/url-fetch/preview-hooks';
import type { PreviewTask, PreviewThreadConfig, UploadSource } from './preview-thread.server';

export type PreviewPoolOptions = {
  threads: number;
  /** Cache budget of all threads together. */
  cacheMb: number;
  timeoutMs: number;
  rowLimit: number;
  maxKb: number;
  blobDir: string;
  /** Fetch nodes' limits and allowlist, for reading the URL copies the main thread prepared. */
  urlFetch: UrlFetchSettings;
};

export type PreviewRequest = {
  /** Requests with the same key (viewer, pipeline, node) supersede each other: only the newest is computed. */
  supersedeKey: string;
  pipelineId: string;
  graph: PipelineGraph;
  nodeId: string;
  sample: SampleSpec;
  uploads: Record<string, UploadSource>;
  urlSources: UrlSources;
  /** A `previewRows` request: the thread answers with these rows of the node's output (see preview-window.ts). */
  window?: PreviewWindow;
};

const THREAD_IDLE_MS = 10 * 60 * 1000;
const bootFile = fileURLToPath(new URL('./preview-thread-boot.mjs', import.meta.url));
const entry = new URL('./preview-thread.server.ts', import.meta.url);

/**
 * What a lane's thread loads: the entry's bundle (ADR 0018: no TypeScript loader to register and no imports to
 * transform, ~190 ms less CPU for every thread started, after the server starts and after each idle spell),
 * else preview-thread-boot.mjs, which boots it through tsx. Awaited by every preview, so a thread does not load
 * both (two copies of the engine, each with a cache) unless the bundle's file is removed meanwhile (bundledThread,
 * as for every other thread); the first preview waits for the bundle, less time than booting through tsx takes.
 */
const threadFile = () =>
  prepareThread(entry).then(() => {
    const bundle = bundledThread(entry);
    return bundle ? fileURLToPath(bundle) : bootFile;
  });

/**
 * Previews in worker threads of the web process, so a slow one never holds up other requests.
 * One single-thread piscina pool per lane rather than one pool of N threads: piscina hands a task to any
 * idle thread, while each thread's cache only helps the pipelines it has seen, so a pipeline keeps to
 * its home lane (by hash) unless that lane is busy and another is idle.
 */
export function createPreviewPool(opts: PreviewPoolOptions) {
  const config: PreviewThreadConfig = {
    blobDir: opts.blobDir,
    cacheBytes: Math.floor((opts.cacheMb * 1024 * 1024) / opts.threads),
    timeoutMs: opts.timeoutMs,
    rowLimit: opts.rowLimit,
    maxBytes: opts.maxKb * 1024,
    urlFetch: opts.urlFetch,
  };
  const lanes = Array.from({ length: opts.threads }, () => ({
    pool: new Piscina({
      filename: null,
      // Threads need no loader of their own (see threadFile), and refuse V8 flags given them: see workerExecArgv.
      execArgv: workerExecArgv(),
      // Started by the first preview, not with the server (a thread loads the engine: a CPU burst), and
      // ended after a long quiet spell, giving its cache's memory back.
      minThreads: 0,
      maxThreads: 1,
      idleTimeout: THREAD_IDLE_MS,
      // A thread idles on Atomics.wait by default, which would freeze a superseded task's pending I/O.
      atomics: 'disabled',
      workerData: { entry: entry.href, config },
    }),
    inFlight: 0,
  }));
  const pending = new Map<string, () => void>();
  // The thread's own time cap ends a preview; this answers for one stuck in a node that never yields.
  // Generous: the first preview of a lane also waits for its thread to start and load the engine.
  const answerWithinMs = opts.timeoutMs * 2 + 5000;
  // A thread still busy long after that is ended (piscina starts a fresh one, with an empty cache).
  const killAfterMs = Math.max(30_000, opts.timeoutMs * 10);

  function pickLane(pipelineId: string) {
    const home = lanes[hashOf(pipelineId) % lanes.length]!;
    if (home.inFlight === 0) return home;
    return lanes.find((l) => l.inFlight === 0) ?? home;
  }

  /** The PreviewPayload (or, for a window, PreviewRowsPayload) as JSON text, for the resolver to return as is. */
  function preview(request: PreviewRequest): Promise<RawJson> {
    pending.get(request.supersedeKey)?.();
    const cancel = new Int32Array(new SharedArrayBuffer(4));
    const lane = pickLane(request.pipelineId);
    const kill = new AbortController();
    lane.inFlight++;
    return new Promise<RawJson>((resolve) => {
      const stop = (answer: RawJson) => {
        Atomics.store(cancel, 0, 1);
        resolve(answer);
      };
      const supersede = () => stop(stopped(request.nodeId, 'aborted', 'A newer preview of this step replaced this one.'));
      pending.set(request.supersedeKey, supersede);
      const late = setTimeout(() => stop(stopped(request.nodeId, 'timeout', `The preview took longer than ${opts.timeoutMs} ms. Use a smaller sample, or run the pipeline to see the full result.`)), answerWithinMs);
      const killer = setTimeout(() => kill.abort(), killAfterMs);
      const task: PreviewTask = { graph: request.graph, nodeId: request.nodeId, sample: request.sample, uploads: request.uploads, urlSources: request.urlSources, window: request.window, cancel };
      threadFile()
        .then((filename) => lane.pool.run(task, { signal: kill.signal, filename }))
        .then(
          (json: string | undefined) => resolve(json === undefined ? supersededAnswer(request.nodeId) : new RawJson(json)),
          (error: unknown) => resolve(stopped(request.nodeId, 'failed', `The preview stopped unexpectedly: ${error instanceof Error ? error.message : String(error)}`)),
        )
        .finally(() => {
          lane.inFlight--;
          clearTimeout(late);
          clearTimeout(killer);
          if (pending.get(request.supersedeKey) === supersede) pending.delete(request.supersedeKey);
        });
    });
  }

  return {
    preview,
    /** The caps every preview answer keeps to; run outputs shown in the same grid keep to them too. */
    caps: { rowLimit: config.rowLimit, maxBytes: config.maxBytes },
    /** Previews sent to threads and not yet answered by them (superseded ones included until they stop). */
    inFlight: () => lanes.reduce((n, l) => n + l.inFlight, 0),
    async stop() {
      for (const supersede of pending.values()) supersede();
      await Promise.all(lanes.map((l) => l.pool.destroy()));
    },
  };
}

export type PreviewPool = ReturnType<typeof createPreviewPool>;

function supersededAnswer(nodeId: string): RawJson {
  return stopped(nodeId, 'aborted', 'A newer preview of this step replaced this one.');
}

function stopped(nodeId: string, reason: 'aborted' | 'timeout' | 'failed', message: string): RawJson {
  const payload: PreviewPayload = { status: 'error', nodeId, failedNodeId: nodeId, reason, message, computed: [], ms: 0 };
  return new RawJson(JSON.stringify(payload));
}

/** FNV-1a: a stable lane per pipeline id. */
function hashOf(text: string): number {
  let hash = 0x811c9dc5;
  for (let i = 0; i < text.length; i++) hash = Math.imul(hash ^ text.charCodeAt(i), 0x01000193);
  return hash >>> 0;
}
