import { randomUUID } from 'node:crypto';
import { and, count, desc, eq, inArray, isNull, sql } from 'drizzle-orm';
import { sendInTx } from '../../worker/boss-tx';
import { QUEUES, WAKE_CHANNEL, type NotificationEmailPayload, type WebhookDeliveryPayload } from '../../worker/queues';
import type { Db, Tx } from '../client';
import { notificationEvents, notificationPreferences, notifications, webhooks, type NotificationEvent } from '../schema';

/** NOTIFY channel carrying `<userId>:<notificationId>` when a notification is added: the bell updates live. */
export const NOTIFICATIONS_CHANNEL = 'pipewright_notifications';

export type TeamEvent = {
  event: NotificationEvent;
  teamId: string;
  title: string;
  body?: string;
  /** App path the notification opens, e.g. /runs/<id>. */
  link?: string;
  runId?: string;
  /** Users told in the app and by e-mail (each one's preferences permitting). */
  recipients: string[];
  /** Facts for webhook receivers (e.g. the run's pipeline and status), sent as the payload's `data`. */
  data?: Record<string, unknown>;
};

export type Preference = { event: NotificationEvent; inApp: boolean; email: boolean };

/**
 * What a user gets without having chosen: everything in the app; e-mail only when something needs a person
 * (a failed run, a schedule that stopped), so a busy team is not mailed for every successful run.
 */
export const DEFAULT_PREFERENCES: Record<NotificationEvent, Omit<Preference, 'event'>> = {
  run_succeeded: { inApp: true, email: false },
  run_failed: { inApp: true, email: true },
  run_cancelled: { inApp: true, email: false },
  schedule_paused: { inApp: true, email: true },
};

/**
 * Records an event in the caller's transaction, so a notification (and every e-mail and webhook delivery,
 * which are pg-boss jobs sent in the same transaction) exists exactly when the change it reports committed.
 * Every producer (run endings, cancels, schedules) calls this one function.
 */
export async function notifyTeamEvent(tx: Tx, e: TeamEvent) {
  const recipients = [...new Set(e.recipients)];
  // One statement on the way to a run's answer: the in-app notices are inserted with each recipient's preference
  // checked in SQL, and the same statement answers who is e-mailed and which webhooks are told. Each inserted
  // notice is queued (sent at commit) by the insert itself; counting the inserted rows makes their RETURNING run.
  const defaults = DEFAULT_PREFERENCES[e.event];
  const found = await tx.execute<{ kind: 'notices' | 'mail' | 'hook'; id: string }>(sql`
    with recipient as (
      select r.id::uuid as user_id from jsonb_array_elements_text(${JSON.stringify(recipients)}::jsonb) as r(id)
    ), chosen as (
      select r.user_id, coalesce(p.in_app, ${defaults.inApp}) as in_app, coalesce(p.email, ${defaults.email}) as email
      from recipient r left join ${notificationPreferences} p on p.user_id = r.user_id and p.event = ${e.event}
    ), noticed as (
      insert into ${notifications} (user_id, team_id, event, title, body, link, run_id)
      select user_id, ${e.teamId}::uuid, ${e.event}, ${e.title}, ${e.body ?? null}, ${e.link ?? null}, ${e.runId ?? null}::uuid
      from chosen where in_app
      returning pg_notify(${NOTIFICATIONS_CHANNEL}, user_id::text || ':' || id::text)
    )
    select 'notices' as kind, count(*)::text as id from noticed
    union all
    select 'mail', user_id::text from chosen where email
    union all
    select 'hook', id::text from ${webhooks} where team_id = ${e.teamId}::uuid and enabled and events @> ${JSON.stringify([e.event])}::jsonb`);
  const mailTo = new Set(found.flatMap((f) => (f.kind === 'mail' ? [f.id] : [])));
  const mailed = recipients.filter((id) => mailTo.has(id));
  const hooks = found.flatMap((f) => (f.kind === 'hook' ? [{ id: f.id }] : []));
  for (const userId of mailed) {
    const job: NotificationEmailPayload = { event: e.event, userId, title: e.title, body: e.body, link: e.link };
    await sendInTx(tx, QUEUES.notificationEmail, job);
  }

  for (const hook of hooks) {
    const deliveryId = randomUUID();
    const job: WebhookDeliveryPayload = { webhookId: hook.id, deliveryId, event: e.event, attempt: 1, payload: webhookPayload(deliveryId, e) };
    await sendInTx(tx, QUEUES.webhookDelivery, job);
  }
  if (mailed.length > 0 || hooks.length > 0) await tx.execute(sql`select pg_notify(${WAKE_CHANNEL}, 'notifications')`);
}

