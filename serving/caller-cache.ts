import type { IncomingHttpHeaders } from 'node:http';
import type { Auth } from '../app/auth.server';
import type { Db, Sql } from '../db/client';
import { API_TOKENS_CHANNEL, findApiTokenByHash, hashApiToken, looksLikeApiToken, markApiTokenUsed } from '../db/queries/api-tokens';
import type { ApiTokenScope } from '../db/schema';
import { SESSIONS_ENDED_CHANNEL } from '../graphql/socket-sessions';
import type { ApiCaller, ApiRefusal } from './api-auth';

/** Fed by triggers on `memberships` (a role given or changed) and `sessions` (a team switch): payload the user's id. See db/migrations/0013_*. */
export const MEMBERSHIPS_CHANNEL = 'pipewright_memberships';

export type VerifiedToken = { id: string; teamId: string; name: string; scope: ApiTokenScope; createdBy: string | null; rateLimitPerMinute: number | null };
export type TokenCheck = { ok: true; token: VerifiedToken } | { ok: false; error: string };

type KnownToken = { token: VerifiedToken; expiresAt: number } | { refused: string };
type SessionCaller = { caller: ApiCaller & { scope: { kind: 'session' } }; sessionId: string } | null;
type KeptSession = { lookup: Promise<SessionCaller>; until: number };

const CREATE_HINT = 'An admin of the team can create one under Settings → API tokens.';
const UNKNOWN = `This API token is not valid: it was never issued, or its team was deleted. ${CREATE_HINT}`;
const SIGN_IN = 'Sign in, or send an API token as `Authorization: Bearer <token>`.';
/** Remembered tokens and cookies are each capped so a flood of made-up ones cannot grow the cache without end. */
const MAX_ENTRIES = 10_000;
/** A kept session caller is looked up again in the background this often (by default): it catches a session that simply expires. */
const SESSION_REFRESH_MS = 2000;

export type CallerCache = Awaited<ReturnType<typeof startCallerCache>>;

/**
 * Who calls the API (a bearer token, or a browser session's cookie) without a database round trip per
 * request. Each token's row and each cookie's session caller is read once and kept; they are dropped at once
 * by the NOTIFYs that change the answer, on every process: a token revoked (`pipewright_api_tokens`), a
 * session ended or a member removed (`pipewright_sessions_ended`), a role changed or a team switched
 * (MEMBERSHIPS_CHANNEL). Everything is dropped whenever a LISTEN connection (re)connects, since notifications
 * may have been missed. Token expiry is checked per request; a kept session caller is also refreshed in the
 * background every SESSION_REFRESH_MS (requests keep answering meanwhile). Refusals of sessions are never kept.
 */
