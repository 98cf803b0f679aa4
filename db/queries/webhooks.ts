import { and, desc, eq } from 'drizzle-orm';
import type { Db } from '../client';
import { webhookDeliveries, webhooks, type NotificationEvent } from '../schema';

export type WebhookRow = typeof webhooks.$inferSelect;
export type WebhookDeliveryRow = typeof webhookDeliveries.$inferSelect;

/** A team's webhooks without their secrets (the secret is shown once, when created). */
export async function listWebhooks(db: Db, teamId: string) {
  const rows = await db.select().from(webhooks).where(eq(webhooks.teamId, teamId)).orderBy(desc(webhooks.createdAt));
  return rows.map(({ secret: _secret, ...rest }) => rest);
}

export async function findWebhook(db: Db, teamId: string, id: string) {
  const [row] = await db.select().from(webhooks).where(and(eq(webhooks.id, id), eq(webhooks.teamId, teamId)));
  return row;
}

export async function insertWebhook(db: Db, v: { teamId: string; createdBy: string; url: string; events: NotificationEvent[]; secret: string }) {
  const [row] = await db.insert(webhooks).values(v).returning();
  return row!;
}

export async function updateWebhook(db: Db, teamId: string, id: string, set: Partial<Pick<WebhookRow, 'url' | 'events' | 'enabled'>>) {
  const [row] = await db.update(webhooks).set(set).where(and(eq(webhooks.id, id), eq(webhooks.teamId, teamId))).returning();
  return row;
}

export async function deleteWebhook(db: Db, teamId: string, id: string) {
  const rows = await db.delete(webhooks).where(and(eq(webhooks.id, id), eq(webhooks.teamId, teamId))).returning({ id: webhooks.id });
  return rows.length > 0;
}

/** The latest attempts of a team's webhook, newest first (every attempt of a delivery is its own row). */
export async function listDeliveries(db: Db, teamId: string, webhookId: string, limit = 50) {
  return db
    .select({
      id: webhookDeliveries.id,
      deliveryId: webhookDeliveries.deliveryId,
      event: webhookDeliveries.event,
      attempt: webhookDeliveries.attempt,
      statusCode: webhookDeliveries.statusCode,
      error: webhookDeliveries.error,
      durationMs: webhookDeliveries.durationMs,
      createdAt: webhookDeliveries.createdAt,
    })
    .from(webhookDeliveries)
    .innerJoin(webhooks, eq(webhooks.id, webhookDeliveries.webhookId))
    .where(and(eq(webhookDeliveries.webhookId, webhookId), eq(webhooks.teamId, teamId)))
    .orderBy(desc(webhookDeliveries.createdAt), desc(webhookDeliveries.attempt))
    .limit(limit);
}
