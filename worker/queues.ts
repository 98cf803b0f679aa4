import PgBoss from 'pg-boss';
import { z } from 'zod';
import { isConnectionLoss } from '../db/connection-loss';
import { notificationEvents, webhookEvents } from '../db/schema/notifications';

/** Every queue name and payload lives here; producers and consumers both import them. */
export const QUEUES = { runNode: 'run-node', runNodeDead: 'run-node-dead', webhookDelivery: 'webhook-delivery', notificationEmail: 'notification-email', registerModels: 'register-models' } as const;

/** NOTIFY channel that wakes idle workers at once instead of waiting out pg-boss's polling interval. */
export const WAKE_CHANNEL = 'pipewright_jobs';

/** NOTIFY channel carrying a run id when the run is cancelled: every worker aborts its nodes of that run at once. */
export const CANCEL_CHANNEL = 'pipewright_cancel';

export const runNodePayload = z.object({ runId: z.uuid(), nodeId: z.string().min(1), dispatch: z.number().int().positive() });
export type RunNodePayload = z.infer<typeof runNodePayload>;

/**
 * A node whose step fails with a transient error (anything but a UserError: storage, network, a crashed
 * library) runs again after `delaySeconds`, then twice that, four times… until `limit` retries failed too;
 * then it is a dead letter (NODE_RETRY_LIMIT, NODE_RETRY_DELAY_SECONDS).
 */
export type RetrySettings = { limit: number; delaySeconds: number };
export const DEFAULT_RETRY: RetrySettings = { limit: 2, delaySeconds: 5 };

/** Seconds to wait before the retry that follows the `failures`-th failed attempt (1, 2, …). */
export const retryDelaySeconds = (retry: RetrySettings, failures: number) => retry.delaySeconds * 2 ** (failures - 1);

/**
 * pg-boss's own retries of a node job, for a handler that crashed outside the node's step (its transient
 * errors are retried by us, above, which can say when and why); a stale retry is refused by claimNode.
 */
export const RUN_NODE_RETRY_LIMIT = 2;

/** One attempt of one webhook delivery; a failed attempt with attempts left sends the next as a new job, later. */
export const webhookDeliveryPayload = z.object({
  webhookId: z.uuid(),
  deliveryId: z.uuid(),
  event: z.enum(webhookEvents),
  payload: z.record(z.string(), z.unknown()),
  attempt: z.number().int().positive(),
});
export type WebhookDeliveryPayload = z.infer<typeof webhookDeliveryPayload>;

/** One e-mail of one event to one recipient (chosen by their preferences), so a retry resends only that one. */
export const notificationEmailPayload = z.object({
  event: z.enum(notificationEvents),
  userId: z.uuid(),
  title: z.string(),
  body: z.string().optional(),
  link: z.string().optional(),
});
export type NotificationEmailPayload = z.infer<typeof notificationEmailPayload>;

/** A succeeded run whose Train nodes ask to be registered as models (worker/model-auto-registration.ts). */
export const registerModelsPayload = z.object({ runId: z.uuid() });

/**
 * pg-boss's expiry of a node job, in node leases. Our sweeper, not this expiry, recovers nodes of dead
 * workers (docs/decisions/0002-node-leases.md); the expiry only returns a dead worker's job to the queue,
 * where its stale dispatch number gets it dropped. It is generous because pg-boss also stops waiting for a
 * handler after it: a node running longer still finishes (claimNode refuses the retried job while the
 * node's lease is live), but its worker's slot takes another job meanwhile.
 */
export const JOB_EXPIRY_LEASES = 10;

/** Starts pg-boss and makes sure our queues exist (`send` to a missing queue silently returns null). */
export async function startBoss(connectionString: string, opts: { supervise: boolean; leaseSeconds: number }) {
  const boss = new PgBoss({
    connectionString,
    max: 4,
    supervise: opts.supervise,
    schedule: false,
    migrate: true,
  });
  boss.on('error', (error) => {
    // A database restart ends every pooled connection: pg-boss reconnects by itself, so one line each, not the client dump.
    if (isConnectionLoss(error)) console.warn(`[pg-boss] lost a database connection (${error.message}); it reconnects by itself`);
    else console.error('[pg-boss]', error);
  });
  await boss.start();
  await boss.createQueue(QUEUES.runNodeDead, { name: QUEUES.runNodeDead });
  const runNodeQueue = {
    name: QUEUES.runNode,
    retryLimit: RUN_NODE_RETRY_LIMIT,
    retryDelay: 1,
    retryBackoff: true,
    expireInSeconds: Math.ceil(opts.leaseSeconds * JOB_EXPIRY_LEASES),
    deadLetter: QUEUES.runNodeDead,
  };
  await boss.createQueue(QUEUES.runNode, runNodeQueue);
  // createQueue keeps an existing queue's settings; bring them up to date.
  await boss.updateQueue(QUEUES.runNode, runNodeQueue);
  // Webhook retries are our own jobs (each attempt logged, 4xx not retried); pg-boss retries only a job whose worker died.
  await boss.createQueue(QUEUES.webhookDelivery, { name: QUEUES.webhookDelivery, retryLimit: 1, expireInSeconds: 300 });
  await boss.createQueue(QUEUES.registerModels, { name: QUEUES.registerModels, retryLimit: 3, retryDelay: 5, retryBackoff: true, expireInSeconds: 300 });
  await boss.createQueue(QUEUES.notificationEmail, { name: QUEUES.notificationEmail, retryLimit: 5, retryDelay: 30, retryBackoff: true, expireInSeconds: 300 });
  return boss;
}
