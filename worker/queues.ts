import PgBoss from 'pg-boss';
import { z } from 'zod';

/** Every queue name and payload lives here; producers and consumers both import them. */
export const QUEUES = { runNode: 'run-node', runNodeDead: 'run-node-dead' } as const;

/** NOTIFY channel that wakes idle workers at once instead of waiting out pg-boss's polling interval. */
export const WAKE_CHANNEL = 'pipewright_jobs';

export const runNodePayload = z.object({ runId: z.uuid(), nodeId: z.string().min(1), dispatch: z.number().int().positive() });
export type RunNodePayload = z.infer<typeof runNodePayload>;

export const RUN_NODE_RETRY_LIMIT = 2;

/** Starts pg-boss and makes sure our queues exist (`send` to a missing queue silently returns null). */
export async function startBoss(connectionString: string, opts: { supervise: boolean }) {
  const boss = new PgBoss({
    connectionString,
    max: 4,
    supervise: opts.supervise,
    schedule: false,
    migrate: true,
  });
  boss.on('error', (error) => console.error('[pg-boss]', error));
  await boss.start();
  await boss.createQueue(QUEUES.runNodeDead, { name: QUEUES.runNodeDead });
  const runNodeQueue = {
    name: QUEUES.runNode,
    retryLimit: RUN_NODE_RETRY_LIMIT,
    retryDelay: 1,
    retryBackoff: true,
    // Our own node leases notice a dead worker within seconds (run-lifecycle.ts); this is only the
    // longest a single node may run before pg-boss gives its job to another worker.
    expireInSeconds: 4 * 60 * 60,
    deadLetter: QUEUES.runNodeDead,
  };
  await boss.createQueue(QUEUES.runNode, runNodeQueue);
  // createQueue keeps an existing queue's settings; bring them up to date.
  await boss.updateQueue(QUEUES.runNode, runNodeQueue);
  return boss;
}
