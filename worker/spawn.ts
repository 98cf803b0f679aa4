import { fork, type ChildProcess } from 'node:child_process';
import path from 'node:path';
import { fileURLToPath } from 'node:url';

const entry = path.join(path.dirname(fileURLToPath(import.meta.url)), 'main.ts');

/** Restart delays: doubling from the first to the last, back to the first once a worker stayed up STABLE_MS. */
export const RESTART_BACKOFF_MS = { first: 1_000, max: 30_000 };
const STABLE_MS = 60_000;
/** How long a worker may take to stop beyond its drain period before it is killed. */
const STOP_MARGIN_MS = 15_000;

export type WorkerExit = { slot: number; pid: number | undefined; workerId: string | undefined; code: number | null; signal: NodeJS.Signals | null };
type SpawnOptions = {
  /** Called when a worker exits unexpectedly, before its restart is scheduled (e.g. to drop its heartbeat row). */
  onExit?: (exit: WorkerExit) => Promise<void> | void;
  /** Aborting while the workers start stops them and rejects. */
  signal?: AbortSignal;
  /** WORKER_DRAIN_SECONDS of the workers: how long a stop lets their running nodes finish. */
  drainSeconds?: number;
};

/** How long a worker ended by SIGINT during start-up waits for our own Ctrl-C handler before it counts as a failure. */
const START_SIGINT_GRACE_MS = 2_000;

type Slot = { index: number; child?: ChildProcess; workerId?: string; startedAt: number; delayMs: number; timer?: NodeJS.Timeout };

/**
 * Forks worker processes (tsx-loaded) that share our environment plus the resolved DATABASE_URL, and
 * supervises them: a worker that exits while we are not stopping is restarted after a backoff delay.
 * Start-up waits for every worker's first "ready" (they start side by side); a worker that cannot start
 * then fails the start.
 */
export async function spawnWorkers(count: number, env: Record<string, string>, opts: SpawnOptions = {}) {
  let stopping = false;
  const slots: Slot[] = Array.from({ length: count }, (_, index) => ({ index, startedAt: 0, delayMs: RESTART_BACKOFF_MS.first }));

  const launch = (slot: Slot) => {
    const child = fork(entry, [], { execArgv: ['--import', 'tsx'], env: { ...process.env, ...env } });
    slot.child = child;
    slot.workerId = undefined;
    slot.startedAt = Date.now();
    const ready = new Promise<void>((resolve, reject) => {
      child.on('message', (message: { type?: string; workerId?: string }) => {
        if (message?.type !== 'ready') return;
        slot.workerId = message.workerId;
        resolve();
      });
      child.once('exit', (code, signal) => {
        const fail = () => reject(new Error(`Worker ${slot.index + 1} exited during start-up (${describeExit(code, signal)}).`));
        // Ctrl-C reaches the whole process group, so a worker still starting dies of it a moment before our own
        // handler aborts the start: that is the user's stop, not a failure, unless no abort follows.
        if (signal === 'SIGINT' && opts.signal && !opts.signal.aborted) setTimeout(fail, START_SIGINT_GRACE_MS).unref();
        else fail();
        void onChildExit(slot, child, code, signal);
      });
    });
    return ready;
  };

  const onChildExit = async (slot: Slot, child: ChildProcess, code: number | null, signal: NodeJS.Signals | null) => {
    if (stopping || slot.child !== child) return;
    const exit = { slot: slot.index + 1, pid: child.pid, workerId: slot.workerId, code, signal };
    await Promise.resolve(opts.onExit?.(exit)).catch((error) => console.error('[workers] could not record a worker exit', error));
    if (stopping) return;
    // A worker that ran a good while before dying starts over from the shortest delay.
    if (Date.now() - slot.startedAt >= STABLE_MS) slot.delayMs = RESTART_BACKOFF_MS.first;
    const delay = slot.delayMs;
    slot.delayMs = Math.min(delay * 2, RESTART_BACKOFF_MS.max);
    console.error(`[workers] worker ${exit.slot} (pid ${exit.pid}) exited (${describeExit(code, signal)}); restarting in ${delay / 1000} s`);
    slot.timer = setTimeout(() => {
      slot.timer = undefined;
      if (stopping) return;
      launch(slot).then(
        () => console.log(`[workers] worker ${exit.slot} restarted (pid ${slot.child?.pid})`),
        () => {}, // its exit handler logs it and schedules the next attempt
      );
    }, delay);
  };

  const stop = async () => {
    stopping = true;
    for (const slot of slots) clearTimeout(slot.timer);
    const timeoutMs = (opts.drainSeconds ?? 0) * 1000 + STOP_MARGIN_MS;
    await Promise.all(slots.map((slot) => (slot.child ? stopChild(slot.child, timeoutMs) : undefined)));
  };
  try {
    opts.signal?.throwIfAborted();
    await untilAborted(Promise.all(slots.map(launch)), opts.signal);
  } catch (error) {
    await stop();
    throw error;
  }

  const kill = () => {
    stopping = true;
    for (const slot of slots) {
      clearTimeout(slot.timer);
      slot.child?.kill('SIGKILL');
    }
  };

  return {
    /** The live worker processes, one per slot (a slot waiting for its restart has none). */
    get children() {
      return slots.flatMap((s) => (s.child && s.child.exitCode === null && s.child.signalCode === null ? [s.child] : []));
    },
    stop,
    /** Ends every worker at once; their unfinished nodes are taken over by lease, as after a crash. */
    kill,
  };
}

function stopChild(child: ChildProcess, timeoutMs: number) {
  return new Promise<void>((resolve) => {
    if (child.exitCode !== null || child.signalCode !== null) return resolve();
    child.once('exit', () => resolve());
    child.kill('SIGTERM');
    setTimeout(() => child.kill('SIGKILL'), timeoutMs).unref();
  });
}

const describeExit = (code: number | null, signal: NodeJS.Signals | null) => (signal ? `signal ${signal}` : `code ${code}`);

function untilAborted<T>(work: Promise<T>, signal?: AbortSignal) {
  if (!signal) return work;
  return new Promise<T>((resolve, reject) => {
    const onAbort = () => reject(signal.reason);
    signal.addEventListener('abort', onAbort, { once: true });
    work.then(resolve, reject).finally(() => signal.removeEventListener('abort', onAbort));
  });
}
