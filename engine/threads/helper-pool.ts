import type { Worker } from 'node:worker_threads';
import { startThread } from './start-thread';

/**
 * Worker threads that help the calling thread with jobs on shared memory (batch prediction, the Gram
 * matrix): the caller posts a job to every helper, claims work itself from the job's atomic counter, and
 * waits only while a helper still holds a piece it claimed. A helper answers each job with its id (the
 * number, or an object with an `id`). A helper that fails (an error or an exit) fails the pool: every job
 * waiting on it is rejected, the rest of its helpers are terminated, and its owner starts another pool
 * for the next job. Helpers are unref'd between jobs, so they never hold an idle process open.
 * Loaded only through `await import` in Node.
 */
export type HelperPool = {
  readonly workers: readonly Worker[];
  /** Failed or stopped: its owner starts another pool for the next job. */
  readonly failed: boolean;
  /**
   * Settles once `finished()` holds, checked now and after each reply to job `id`, with the helpers holding
   * the process open meanwhile (an unfinished piece must be waited for). Rejects when the pool fails first.
   */
  finish(id: number, finished: () => boolean): Promise<void>;
  /** Terminates the helpers; settles once none of them can write to shared memory any more. */
  stop(): Promise<unknown>;
};

type Waiter = { check: () => boolean; resolve: () => void; reject: (error: unknown) => void };

/** `onMessage` sees every message before the pool looks for a job id in it. */
export function startHelperPool(entry: URL, helpers: number, what: string, onMessage: (message: unknown) => void = () => {}): HelperPool {
  const workers: Worker[] = [];
  const waiting = new Map<number, Waiter>();
  let failed = false;
  let stopped: Promise<unknown> | undefined;
  let held = 0;
  const stop = () => {
    failed = true;
    return (stopped ??= Promise.all(workers.map((worker) => worker.terminate())));
  };
  const fail = (error: unknown) => {
    void stop();
    for (const waiter of waiting.values()) waiter.reject(error);
    waiting.clear();
  };
  for (let i = 0; i < helpers; i++) {
    const worker = startThread(entry);
    worker.on('message', (message: unknown) => {
      onMessage(message);
      const id = typeof message === 'number' ? message : (message as { id?: unknown } | null)?.id;
      const waiter = typeof id === 'number' ? waiting.get(id) : undefined;
      if (waiter?.check()) {
        waiting.delete(id as number);
        waiter.resolve();
      }
    });
    worker.on('error', fail);
    worker.on('exit', (code) => fail(new Error(`${what} exited with code ${code}.`)));
    // After the listeners: a 'message' listener added later would hold the process open again.
    worker.unref();
    workers.push(worker);
  }
  return {
    workers,
    get failed() {
      return failed;
    },
    stop,
    async finish(id, finished) {
      if (finished()) return;
      if (failed) throw new Error(`${what}s were stopped before their job was done.`);
      const done = new Promise<void>((resolve, reject) => waiting.set(id, { check: finished, resolve, reject }));
      if (held++ === 0) for (const worker of workers) worker.ref();
      try {
        await done;
      } finally {
        waiting.delete(id);
        if (--held === 0) for (const worker of workers) worker.unref();
      }
    },
  };
}
