import { and, type SQL } from 'drizzle-orm';
import type PgBoss from 'pg-boss';
import type { Tx } from '../db/client';
import { appendRunEvent } from '../db/queries/run-events';
import { nodeRuns } from '../db/schema';
import { currentAttempt, enqueueNodes, lockRun, type Attempt } from './run-lifecycle';

/**
 * Takes a running attempt away from its worker and sends the node to the queue under a new dispatch, so any
 * worker starts it afresh (the old dispatch's job is refused by claimNode). `where` narrows the attempt further
 * (e.g. "its lease lapsed"), checked under the run's lock; `why` tells the run's history what happened to the
 * worker. When the run ended meanwhile the node is skipped instead. False when the attempt no longer matched.
 */
export async function redispatchRunningNode(tx: Tx, boss: PgBoss, a: Attempt, where: SQL | undefined, why: string) {
  const run = await lockRun(tx, a.runId);
  const runGoing = run?.status === 'running';
  const [released] = await tx
    .update(nodeRuns)
    .set(runGoing ? { status: 'queued', leaseExpiresAt: null } : { status: 'skipped', leaseExpiresAt: null, finishedAt: new Date() })
    .where(and(currentAttempt(a), where))
    .returning({ nodeId: nodeRuns.nodeId });
  if (!released) return false;
  if (!runGoing) {
    await appendRunEvent(tx, a.runId, { type: 'node_status', nodeId: a.nodeId, status: 'skipped' });
    return true;
  }
  await appendRunEvent(tx, a.runId, { type: 'node_log', nodeId: a.nodeId, message: `${why}; another worker is starting this step again.` });
  await appendRunEvent(tx, a.runId, { type: 'node_status', nodeId: a.nodeId, status: 'queued' });
  await enqueueNodes(tx, boss, a.runId, [a.nodeId]);
  console.log(`[worker ${process.pid}] ${a.nodeId} of run ${a.runId}: ${why}; sent to the queue again`);
  return true;
}
