import type { ApiCaller } from './api-auth';

export type RateLimitVerdict = { ok: true } | { ok: false; status: 429; retryAfterSeconds: number; error: string };

/**
 * A token bucket per caller, in this process's memory: `perMinute` requests refill evenly over a minute and
 * up to a minute's worth may come at once. Each web or serving process counts on its own, so N processes
 * allow up to N times the limit; a shared counter would cost a database write per request. 0 = no limit.
 * A caller may carry its own limit (an API token's `rate_limit_per_minute`), which replaces the default.
 */
export function createApiRateLimiter(opts: { perMinute: number; now?: () => number }) {
  const now = opts.now ?? Date.now;
  const buckets = new Map<string, { tokens: number; at: number; perMinute: number }>();

  function take(key: string, ownLimit?: number | null): RateLimitVerdict {
    const perMinute = ownLimit ?? opts.perMinute;
    if (perMinute <= 0) return { ok: true };
    const perMs = perMinute / 60_000;
    const t = now();
    let bucket = buckets.get(key);
    if (!bucket || bucket.perMinute !== perMinute) {
      bucket = { tokens: perMinute, at: t, perMinute };
      if (buckets.size > 100_000) prune(t);
      buckets.set(key, bucket);
    }
    bucket.tokens = Math.min(perMinute, bucket.tokens + (t - bucket.at) * perMs);
    bucket.at = t;
    if (bucket.tokens >= 1) {
      bucket.tokens -= 1;
      return { ok: true };
    }
    const retryAfterSeconds = Math.max(1, Math.ceil((1 - bucket.tokens) / perMs / 1000));
    const isToken = key.startsWith('token:');
    const raise = isToken && ownLimit != null ? "ask an admin to create a token with a higher limit" : 'ask an admin to raise API_RATE_LIMIT_PER_MINUTE';
    return {
      ok: false,
      status: 429,
      retryAfterSeconds,
      error: `Rate limit reached: ${perMinute} requests per minute for this ${isToken ? 'API token' : 'account'}. Retry after ${retryAfterSeconds} s (the Retry-After header), or ${raise}.`,
    };
  }

  // Full buckets hold nothing worth keeping: a caller seen again starts full anyway.
  function prune(t: number) {
    for (const [key, b] of buckets) if (b.tokens + ((t - b.at) * b.perMinute) / 60_000 >= b.perMinute) buckets.delete(key);
  }

  return { perMinute: opts.perMinute, take };
}

export type ApiRateLimiter = ReturnType<typeof createApiRateLimiter>;

/** The rate-limit key of a caller: its token, or for a browser session its user. */
export const rateLimitKey = (caller: ApiCaller) => (caller.tokenId ? `token:${caller.tokenId}` : `user:${caller.userId}`);