export async function startCallerCache(deps: { db: Db; sql: Sql; auth: Pick<Auth, 'readViewer'>; touchEveryMs?: number; sessionRefreshMs?: number }) {
  const touchEveryMs = deps.touchEveryMs ?? 60_000;
  const sessionRefreshMs = deps.sessionRefreshMs ?? SESSION_REFRESH_MS;
  const tokens = new Map<string, KnownToken>();
  const tokenLookups = new Map<string, Promise<KnownToken>>();
  const touchedAt = new Map<string, number>();
  const sessions = new Map<string, KeptSession>();
  // Bumped by every invalidation: a lookup that started before one must not keep what it read.
  let epoch = 0;

  const forgetToken = (tokenId: string) => {
    epoch++;
    for (const [hash, entry] of tokens) if ('token' in entry && entry.token.id === tokenId) tokens.delete(hash);
  };
  const forgetSessions = (matches: (c: NonNullable<SessionCaller>) => boolean) => {
    epoch++;
    for (const [cookie, kept] of sessions) {
      kept.lookup.then((c) => c && matches(c) && sessions.get(cookie) === kept && sessions.delete(cookie), () => undefined);
    }
  };
  const forgetAll = () => {
    epoch++;
    tokens.clear();
    sessions.clear();
  };
  const listeners = await Promise.all([
    deps.sql.listen(API_TOKENS_CHANNEL, forgetToken, forgetAll),
    deps.sql.listen(
      SESSIONS_ENDED_CHANNEL,
      (payload) => {
        const [kind, id] = payload.split(':');
        forgetSessions((c) => (kind === 'session' ? c.sessionId === id : c.caller.userId === id));
      },
      forgetAll,
    ),
    deps.sql.listen(MEMBERSHIPS_CHANNEL, (userId) => forgetSessions((c) => c.caller.userId === userId), forgetAll),
  ]);

  async function lookUpToken(hash: string): Promise<KnownToken> {
    const startedIn = epoch;
    const row = await findApiTokenByHash(deps.db, hash);
    const entry: KnownToken = !row
      ? { refused: UNKNOWN }
      : row.revokedAt
        ? { refused: `API token '${row.name}' was revoked on ${row.revokedAt.toISOString().slice(0, 10)}. ${CREATE_HINT}` }
        : {
            token: { id: row.id, teamId: row.teamId, name: row.name, scope: row.scope, createdBy: row.createdBy, rateLimitPerMinute: row.rateLimitPerMinute },
            expiresAt: row.expiresAt?.getTime() ?? Infinity,
          };
    if (epoch === startedIn) {
      if (tokens.size >= MAX_ENTRIES) tokens.clear();
      tokens.set(hash, entry);
    }
    return entry;
  }

  function touch(tokenId: string, now: number) {
    if (now - (touchedAt.get(tokenId) ?? 0) < touchEveryMs) return;
    touchedAt.set(tokenId, now);
    // Bookkeeping only: a failed write must not fail the request it describes; the next minute retries.
    markApiTokenUsed(deps.db, tokenId, new Date(now)).catch((error) => {
      touchedAt.delete(tokenId);
      console.warn(`[api] could not record the last use of API token ${tokenId}: ${error instanceof Error ? error.message : error}`);
    });
  }

  /** The token in an `Authorization` header value, checked; or why it is refused, in words for the caller. */
  async function verifyToken(authorization: string): Promise<TokenCheck> {
    const match = /^Bearer\s+(\S+)\s*$/i.exec(authorization);
    if (!match) return { ok: false, error: 'The Authorization header must read `Bearer <token>`, with the token Pipewright showed when it was created.' };
    const secret = match[1]!;
    if (!looksLikeApiToken(secret)) return { ok: false, error: `That is not a Pipewright API token: they read pw_<8 letters or digits>_<43 characters>. ${CREATE_HINT}` };
    const hash = hashApiToken(secret);
    let entry = tokens.get(hash);
    if (!entry) {
      let pending = tokenLookups.get(hash);
      if (!pending) {
        pending = lookUpToken(hash).finally(() => tokenLookups.delete(hash));
        tokenLookups.set(hash, pending);
      }
      entry = await pending;
    }
    if ('refused' in entry) return { ok: false, error: entry.refused };
    const now = Date.now();
    if (now >= entry.expiresAt) return { ok: false, error: `API token '${entry.token.name}' expired on ${new Date(entry.expiresAt).toISOString().slice(0, 10)}. ${CREATE_HINT}` };
    touch(entry.token.id, now);
    return { ok: true, token: entry.token };
  }

  async function readSession(cookie: string): Promise<SessionCaller> {
    const { viewer } = await deps.auth.readViewer(cookie);
    if (!viewer) return null;
    const caller = { teamId: viewer.team.id, userId: viewer.user.id, tokenId: null, scope: { kind: 'session' as const, role: viewer.team.role }, rateLimitPerMinute: null };
    return { caller, sessionId: viewer.session.id };
  }

  /**
   * One lookup per cookie at a time. A first lookup is kept while it runs (concurrent requests share it); a
   * refresh of a `stale` entry replaces it only once it answers, so requests never wait on it.
   */
  function lookUpSession(cookie: string, stale?: KeptSession): Promise<SessionCaller> {
    const startedIn = epoch;
    const lookup = readSession(cookie);
    const entry: KeptSession = { lookup, until: Date.now() + sessionRefreshMs };
    if (!stale) {
      if (sessions.size >= MAX_ENTRIES) sessions.clear();
      sessions.set(cookie, entry);
    }
    const mine = stale ?? entry;
    lookup.then(
      (c) => {
        if (sessions.get(cookie) !== mine) return;
        if (epoch !== startedIn || !c) sessions.delete(cookie);
        else if (stale) sessions.set(cookie, entry);
      },
      () => sessions.get(cookie) === mine && sessions.delete(cookie),
    );
    return lookup;
  }

  function sessionCaller(cookie: string): Promise<SessionCaller> {
    const hit = sessions.get(cookie);
    if (!hit) return lookUpSession(cookie);
    // Past its time the kept caller still answers while one lookup refreshes it (no query on the request's path).
    if (hit.until <= Date.now()) {
      hit.until = Infinity;
      lookUpSession(cookie, hit).catch(() => undefined);
    }
    return hit.lookup;
  }

  /**
   * The caller of an API request, or why it is refused: a bearer token (no Origin check: browsers do not
   * send tokens on their own; it never falls back to the cookie), else a session cookie, whose requests that
   * change state must pass the server's Origin check (`sameOrigin`, server.ts `originCheck`).
   */
  async function authenticate(headers: IncomingHttpHeaders, opts: { sameOrigin: boolean; method: string }): Promise<ApiCaller | ApiRefusal> {
    if (headers.authorization) {
      const checked = await verifyToken(headers.authorization);
      if (!checked.ok) return { status: 401, error: checked.error };
      const { token } = checked;
      return { teamId: token.teamId, userId: null, tokenId: token.id, scope: { kind: 'token', scope: token.scope }, rateLimitPerMinute: token.rateLimitPerMinute };
    }
    const session = headers.cookie ? await sessionCaller(headers.cookie) : null;
    if (!session) return { status: 401, error: SIGN_IN };
    if (opts.method !== 'GET' && opts.method !== 'HEAD' && opts.method !== 'OPTIONS' && !opts.sameOrigin) {
      return { status: 403, error: 'Cross-site request refused: the Origin header is missing or is not this site. Scripts should use an API token.' };
    }
    return session.caller;
  }

  return {
    authenticate,
    verifyToken,
    /** Drops a token at once in this process (the revoking one), before its NOTIFY comes back. */
    forgetToken,
    async stop() {
      await Promise.all(listeners.map((l) => l.unlisten()));
    },
  };
}
