import type { AppServices } from '../app/services.server';
import type { TeamRole } from '../db/queries/teams';
import { rateLimitKey, type RateLimitVerdict } from './api-rate-limit';

/**
 * Who is calling the REST API: a signed-in browser session (cookie, same-origin only) or an API token
 * (`Authorization: Bearer`, no Origin check: tokens are not sent by browsers on their own).
 */
export type ApiCaller = {
  teamId: string;
  userId: string | null;
  tokenId: string | null;
  /** What the caller may do: a token's scope, or the session's role in its active team. */
  scope: { kind: 'token'; scope: 'predict' | 'full' } | { kind: 'session'; role: TeamRole };
  /** The token's own requests per minute; null: the server's default. */
  rateLimitPerMinute: number | null;
};

export type ApiRefusal = { status: 401 | 403; error: string };

/** What authenticating needs: the serving-only process (serving/main.ts) has it, not all of AppServices. */
export type ApiAuthServices = Pick<AppServices, 'callers'>;

/**
 * Spends one request of the caller's budget (per token, at the token's own limit if it has one, or per user
 * for sessions). On 429 send
 * `Retry-After: retryAfterSeconds` with the error.
 */
export function checkApiRateLimit(services: Pick<AppServices, 'apiRateLimit'>, caller: ApiCaller): RateLimitVerdict {
  return services.apiRateLimit.take(rateLimitKey(caller), caller.rateLimitPerMinute);
}
