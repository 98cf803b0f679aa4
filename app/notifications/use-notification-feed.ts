import { createClient } from 'graphql-ws';
import { useEffect, useRef } from 'react';

export type BellNotification = { id: string; event: string; title: string; body: string | null; link: string | null; readAt: string | null; createdAt: string };
export type NotificationAdded = { unreadCount: number; notification: BellNotification | null };

const NOTIFICATION_ADDED = /* GraphQL */ `
  subscription { notificationAdded { unreadCount notification { id event title body link readAt createdAt } } }
`;

/**
 * Follows the viewer's notification feed over graphql-ws for as long as the page is open, reconnecting
 * with backoff after a dropped socket (the count is re-read then, so nothing missed stays hidden).
 */
export function useNotificationFeed(onAdded: (added: NotificationAdded) => void) {
  const handler = useRef(onAdded);
  handler.current = onAdded;
  useEffect(() => {
    const { protocol, host } = window.location;
    const client = createClient({
      url: `${protocol === 'https:' ? 'wss' : 'ws'}://${host}/graphql`,
      retryAttempts: Infinity,
      keepAlive: 15_000,
      shouldRetry: () => true,
      on: { connected: (_socket, _payload, wasRetry) => wasRetry && handler.current({ unreadCount: -1, notification: null }) },
    });
    const stop = client.subscribe<{ notificationAdded: NotificationAdded }>(
      { query: NOTIFICATION_ADDED },
      { next: ({ data }) => data && handler.current(data.notificationAdded), error: () => {}, complete: () => {} },
    );
    return () => {
      stop();
      void client.dispose();
    };
  }, []);
}
