import type { Db, Sql } from '../db/client';
import { API_TOKENS_CHANNEL, findApiTokenByHash, hashApiToken, looksLikeApiToken, markApiTokenUsed } from '../db/queries/api-tokens';
import type { ApiTokenScope } from '../db/schema';

export type VerifiedToken = { id: string; teamId: string; name: string; scope: ApiTokenScope; createdBy: string | null; rateLimitPerMinute: number | null };
export type TokenCheck = { ok: true; token: VerifiedToken } | { ok: false; error: string };

type Known = { token: VerifiedToken; expiresAt: number } | { refused: string };

const CREATE_HINT = 'An admin of the team can create one under Settings → API tokens.';
const UNKNOWN = `This API token is not valid: it was never issued, or its team was deleted. ${CREATE_HINT}`;
/** Remembered unknown hashes are capped so a flood of made-up tokens cannot grow the cache without end. */
const MAX_REMEMBERED = 10_000;

export type ApiTokenCache = Awaited<ReturnType<typeof startApiTokenCache>>;

/**
 * Checks bearer tokens without a database round trip per request: each token's row is read once and kept.
 * A revoke NOTIFYs `pipewright_api_tokens` in its transaction and every process drops the token; the whole
 * cache is dropped whenever the LISTEN connection (re)connects, since notifications may have been missed.
 * Expiry is checked per request from the kept row. `lastUsedAt` is written at most once per `touchEveryMs`.
 */
export async function startApiTokenCache(db: Db, sql: Sql, opts: { touchEveryMs?: number } = {}) {
  const touchEveryMs = opts.touchEveryMs ?? 60_000;
  const known = new Map<string, Known>();
  const lookups = new Map<string, Promise<Known>>();
  const touchedAt = new Map<string, number>();
  // Bumped by every invalidation: a lookup that started before one must not store what it read.
  let epoch = 0;

  const forget = (tokenId: string) => {
    epoch++;
    for (const [hash, entry] of known) if ('token' in entry && entry.token.id === tokenId) known.delete(hash);
  };
  const listener = await sql.listen(API_TOKENS_CHANNEL, forget, () => {
    epoch++;
    known.clear();
  });

  async function lookUp(hash: string): Promise<Known> {
    const startedIn = epoch;
    const row = await findApiTokenByHash(db, hash);
    const entry: Known = !row
      ? { refused: UNKNOWN }
      : row.revokedAt
        ? { refused: `API token '${row.name}' was revoked on ${row.revokedAt.toISOString().slice(0, 10)}. ${CREATE_HINT}` }
        : { token: { id: row.id, teamId: row.teamId, name: row.name, scope: row.scope, createdBy: row.createdBy, rateLimitPerMinute: row.rateLimitPerMinute }, expiresAt: row.expiresAt?.getTime() ?? Infinity };
    if (epoch === startedIn) {
      if (known.size >= MAX_REMEMBERED) known.clear();
      known.set(hash, entry);
    }
    return entry;
  }

  function touch(tokenId: string, now: number) {
    if (now - (touchedAt.get(tokenId) ?? 0) < touchEveryMs) return;
    touchedAt.set(tokenId, now);
    // Bookkeeping only: a failed write must not fail the request it describes; the next minute retries.
    markApiTokenUsed(db, tokenId, new Date(now)).catch((error) => {
      touchedAt.delete(tokenId);
      console.warn(`[api] could not record the last use of API token ${tokenId}: ${error instanceof Error ? error.message : error}`);
    });
  }

  /** The token in an `Authorization` header value, checked; or why it is refused, in words for the caller. */
  async function verify(authorization: string): Promise<TokenCheck> {
    const match = /^Bearer\s+(\S+)\s*$/i.exec(authorization);
    if (!match) return { ok: false, error: 'The Authorization header must read `Bearer <token>`, with the token Pipewright showed when it was created.' };
    const secret = match[1]!;
    if (!looksLikeApiToken(secret)) return { ok: false, error: `That is not a Pipewright API token: they read pw_<8 letters or digits>_<43 characters>. ${CREATE_HINT}` };
    const hash = hashApiToken(secret);
    let entry = known.get(hash);
    if (!entry) {
      let pending = lookups.get(hash);
      if (!pending) {
        pending = lookUp(hash).finally(() => lookups.delete(hash));
        lookups.set(hash, pending);
      }
      entry = await pending;
    }
    if ('refused' in entry) return { ok: false, error: entry.refused };
    const now = Date.now();
    if (now >= entry.expiresAt) return { ok: false, error: `API token '${entry.token.name}' expired on ${new Date(entry.expiresAt).toISOString().slice(0, 10)}. ${CREATE_HINT}` };
    touch(entry.token.id, now);
    return { ok: true, token: entry.token };
  }

  return {
    verify,
    /** Drops a token at once in this process (the revoking one), before its NOTIFY comes back. */
    forget,
    async stop() {
      await listener.unlisten();
    },
  };
}
