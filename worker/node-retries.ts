import { sql } from 'drizzle-orm';
import type PgBoss from 'pg-boss';
import type { Db } from '../db/client';
import { appendRunEvent } from '../db/queries/run-events';
import { nodeRuns } from '../db/schema';
import { retryDelaySeconds, type RetrySettings } from './queues';
import { currentAttempt, enqueueNodes, failNodeWhere, lockRun, nodeLabel, pinnedGraph, withFailedAttempt, type Attempt } from './run-lifecycle';

const formatSeconds = (s: number) => (s === 1 ? '1 second' : `${Number.isInteger(s) ? s : s.toFixed(1)} seconds`);

/**
 * A transient failure: records the attempt and sends the node again after an exponential backoff, or, once
 * `retry.limit` retries failed too, makes it a dead letter and fails the run saying so.
 * We schedule retries ourselves (a delayed job under a new dispatch) rather than through pg-boss's retry, so
 * the delay is exact and the run's history can say when the next attempt starts.
 */
export async function retryOrDeadLetter(db: Db, boss: PgBoss, a: Attempt, message: string, retry: RetrySettings) {
  return db.transaction(async (tx) => {
    const run = await lockRun(tx, a.runId);
    if (!run) return;
    const [node] = await tx.select({ attempts: nodeRuns.attempts }).from(nodeRuns).where(currentAttempt(a));
    if (!node) return;
    // The run already ended (another branch failed): no retry can help it.
    if (run.status !== 'running') return void (await failNodeWhere(tx, a, currentAttempt(a), message));
    const failures = node.attempts.length + 1;
    if (failures > retry.limit) {
      const graph = await pinnedGraph(tx, run);
      const runError = `${nodeLabel(graph, a.nodeId)} failed ${failures === 1 ? 'once' : `${failures} times`} and ${retry.limit === 0 ? 'retries are off' : `its ${retry.limit === 1 ? 'retry was' : `${retry.limit} retries were`} exhausted`}; the last error: ${message}`;
      await failNodeWhere(tx, a, currentAttempt(a), message, { status: 'dead_letter', runError });
      return;
    }
    const delay = retryDelaySeconds(retry, failures);
    const retryAt = new Date(Date.now() + delay * 1000).toISOString();
    const [released] = await tx
      .update(nodeRuns)
      .set({ status: 'queued', error: message, leaseExpiresAt: null, queuedAt: sql`now()`, attempts: withFailedAttempt(message) })
      .where(currentAttempt(a))
      .returning({ attempts: nodeRuns.attempts });
    if (!released) return;
    await appendRunEvent(tx, a.runId, {
      type: 'node_log',
      nodeId: a.nodeId,
      message: `Attempt ${a.attempt} failed (${message}); retry ${failures} of ${retry.limit} in ${formatSeconds(delay)}.`,
    });
    await appendRunEvent(tx, a.runId, { type: 'node_status', nodeId: a.nodeId, status: 'queued', message, payload: { retryAt, attempts: released.attempts } });
    await enqueueNodes(tx, boss, a.runId, [a.nodeId], { startAfterSeconds: delay });
  });
}
