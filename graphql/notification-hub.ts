import type { Db, Sql } from '../db/client';
import { isConnectionLoss } from '../db/connection-loss';
import { countUnread, findNotification, NOTIFICATIONS_CHANNEL, type NotificationRow } from '../db/queries/notifications';
import { abortableIterator } from './abortable-iterator';

export type NotificationAdded = { notification: NotificationRow; unreadCount: number };
type Who = { userId: string; teamId: string };
const READ_RETRY_MS = 500;

/**
 * The web process LISTENs once on the notifications channel; each payload names the user and the new
 * notification, so only that user's subscribers wake, and each reads the row itself (with the unread count).
 */
export async function startNotificationHub(sql: Sql, db: Db) {
  const waiters = new Map<string, Set<(id: string | null) => void>>();
  const listener = await sql.listen(
    NOTIFICATIONS_CHANNEL,
    (payload) => {
      const [userId, id] = payload.split(':');
      waiters.get(userId!)?.forEach((wake) => wake(id ?? null));
    },
    // After a database reconnect some may have been missed: everyone re-reads the count (id null).
    () => waiters.forEach((set) => set.forEach((wake) => wake(null))),
  );

  async function* follow(who: Who, signal: AbortSignal): AsyncGenerator<{ notificationAdded: NotificationAdded | { notification: null; unreadCount: number } }> {
    const pending: (string | null)[] = [];
    let wake: () => void = () => {};
    const onEvent = (id: string | null) => {
      pending.push(id);
      wake();
    };
    let set = waiters.get(who.userId);
    if (!set) waiters.set(who.userId, (set = new Set()));
    set.add(onEvent);
    const onAbort = () => wake();
    signal.addEventListener('abort', onAbort);
    try {
      while (!signal.aborted) {
        if (pending.length === 0) await new Promise<void>((resolve) => (wake = resolve));
        if (signal.aborted) return;
        const id = pending.shift()!;
        let notification: NotificationRow | null | undefined;
        let unreadCount: number;
        try {
          notification = id ? await findNotification(db, who.userId, id) : null;
          unreadCount = await countUnread(db, who);
        } catch (error) {
          // The database is restarting: read this one again shortly; the subscription stays open.
          if (!isConnectionLoss(error)) throw error;
          pending.unshift(id);
          await new Promise((resolve) => setTimeout(resolve, READ_RETRY_MS));
          continue;
        }
        // A user in several teams hears only about the team this session is in.
        if (notification && notification.teamId !== who.teamId) continue;
        yield { notificationAdded: { notification: notification ?? null, unreadCount } };
      }
    } finally {
      signal.removeEventListener('abort', onAbort);
      set.delete(onEvent);
      if (set.size === 0) waiters.delete(who.userId);
    }
  }

  const subscribe = (who: Who): AsyncIterableIterator<unknown> => abortableIterator((signal) => follow(who, signal));

  return { subscribe, stop: () => listener.unlisten(), subscribers: () => [...waiters.values()].reduce((n, s) => n + s.size, 0) };
}

export type NotificationHub = Awaited<ReturnType<typeof startNotificationHub>>;
