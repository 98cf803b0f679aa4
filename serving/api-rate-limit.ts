import type { ApiCaller } from './api-auth';

export type RateLimitVerdict = { ok: true } | { ok: false; status: 429; retryAfterSeconds: number; error: string };

/**
 * A token bucket per caller, in this process's memory: `perMinute` requests refill evenly over a minute and
 * up to a minute's worth may come at once. Each web or serving process counts on its own, so N processes
 * allow up to N times the limit; a shared counter would cost a database write per request. 0 = no limit.
 */
export function createApiRateLimiter(opts: { perMinute: number; now?: () => number }) {
  const now = opts.now ?? Date.now;
  const capacity = opts.perMinute;
  const perMs = opts.perMinute / 60_000;
  const buckets = new Map<string, { tokens: number; at: number }>();

  function take(key: string): RateLimitVerdict {
    if (capacity <= 0) return { ok: true };
    const t = now();
    const bucket = buckets.get(key) ?? { tokens: capacity, at: t };
    bucket.tokens = Math.min(capacity, bucket.tokens + (t - bucket.at) * perMs);
    bucket.at = t;
    if (bucket.tokens >= 1) {
      bucket.tokens -= 1;
      if (buckets.size > 100_000) prune(t);
      buckets.set(key, bucket);
      return { ok: true };
    }
    buckets.set(key, bucket);
    const retryAfterSeconds = Math.max(1, Math.ceil((1 - bucket.tokens) / perMs / 1000));
    return {
      ok: false,
      status: 429,
      retryAfterSeconds,
      error: `Rate limit reached: ${opts.perMinute} requests per minute for this ${key.startsWith('token:') ? 'API token' : 'account'}. Retry after ${retryAfterSeconds} s (the Retry-After header), or ask an admin to raise API_RATE_LIMIT_PER_MINUTE.`,
    };
  }

  // Full buckets hold nothing worth keeping: a caller seen again starts full anyway.
  function prune(t: number) {
    for (const [key, b] of buckets) if (b.tokens + (t - b.at) * perMs >= capacity) buckets.delete(key);
  }

  return { perMinute: opts.perMinute, take };
}

export type ApiRateLimiter = ReturnType<typeof createApiRateLimiter>;

/** The rate-limit key of a caller: its token, or for a browser session its user. */
export const rateLimitKey = (caller: ApiCaller) => (caller.tokenId ? `token:${caller.tokenId}` : `user:${caller.userId}`);
