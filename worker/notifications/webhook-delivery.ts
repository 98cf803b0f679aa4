import { randomUUID } from 'node:crypto';
import { eq } from 'drizzle-orm';
import type PgBoss from 'pg-boss';
import type { Db } from '../../db/client';
import { webhookDeliveries, webhooks } from '../../db/schema';
import { sendInTx } from '../boss-tx';
import { QUEUES, webhookDeliveryPayload, type WebhookDeliveryPayload } from '../queues';
import { absoluteLink, retryDelayMs, type NotificationSettings } from './settings';
import { postWebhook, type PostOutcome } from './webhook-post';
import { signWebhookBody } from './webhook-signature';

type Webhook = typeof webhooks.$inferSelect;

/** 5xx, 429 (slow down) and no answer at all may heal; any other 4xx says the request itself is refused. */
export const isRetriable = (o: PostOutcome) => o.statusCode === undefined || o.statusCode >= 500 || o.statusCode === 429;
export const isSuccess = (o: PostOutcome) => o.statusCode !== undefined && o.statusCode >= 200 && o.statusCode < 300;

/**
 * Sends one attempt: the payload plus `sentAt`, signed, with the event and delivery id as headers. Retries
 * keep the delivery id, so a receiver that got an earlier attempt can drop the repeat.
 */
export async function sendAttempt(hook: Webhook, job: WebhookDeliveryPayload, settings: NotificationSettings) {
  const sentAt = new Date().toISOString();
  const link = absoluteLink(settings, job.payload.link as string | undefined);
  const body = JSON.stringify({ ...job.payload, ...(link ? { link } : {}), attempt: job.attempt, sentAt });
  const outcome = await postWebhook(
    hook.url,
    body,
    {
      'content-type': 'application/json',
      'user-agent': 'Pipewright-Webhook/1',
      'x-pipewright-event': job.event,
      'x-pipewright-delivery': job.deliveryId,
      'x-pipewright-timestamp': sentAt,
      'x-pipewright-signature': signWebhookBody(hook.secret, body),
    },
    { timeoutMs: settings.webhookTimeoutMs, allowHosts: settings.allowHosts },
  );
  const statusError = outcome.statusCode !== undefined && !isSuccess(outcome) ? `The receiver answered ${outcome.statusCode}.` : undefined;
  return { outcome, error: outcome.error ?? statusError };
}

/**
 * A webhook-delivery job: one attempt, logged in webhook_deliveries together with the job of the next attempt
 * (exponential backoff) when this one may heal. A deleted or disabled webhook is not sent to.
 */
export function createWebhookDeliveryHandler(deps: { db: Db; settings: NotificationSettings }) {
  return async ([job]: PgBoss.Job<unknown>[]) => {
    const data = webhookDeliveryPayload.parse(job!.data);
    const [hook] = await deps.db.select().from(webhooks).where(eq(webhooks.id, data.webhookId));
    if (!hook?.enabled) return;
    const { outcome, error } = await sendAttempt(hook, data, deps.settings);
    const again = isRetriable(outcome) && data.attempt < deps.settings.webhookMaxAttempts;
    await deps.db.transaction(async (tx) => {
      await tx.insert(webhookDeliveries).values({
        webhookId: hook.id,
        deliveryId: data.deliveryId,
        event: data.event,
        payload: data.payload,
        attempt: data.attempt,
        statusCode: outcome.statusCode,
        error: again ? `${error} Retrying.` : error,
        durationMs: outcome.durationMs,
      });
      if (again) {
        const next = data.attempt + 1;
        await sendInTx(tx, QUEUES.webhookDelivery, { ...data, attempt: next }, { startAfter: new Date(Date.now() + retryDelayMs(deps.settings, next)) });
      }
    });
  };
}

/** "Send test": one `ping` delivery now, from the calling process, logged like any other; no retries. */
export async function sendTestDelivery(db: Db, hook: Webhook, settings: NotificationSettings) {
  const deliveryId = randomUUID();
  const payload = { id: deliveryId, event: 'ping', createdAt: new Date().toISOString(), teamId: hook.teamId, title: 'Test delivery from Pipewright' };
  const { outcome, error } = await sendAttempt(hook, { webhookId: hook.id, deliveryId, event: 'ping', payload, attempt: 1 }, settings);
  const [row] = await db
    .insert(webhookDeliveries)
    .values({ webhookId: hook.id, deliveryId, event: 'ping', payload, attempt: 1, statusCode: outcome.statusCode, error, durationMs: outcome.durationMs })
    .returning();
  return row!;
}
