import type { Worker } from 'node:worker_threads';
import { UserError } from '../engine/define-node';
import type { DatasetFormat } from '../engine/io/dataset';
import type { TableProfile } from '../engine/kernels/column-profile';
import type { TableSchema } from '../engine/table';
import { startThread } from '../engine/threads/start-thread';
import { prepareThread } from '../engine/threads/thread-bundle';

/** A file on disk (an upload), or the bytes of a stored blob (profiling an older version). */
export type ParseSource = { file: string } | { bytes: Uint8Array };
/** What is known of the format: given (a stored version), or the name the user gave the file; the content settles the rest. */
export type ParseHint = { format?: DatasetFormat; fileName?: string };
export type ParseRequest = ParseSource & ParseHint;
export type ParseReply = { ok: true; format: DatasetFormat; schema: TableSchema; rowCount: number; profile: TableProfile } | { ok: false; userError?: string; error?: string };
/** Sent by the thread while it reads a file, before its reply. */
export type ParseProgress = { progress: { done: number; total: number } };
/** Bytes parsed so far of the total (a CSV whose column turned to text is read twice: the total doubles then). */
export type OnParseProgress = (done: number, total: number) => void;
export type ParsedDataset = { format: DatasetFormat; schema: TableSchema; rowCount: number; profile: TableProfile };

/** Every parse slot is taken and the waiting line is full: the caller should answer 503 with Retry-After. */
export class ParsePoolBusyError extends Error {
  readonly name = 'ParsePoolBusyError';
  constructor() {
    super('The server is busy reading other uploads. Try again in a minute.');
  }
}

type Job = ParseRequest & { what: string; onProgress?: OnParseProgress; resolve: (parsed: ParsedDataset) => void; reject: (error: Error) => void };

const entryUrl = new URL('./dataset-parse-thread.ts', import.meta.url);
/** An idle thread holds its heap; give it back after a quiet spell. */
const IDLE_MS = 30_000;

/**
 * Parses uploaded files in worker threads, at most `concurrency` at once (each parse holds a table,
 * about the size of a numeric CSV, plus one read chunk; other formats the file as well), with at most `queueLimit` uploads waiting; beyond that `parse` refuses
 * at once with ParsePoolBusyError instead of letting memory grow with the number of uploads.
 */
export function createDatasetParsePool(opts: { concurrency: number; queueLimit: number }) {
  const queue: Job[] = [];
  const idle: { worker: Worker; timer: NodeJS.Timeout }[] = [];
  const all = new Set<Worker>();
  let busy = 0;
  let stopped = false;
  // Ready long before the first upload; until then a thread boots through tsx.
  void prepareThread(entryUrl);

  function spawnThread(): Worker {
    const worker = startThread(entryUrl);
    all.add(worker);
    worker.once('exit', () => all.delete(worker));
    return worker;
  }

  function takeThread(): Worker {
    const entry = idle.pop();
    if (!entry) return spawnThread();
    clearTimeout(entry.timer);
    return entry.worker;
  }

  function release(worker: Worker) {
    worker.unref();
    const timer = setTimeout(() => {
      idle.splice(idle.findIndex((e) => e.worker === worker), 1);
      void worker.terminate();
    }, IDLE_MS);
    timer.unref();
    idle.push({ worker, timer });
  }

  function run(job: Job) {
    busy++;
    const worker = takeThread();
    worker.ref();
    const finish = (reusable: boolean) => {
      worker.off('message', onMessage);
      worker.off('error', onError);
      worker.off('exit', onExit);
      busy--;
      if (reusable && !stopped) release(worker);
      else void worker.terminate();
      pump();
    };
    const onMessage = (reply: ParseReply | ParseProgress) => {
      if ('progress' in reply) {
        job.onProgress?.(reply.progress.done, reply.progress.total);
        return;
      }
      finish(true);
      if (reply.ok) job.resolve({ format: reply.format, schema: reply.schema, rowCount: reply.rowCount, profile: reply.profile });
      else if (reply.userError !== undefined) job.reject(new UserError(reply.userError));
      else job.reject(new Error(`Parsing ${job.what} failed in its thread: ${reply.error}`));
    };
    // A thread that dies (out of memory, a bug) fails only its own upload; the next job gets a fresh thread.
    const onError = (error: Error) => {
      finish(false);
      job.reject(new Error(`The thread parsing ${job.what} died: ${error.message}`));
    };
    const onExit = (code: number) => {
      finish(false);
      job.reject(new Error(`The thread parsing ${job.what} exited (code ${code}) before answering.`));
    };
    worker.on('message', onMessage);
    worker.once('error', onError);
    worker.once('exit', onExit);
    const hint = { format: job.format, fileName: job.fileName };
    if ('file' in job) worker.postMessage({ file: job.file, ...hint } satisfies ParseRequest);
    else worker.postMessage({ bytes: job.bytes, ...hint } satisfies ParseRequest, transferable(job.bytes));
  }

  function pump() {
    while (!stopped && busy < opts.concurrency && queue.length > 0) run(queue.shift()!);
  }

  return {
    /** True when a new upload would be refused: lets the route answer 503 before reading a body. */
    isFull: () => busy >= opts.concurrency && queue.length >= opts.queueLimit,
    /**
     * Parses and profiles an upload on disk (streamed, reporting progress to `hint.onProgress`), or (bytes)
     * a stored version's blob, which is handed over, not copied.
     */
    parse(source: string | Uint8Array, hint: ParseHint & { onProgress?: OnParseProgress }, what = typeof source === 'string' ? source : 'a stored dataset'): Promise<ParsedDataset> {
      if (stopped) return Promise.reject(new Error('The dataset parse pool is stopped.'));
      if (busy >= opts.concurrency && queue.length >= opts.queueLimit) return Promise.reject(new ParsePoolBusyError());
      const input: ParseSource = typeof source === 'string' ? { file: source } : { bytes: source };
      return new Promise((resolve, reject) => {
        queue.push({ ...input, ...hint, what, resolve, reject });
        pump();
      });
    },
    async stop() {
      stopped = true;
      for (const job of queue.splice(0)) job.reject(new Error('The server is stopping.'));
      for (const { timer } of idle.splice(0)) clearTimeout(timer);
      await Promise.all([...all].map((worker) => worker.terminate()));
    },
  };
}

export type DatasetParsePool = ReturnType<typeof createDatasetParsePool>;

/** Moves a buffer the view spans whole to the thread; a view into a larger buffer is sent as a copy. */
function transferable(bytes: Uint8Array): ArrayBuffer[] {
  const whole = bytes.byteOffset === 0 && bytes.byteLength === bytes.buffer.byteLength && bytes.buffer instanceof ArrayBuffer;
  return whole ? [bytes.buffer as ArrayBuffer] : [];
}
