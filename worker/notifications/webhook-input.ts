import { notificationEvents, type NotificationEvent } from '../../db/schema';

/** Checks the events a webhook is for; returns them (deduplicated, in the usual order) or a message. */
export function checkWebhookEvents(events: readonly string[]): { events: NotificationEvent[] } | { error: string } {
  const unknown = events.filter((e) => !(notificationEvents as readonly string[]).includes(e));
  if (unknown.length) return { error: `Unknown event ${unknown.map((e) => `"${e}"`).join(', ')}; choose from ${notificationEvents.join(', ')}.` };
  const chosen = notificationEvents.filter((e) => events.includes(e));
  if (chosen.length === 0) return { error: 'Choose at least one event to send.' };
  return { events: chosen };
}
