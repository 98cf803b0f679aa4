import { and, eq, inArray, sql } from 'drizzle-orm';
import type { Tx } from '../client';
import { notificationPreferences, notifications, type NotificationEvent } from '../schema';

/** NOTIFY channel carrying `userId` when a notification is added for that user: the bell updates live. */
export const NOTIFICATIONS_CHANNEL = 'pipewright_notifications';

export type TeamEvent = {
  event: NotificationEvent;
  teamId: string;
  title: string;
  body?: string;
  /** App path the notification opens, e.g. /runs/<id>. */
  link?: string;
  runId?: string;
  /** Users told in the app (each one's preferences permitting). */
  recipients: string[];
};

/**
 * Records an event in the caller's transaction, so a notification exists exactly when the change it reports
 * committed. Every producer (run endings, cancels, schedules) calls this one function.
 */
export async function notifyTeamEvent(tx: Tx, e: TeamEvent) {
  const recipients = [...new Set(e.recipients)];
  if (recipients.length === 0) return;
  const optedOut = await tx
    .select({ userId: notificationPreferences.userId })
    .from(notificationPreferences)
    .where(and(eq(notificationPreferences.event, e.event), eq(notificationPreferences.inApp, false), inArray(notificationPreferences.userId, recipients)));
  const skip = new Set(optedOut.map((r) => r.userId));
  const told = recipients.filter((id) => !skip.has(id));
  if (told.length === 0) return;
  await tx.insert(notifications).values(told.map((userId) => ({ userId, teamId: e.teamId, event: e.event, title: e.title, body: e.body, link: e.link, runId: e.runId })));
  for (const userId of told) await tx.execute(sql`select pg_notify(${NOTIFICATIONS_CHANNEL}, ${userId})`);
}
