import { and, eq, sql } from 'drizzle-orm';
import type PgBoss from 'pg-boss';
import type { Db } from '../db/client';
import { appendRunEvent } from '../db/queries/run-events';
import { nodeRuns } from '../db/schema';
import { QUEUES } from './queues';
import { redispatchRunningNode } from './redispatch';
import { currentAttempt, enqueueNodes, failNodeWhere, lockRun } from './run-lifecycle';

/**
 * The sweeper: every non-terminal node state has a deadline, and this is what acts on it.
 * - running: the worker renews a lease; a lapsed lease means the worker died, so the node is re-dispatched.
 * - queued with a job a worker took: claiming takes milliseconds, so a job active this long without a
 *   claim belongs to a worker that died in between; a job that ended while the node is still queued will
 *   never run it. Either way the node is re-dispatched.
 * - queued with a job still waiting (created/retry): workers are busy or absent; that is not a fault.
 * Safe to run from every worker at once: each action re-checks the node under the run's lock.
 */
export const MAX_NODE_ATTEMPTS = 3;
/** Lease takeovers and lost dispatches together; past this the node fails instead of looping. */
export const MAX_NODE_DISPATCHES = 10;
const PGBOSS_SCHEMA = 'pgboss';

/**
 * A taken job may go unclaimed for one lease period before its worker is presumed dead: the same silence
 * that ends a running node's lease (a busy event loop can delay a claim by seconds; it is not a death).
 */
export async function sweepNodes(db: Db, boss: PgBoss, leaseSeconds: number) {
  await recoverExpiredNodes(db, boss);
  await recoverStalledDispatches(db, boss, leaseSeconds);
}

/**
 * A worker's sweeper tick: it renews the leases of the nodes it runs itself, then sweeps. A synchronous stretch
 * (loading TensorFlow.js, a long fit step on a busy machine, a paused VM) can delay this process's renewals past
 * the lease, and its sweeper is then due at the same moment; its own nodes are alive all the same, so it never
 * takes a node over from itself. Another worker still takes over a node whose worker stays silent.
 */
export async function renewOwnThenSweep(db: Db, boss: PgBoss, leaseSeconds: number, own: { renewAll(): Promise<unknown> }) {
  await own.renewAll();
  await sweepNodes(db, boss, leaseSeconds);
}

const lapsed = sql`${nodeRuns.leaseExpiresAt} < now()`;

/** Hands every node whose worker stopped renewing its lease to a new job, or fails it after MAX_NODE_ATTEMPTS. */
export async function recoverExpiredNodes(db: Db, boss: PgBoss) {
  const expired = await db
    .select({ runId: nodeRuns.runId, nodeId: nodeRuns.nodeId, attempt: nodeRuns.attempt })
    .from(nodeRuns)
    .where(and(eq(nodeRuns.status, 'running'), lapsed))
    .limit(100);
  for (const a of expired) {
    await db.transaction(async (tx) => {
      if (a.attempt >= MAX_NODE_ATTEMPTS) {
        const message = `The worker running this step stopped responding ${a.attempt} times. Check the workers' logs and memory, then run again.`;
        await failNodeWhere(tx, a, and(currentAttempt(a), lapsed), message);
        return;
      }
      await redispatchRunningNode(tx, boss, a, lapsed, `The worker running attempt ${a.attempt} stopped responding`);
    });
  }
  return expired.length;
}

type Stalled = { run_id: string; node_id: string; dispatch: number; job_id: string; state: string | null };

/** Re-dispatches queued nodes whose job was taken by a worker that never claimed it, or ended without running it. */
export async function recoverStalledDispatches(db: Db, boss: PgBoss, claimDeadlineSeconds: number) {
  const deadline = sql`now() - make_interval(secs => ${claimDeadlineSeconds})`;
  const stalled = (await db.execute(sql`
    select n.run_id, n.node_id, n.dispatch, n.job_id, j.state::text as state
    from node_runs n
    join runs r on r.id = n.run_id and r.status in ('queued', 'running')
    left join ${sql.identifier(PGBOSS_SCHEMA)}.job j on j.name = ${QUEUES.runNode} and j.id = n.job_id
    where n.status = 'queued' and n.job_id is not null and n.queued_at < ${deadline}
      and (j.id is null or j.state > 'active' or (j.state = 'active' and j.started_on < ${deadline}))
    limit 100
  `)) as unknown as Stalled[];
  for (const s of stalled) await redispatch(db, boss, s);
  return stalled.length;
}

async function redispatch(db: Db, boss: PgBoss, s: Stalled) {
  const node = { runId: s.run_id, nodeId: s.node_id };
  const unchanged = and(
    eq(nodeRuns.runId, s.run_id),
    eq(nodeRuns.nodeId, s.node_id),
    eq(nodeRuns.status, 'queued'),
    eq(nodeRuns.dispatch, s.dispatch),
    eq(nodeRuns.jobId, s.job_id),
  );
  await db.transaction(async (tx) => {
    if (s.dispatch >= MAX_NODE_DISPATCHES) {
      const message = `This step was handed to workers ${s.dispatch} times without finishing; the workers keep stopping. Check their logs and memory, then run again.`;
      await failNodeWhere(tx, node, unchanged, message);
      return;
    }
    const run = await lockRun(tx, s.run_id);
    if (!run || (run.status !== 'queued' && run.status !== 'running')) return;
    const [still] = await tx.select({ nodeId: nodeRuns.nodeId }).from(nodeRuns).where(unchanged);
    if (!still) return;
    // The dead worker's job stays active until pg-boss expires and retries it; its dispatch is stale by then.
    const why =
      s.state === 'active'
        ? 'The worker that took this step stopped before starting it'
        : `This step's job ended (${s.state ?? 'removed'}) without running it`;
    await appendRunEvent(tx, s.run_id, { type: 'node_log', nodeId: s.node_id, message: `${why}; sending it to a worker again.` });
    await enqueueNodes(tx, boss, s.run_id, [s.node_id]);
  });
}