/** The JSON a receiver gets (links stay app paths here; the delivery makes them absolute when APP_URL is set). */
function webhookPayload(deliveryId: string, e: TeamEvent): Record<string, unknown> {
  return {
    id: deliveryId,
    event: e.event,
    createdAt: new Date().toISOString(),
    teamId: e.teamId,
    title: e.title,
    ...(e.body ? { body: e.body } : {}),
    ...(e.link ? { link: e.link } : {}),
    ...(e.data ? { data: e.data } : {}),
  };
}

export type NotificationRow = typeof notifications.$inferSelect;

/** A user's notifications in one team, newest first. */
export async function listNotifications(db: Db, who: { userId: string; teamId: string }, page: { limit: number; offset: number; unreadOnly?: boolean }) {
  const where = and(eq(notifications.userId, who.userId), eq(notifications.teamId, who.teamId), page.unreadOnly ? isNull(notifications.readAt) : undefined);
  const [items, [total]] = await Promise.all([
    db.select().from(notifications).where(where).orderBy(desc(notifications.createdAt), desc(notifications.id)).limit(page.limit).offset(page.offset),
    db.select({ n: count() }).from(notifications).where(where),
  ]);
  return { items, total: total!.n };
}

export async function countUnread(db: Db | Tx, who: { userId: string; teamId: string }) {
  const [row] = await db
    .select({ n: count() })
    .from(notifications)
    .where(and(eq(notifications.userId, who.userId), eq(notifications.teamId, who.teamId), isNull(notifications.readAt)));
  return row!.n;
}

/** One notification, only to the user it was for. */
export async function findNotification(db: Db, userId: string, id: string) {
  const [row] = await db.select().from(notifications).where(and(eq(notifications.id, id), eq(notifications.userId, userId)));
  return row;
}

/** Marks the given notifications (or, without ids, all of them) read; returns how many changed. */
export async function markNotificationsRead(db: Db, who: { userId: string; teamId: string }, ids?: string[]) {
  const rows = await db
    .update(notifications)
    .set({ readAt: new Date() })
    .where(
      and(
        eq(notifications.userId, who.userId),
        eq(notifications.teamId, who.teamId),
        isNull(notifications.readAt),
        ids ? inArray(notifications.id, ids) : undefined,
      ),
    )
    .returning({ id: notifications.id });
  return rows.length;
}

/** Every event with the user's choice, or the default where they have not chosen. */
export async function listPreferences(db: Db, userId: string): Promise<Preference[]> {
  const rows = await db.select().from(notificationPreferences).where(eq(notificationPreferences.userId, userId));
  const chosen = new Map(rows.map((r) => [r.event, r]));
  return notificationEvents.map((event) => {
    const row = chosen.get(event);
    return { event, inApp: row?.inApp ?? DEFAULT_PREFERENCES[event].inApp, email: row?.email ?? DEFAULT_PREFERENCES[event].email };
  });
}

export async function savePreferences(db: Db, userId: string, prefs: Preference[]) {
  if (prefs.length === 0) return;
  await db
    .insert(notificationPreferences)
    .values(prefs.map((p) => ({ userId, ...p })))
    .onConflictDoUpdate({
      target: [notificationPreferences.userId, notificationPreferences.event],
      set: { inApp: sql`excluded.in_app`, email: sql`excluded.email` },
    });
}
