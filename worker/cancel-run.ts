import { and, eq, inArray, sql } from 'drizzle-orm';
import type { Db } from '../db/client';
import { appendRunEvent } from '../db/queries/run-events';
import { nodeRuns, runs, type RunStatus } from '../db/schema';
import { notifyRunEnded } from './notifications/run-endings';
import { CANCEL_CHANNEL } from './queues';
import { lockRun } from './run-lifecycle';

export class RunAlreadyFinishedError extends Error {
  constructor(readonly status: RunStatus) {
    super(`This run already finished (${status === 'succeeded' ? 'it succeeded' : status}), so there is nothing to cancel. Rerun it if you need another run.`);
  }
}

type Canceller = { teamId: string; userId: string; name: string };

/**
 * Cancels a queued or running run at once, in one transaction: queued nodes become `cancelled` (claimNode
 * refuses them), running nodes too (their result can no longer commit), and the run ends `cancelled`. Workers
 * LISTEN on CANCEL_CHANNEL and abort the running nodes' signals, so their work stops at the next batch, epoch or
 * tree; a worker that misses the message stops when its next lease renewal finds the run ended.
 * Repeating the call on a cancelled run returns it unchanged; undefined when the team has no such run.
 */
export async function cancelRun(db: Db, who: Canceller, runId: string) {
  return db.transaction(async (tx) => {
    const run = await lockRun(tx, runId);
    if (!run || run.teamId !== who.teamId) return undefined;
    if (run.status === 'cancelled') return run;
    if (run.status !== 'queued' && run.status !== 'running') throw new RunAlreadyFinishedError(run.status);

    const now = new Date();
    const stopped = await tx
      .update(nodeRuns)
      .set({ status: 'cancelled', finishedAt: now, leaseExpiresAt: null })
      .where(and(eq(nodeRuns.runId, runId), inArray(nodeRuns.status, ['queued', 'running'])))
      .returning({ nodeId: nodeRuns.nodeId });
    const error = `Cancelled by ${who.name}`;
    for (const n of stopped) await appendRunEvent(tx, runId, { type: 'node_status', nodeId: n.nodeId, status: 'cancelled', message: error });
    const [cancelled] = await tx
      .update(runs)
      .set({ status: 'cancelled', error, cancelRequestedAt: now, cancelledBy: who.userId, finishedAt: now })
      .where(eq(runs.id, runId))
      .returning();
    await appendRunEvent(tx, runId, { type: 'run_status', status: 'cancelled', message: error, payload: { cancelledBy: who.userId } });

    await notifyRunEnded(tx, run, 'cancelled', error, [who.userId]);
    await tx.execute(sql`select pg_notify(${CANCEL_CHANNEL}, ${runId})`);
    return cancelled!;
  });
}
