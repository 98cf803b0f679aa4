import { and, eq, inArray } from 'drizzle-orm';
import type { Db } from '../db/client';
import { runs } from '../db/schema';

/**
 * The nodes this worker process is running, by run: a cancel message (CANCEL_CHANNEL) aborts their signals, so
 * their steps stop at the next batch, epoch or tree instead of at the next lease renewal.
 */
export function createRunningNodes() {
  const byRun = new Map<string, Set<AbortController>>();
  return {
    /** Returns the function that forgets the node once it ended. */
    track(runId: string, controller: AbortController) {
      const nodes = byRun.get(runId) ?? new Set();
      nodes.add(controller);
      byRun.set(runId, nodes);
      return () => {
        nodes.delete(controller);
        if (nodes.size === 0 && byRun.get(runId) === nodes) byRun.delete(runId);
      };
    },
    /** Runs with a node running here, e.g. to ask which of them ended while a cancel message could have been missed. */
    runIds: () => [...byRun.keys()],
    cancelRun(runId: string) {
      for (const controller of byRun.get(runId) ?? []) controller.abort(new Error('The run was cancelled.'));
    },
  };
}

export type RunningNodes = ReturnType<typeof createRunningNodes>;

/** Aborts this process's nodes of every run that is no longer running (cancelled or ended while we were not listening). */
export async function cancelEndedRuns(db: Db, running: RunningNodes) {
  const ids = running.runIds();
  if (ids.length === 0) return;
  try {
    const live = await db.select({ id: runs.id }).from(runs).where(and(inArray(runs.id, ids), eq(runs.status, 'running')));
    const going = new Set(live.map((r) => r.id));
    for (const id of ids) if (!going.has(id)) running.cancelRun(id);
  } catch (error) {
    // The next lease renewal finds an ended run anyway.
    console.error('[worker] could not check for runs cancelled while the database was away', error);
  }
}
