import { eq, lt, sql } from 'drizzle-orm';
import type { Db } from '../client';
import { workers } from '../schema';

/** A heartbeat this many intervals old means the worker is gone (a missed beat or two is tolerated). */
export const MISSED_HEARTBEATS = 3;
/** Rows of workers gone this long are deleted, so the table holds only recent history. */
const PRUNE_AFTER_SECONDS = 60 * 60;

export type WorkerIdentity = { id: string; pid: number; host: string; concurrency: number };

/** Records that the worker is alive now and for the next MISSED_HEARTBEATS intervals. */
export async function beatWorkerHeartbeat(db: Db, worker: WorkerIdentity, intervalSeconds: number) {
  const liveUntil = sql`now() + make_interval(secs => ${intervalSeconds * MISSED_HEARTBEATS})`;
  await db
    .insert(workers)
    .values({ ...worker, liveUntil })
    .onConflictDoUpdate({ target: workers.id, set: { heartbeatAt: sql`now()`, liveUntil } });
}

/** A worker that stops (cleanly, or seen dead by its supervisor) is no longer counted at once. */
export async function removeWorker(db: Db, id: string) {
  await db.delete(workers).where(eq(workers.id, id));
}

/** A worker seen dead by its supervisor stops counting at once, and shows as lost on the Status page until pruned. */
export async function markWorkerLost(db: Db, id: string) {
  await db.update(workers).set({ liveUntil: sql`now()` }).where(eq(workers.id, id));
}

export async function pruneWorkers(db: Db) {
  await db.delete(workers).where(lt(workers.liveUntil, sql`now() - make_interval(secs => ${PRUNE_AFTER_SECONDS})`));
}

/** How many workers are live, and the newest heartbeat of any worker (null when none ever beat). */
export async function readWorkerLiveness(db: Db) {
  const [row] = await db
    .select({
      live: sql<number>`count(*) filter (where ${workers.liveUntil} > now())::int`,
      lastHeartbeatAt: sql<string | null>`max(${workers.heartbeatAt})`,
    })
    .from(workers);
  return { live: row?.live ?? 0, lastHeartbeatAt: row?.lastHeartbeatAt ? new Date(row.lastHeartbeatAt) : null };
}
