import type { NotificationEvent } from '../../db/schema/notifications';

/** How each event is named in preferences and the webhook form. */
export const EVENT_LABELS: Record<NotificationEvent, string> = {
  run_succeeded: 'Run succeeded',
  run_failed: 'Run failed',
  run_cancelled: 'Run cancelled',
  schedule_paused: 'Schedule paused',
};

/** Every event, in the order forms list them (the same order as the schema's list). */
export const EVENTS = Object.keys(EVENT_LABELS) as NotificationEvent[];
