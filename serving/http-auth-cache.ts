import type { IncomingHttpHeaders } from 'node:http';
import { SESSIONS_ENDED_CHANNEL } from '../graphql/socket-sessions';
import { authenticateApiRequest, type ApiAuthServices, type ApiCaller, type ApiRefusal } from './api-auth';

/** How long a session's caller is reused: bounds how late a team switch or a role change reaches serving. */
const SESSION_CALLER_MS = 2000;
const MAX_ENTRIES = 10_000;

export type CallerCache = {
  authenticate(headers: IncomingHttpHeaders, opts: { sameOrigin: boolean; method: string }): Promise<ApiCaller | ApiRefusal>;
  stop(): Promise<void>;
};

/**
 * authenticateApiRequest without its two queries on every prediction: a session cookie's caller is kept
 * for SESSION_CALLER_MS. Ended sessions and membership changes (sign-out, password change, removal:
 * NOTIFY on the sessions channel) drop every kept caller at once, so those are refused on the next request.
 * Refusals and token callers are never kept: token revocation must take effect at once, and the tokens
 * slice decides how its lookups are cached.
 */
export async function startCallerCache(services: ApiAuthServices): Promise<CallerCache> {
  const kept = new Map<string, { caller: ApiCaller; until: number }>();
  // Bumped by every notification: a caller looked up before it may be stale and is not kept.
  let generation = 0;
  const forget = () => {
    generation++;
    kept.clear();
  };
  const listener = await services.sql.listen(SESSIONS_ENDED_CHANNEL, forget, forget);
  return {
    async authenticate(headers, opts) {
      const key = headers.authorization ? undefined : headers.cookie ? `${opts.sameOrigin ? 1 : 0}${opts.method}\u0000${headers.cookie}` : undefined;
      const now = Date.now();
      const hit = key === undefined ? undefined : kept.get(key);
      if (hit && hit.until > now) return hit.caller;
      const started = generation;
      const caller = await authenticateApiRequest(services, headers, opts);
      if (key !== undefined && generation === started && !('status' in caller) && caller.scope.kind === 'session') {
        if (kept.size >= MAX_ENTRIES) kept.clear();
        kept.set(key, { caller, until: now + SESSION_CALLER_MS });
      }
      return caller;
    },
    stop: () => listener.unlisten(),
  };
}
