/** How notifications leave the system; app/env.server.ts reads them from the environment, tests pass their own. */
export type NotificationSettings = {
  /** smtp(s)://user:pass@host:port; unset means no e-mail is sent (in-app and webhooks still are). */
  smtpUrl?: string;
  emailFrom: string;
  /** The address users open the app at, for absolute links in e-mails and webhook payloads. */
  appUrl?: string;
  /** One webhook request, connect to last byte. */
  webhookTimeoutMs: number;
  /** Attempts of one delivery in all, the first included. */
  webhookMaxAttempts: number;
  /** Wait before the second attempt; it doubles for each one after. */
  webhookRetryBaseMs: number;
  /** Hosts a webhook may reach although they resolve to private addresses (FETCH_ALLOW_HOSTS, shared with Fetch nodes). */
  allowHosts: readonly string[];
};

export const DEFAULT_NOTIFICATION_SETTINGS: NotificationSettings = {
  emailFrom: 'Pipewright <notifications@pipewright.invalid>',
  webhookTimeoutMs: 10_000,
  webhookMaxAttempts: 6,
  webhookRetryBaseMs: 10_000,
  allowHosts: [],
};

/** Wait before attempt `next` (2, 3, …): base, 2×base, 4×base…, capped at an hour. */
export function retryDelayMs(settings: Pick<NotificationSettings, 'webhookRetryBaseMs'>, next: number) {
  return Math.min(settings.webhookRetryBaseMs * 2 ** (next - 2), 60 * 60 * 1000);
}

/** An app path as a full URL when the app's address is known. */
export function absoluteLink(settings: Pick<NotificationSettings, 'appUrl'>, link: string | null | undefined) {
  if (!link) return undefined;
  return settings.appUrl ? new URL(link, settings.appUrl).href : link;
}
