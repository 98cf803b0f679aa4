import { and, eq } from 'drizzle-orm';
import type PgBoss from 'pg-boss';
import type { Db } from '../db/client';
import { nodeRuns, workers } from '../db/schema';
import { QUEUES, type RunNodePayload } from './queues';
import { redispatchRunningNode } from './redispatch';
import { enqueueNodes, lockRun, type Attempt } from './run-lifecycle';

/**
 * A worker's graceful stop (SIGTERM): it says so in its heartbeat row (the Status page shows "draining"),
 * takes no new jobs, gives its running nodes a grace period to finish, then hands the rest back to the
 * queue under a new dispatch, so another worker starts them at once instead of after their lease lapses.
 */

type Running = { attempt: Attempt; abort: (reason: Error) => void; renew: () => Promise<void> };

/** The nodes this worker is running now, and whether it is draining. */
export function createInFlight() {
  const running = new Map<string, Running>();
  let idle: (() => void) | undefined;
  const key = (a: Attempt) => `${a.runId}/${a.nodeId}/${a.attempt}`;
  return {
    draining: false,
    add(entry: Running) {
      running.set(key(entry.attempt), entry);
    },
    delete(a: Attempt) {
      running.delete(key(a));
      if (running.size === 0) idle?.();
    },
    get size() {
      return running.size;
    },
    entries: () => [...running.values()],
    /** Extends the lease of every node running here (each aborts itself if it was taken over meanwhile). */
    renewAll: () => Promise.all([...running.values()].map((entry) => entry.renew())),
    /** Resolves once nothing runs, or after `ms`. */
    settle(ms: number) {
      if (running.size === 0) return Promise.resolve();
      return new Promise<void>((resolve) => {
        const timer = setTimeout(resolve, ms);
        idle = () => {
          clearTimeout(timer);
          resolve();
        };
      });
    },
  };
}

export type InFlight = ReturnType<typeof createInFlight>;

/** After hand-back, how long the aborted nodes get to unwind before the process stops anyway. */
const UNWIND_MS = 2_000;

export async function drainWorker(deps: { db: Db; boss: PgBoss; workerId: string; inFlight: InFlight; graceSeconds: number }) {
  const { db, boss, inFlight } = deps;
  inFlight.draining = true;
  await db.update(workers).set({ draining: true }).where(eq(workers.id, deps.workerId)).catch((error) => console.error('[worker] could not mark itself draining', error));
  await boss.offWork(QUEUES.runNode);
  if (inFlight.size > 0) console.log(`[worker ${process.pid}] draining: ${inFlight.size} node(s) running, waiting up to ${deps.graceSeconds} s`);
  await inFlight.settle(deps.graceSeconds * 1000);
  const left = inFlight.entries();
  for (const entry of left) {
    await handBackNode(db, boss, entry.attempt).catch((error) => console.error('[worker] could not hand a node back; its lease will lapse instead', error));
    entry.abort(new Error('This worker is stopping; the node was handed to another worker.'));
  }
  if (left.length > 0) {
    console.log(`[worker ${process.pid}] handed ${left.length} unfinished node(s) back to the queue`);
    await inFlight.settle(UNWIND_MS);
  }
}

/** Returns a running attempt of ours to the queue under a new dispatch (or skips it when its run ended meanwhile). */
export async function handBackNode(db: Db, boss: PgBoss, a: Attempt) {
  await db.transaction((tx) => redispatchRunningNode(tx, boss, a, undefined, `The worker running attempt ${a.attempt} is stopping`));
}

/**
 * A job fetched in the moment the worker began draining: rather than start it, send the node again
 * (a new dispatch) so a worker that stays takes it now; this job then ends as stale.
 */
export async function handBackJob(db: Db, boss: PgBoss, job: RunNodePayload) {
  await db.transaction(async (tx) => {
    const run = await lockRun(tx, job.runId);
    if (!run || (run.status !== 'queued' && run.status !== 'running')) return;
    const where = and(eq(nodeRuns.runId, job.runId), eq(nodeRuns.nodeId, job.nodeId), eq(nodeRuns.dispatch, job.dispatch), eq(nodeRuns.status, 'queued'));
    const [still] = await tx.select({ nodeId: nodeRuns.nodeId }).from(nodeRuns).where(where);
    if (still) await enqueueNodes(tx, boss, job.runId, [job.nodeId]);
  });
}
