import type { IncomingHttpHeaders } from 'node:http';
import { SESSIONS_ENDED_CHANNEL } from '../graphql/socket-sessions';
import { authenticateApiRequest, type ApiAuthServices, type ApiCaller, type ApiRefusal } from './api-auth';

/** How often a kept session caller is looked up again (in the background): bounds how late a team switch or role change reaches serving. */
const SESSION_CALLER_MS = 2000;
const MAX_ENTRIES = 10_000;

export type CallerCache = {
  authenticate(headers: IncomingHttpHeaders, opts: { sameOrigin: boolean; method: string }): Promise<ApiCaller | ApiRefusal>;
  stop(): Promise<void>;
};

/**
 * authenticateApiRequest without its two queries on every prediction: a session cookie's caller is kept
 * and looked up again in the background every SESSION_CALLER_MS (requests keep answering meanwhile; a
 * refusal then drops it). Ended sessions and membership changes (sign-out, password change, removal:
 * NOTIFY on the sessions channel) drop every kept caller at once, so those are refused on the next request.
 * Refusals and token callers are never kept: token revocation must take effect at once, and the tokens
 * slice decides how its lookups are cached.
 */
export async function startCallerCache(services: ApiAuthServices): Promise<CallerCache> {
  type Entry = { caller: Promise<ApiCaller | ApiRefusal>; until: number };
  const kept = new Map<string, Entry>();
  // Bumped by every notification: a caller looked up before it may be stale and is not kept.
  let generation = 0;
  const forget = () => {
    generation++;
    kept.clear();
  };
  const listener = await services.sql.listen(SESSIONS_ENDED_CHANNEL, forget, forget);

  /**
   * One lookup per key at a time. A first lookup is kept while it runs (concurrent requests share it); a
   * refresh of a `stale` entry replaces it only once it answers, so requests never wait on it.
   */
  const lookUp = (key: string, headers: IncomingHttpHeaders, opts: { sameOrigin: boolean; method: string }, stale?: Entry) => {
    const started = generation;
    const caller = authenticateApiRequest(services, headers, opts);
    const entry: Entry = { caller, until: Date.now() + SESSION_CALLER_MS };
    if (!stale) {
      if (kept.size >= MAX_ENTRIES) kept.clear();
      kept.set(key, entry);
    }
    const mine = stale ?? entry;
    caller.then(
      (c) => {
        if (kept.get(key) !== mine) return;
        const keep = generation === started && !('status' in c) && c.scope.kind === 'session';
        if (!keep) kept.delete(key);
        else if (stale) kept.set(key, { caller, until: Date.now() + SESSION_CALLER_MS });
      },
      () => kept.get(key) === mine && kept.delete(key),
    );
    return caller;
  };

  return {
    authenticate(headers, opts) {
      if (headers.authorization || !headers.cookie) return authenticateApiRequest(services, headers, opts);
      const key = `${opts.sameOrigin ? 1 : 0}${opts.method}\u0000${headers.cookie}`;
      const hit = kept.get(key);
      if (!hit) return lookUp(key, headers, opts);
      // Past its time the kept caller still answers while one lookup refreshes it (no query on the request's path).
      if (hit.until <= Date.now()) {
        hit.until = Infinity;
        lookUp(key, headers, opts, hit).catch(() => undefined);
      }
      return hit.caller;
    },
    stop: () => listener.unlisten(),
  };
}
