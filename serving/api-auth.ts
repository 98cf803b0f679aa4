import type { IncomingHttpHeaders } from 'node:http';
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

/** What authenticating needs: the serving-only process (serving/main.ts) has these, not all of AppServices. */
export type ApiAuthServices = Pick<AppServices, 'db' | 'sql' | 'auth' | 'apiTokens'>;

/**
 * The caller of an API request, or why it is refused. `sameOrigin` is the server's Origin check
 * (server.ts `originCheck`), applied to cookie requests that change state.
 */
export async function authenticateApiRequest(
  services: ApiAuthServices,
  headers: IncomingHttpHeaders,
  opts: { sameOrigin: boolean; method: string },
): Promise<ApiCaller | ApiRefusal> {
  const authorization = headers.authorization;
  if (authorization) {
    // A token request never falls back to the cookie: who calls is the token, whatever else is sent.
    const checked = await services.apiTokens.verify(authorization);
    if (!checked.ok) return { status: 401, error: checked.error };
    const { token } = checked;
    return { teamId: token.teamId, userId: null, tokenId: token.id, scope: { kind: 'token', scope: token.scope }, rateLimitPerMinute: token.rateLimitPerMinute };
  }
  const { viewer } = await services.auth.readViewer(headers.cookie ?? null);
  if (!viewer) return { status: 401, error: 'Sign in, or send an API token as `Authorization: Bearer <token>`.' };
  if (!['GET', 'HEAD', 'OPTIONS'].includes(opts.method) && !opts.sameOrigin) {
    return { status: 403, error: 'Cross-site request refused: the Origin header is missing or is not this site. Scripts should use an API token.' };
  }
  return { teamId: viewer.team.id, userId: viewer.user.id, tokenId: null, scope: { kind: 'session', role: viewer.team.role }, rateLimitPerMinute: null };
}

/**
 * Spends one request of the caller's budget (per token, at the token's own limit if it has one, or per user
 * for sessions). On 429 send
 * `Retry-After: retryAfterSeconds` with the error.
 */
export function checkApiRateLimit(services: Pick<AppServices, 'apiRateLimit'>, caller: ApiCaller): RateLimitVerdict {
  return services.apiRateLimit.take(rateLimitKey(caller), caller.rateLimitPerMinute);
}
