import { describe, expect, test } from 'vitest';
import { createApiRateLimiter } from './api-rate-limit';

describe('the API rate limiter', () => {
  test('allows a minute of requests at once, then refills evenly and says when to retry', () => {
    let now = 0;
    const limiter = createApiRateLimiter({ perMinute: 6, now: () => now });
    for (let i = 0; i < 6; i++) expect(limiter.take('token:a')).toEqual({ ok: true });
    expect(limiter.take('token:a')).toMatchObject({ ok: false, status: 429, retryAfterSeconds: 10, error: expect.stringMatching(/6 requests per minute for this API token\. Retry after 10 s/) });
    // Another caller has its own bucket.
    expect(limiter.take('user:b')).toEqual({ ok: true });
    now = 4_000;
    expect(limiter.take('token:a')).toMatchObject({ retryAfterSeconds: 6 });
    now = 10_000;
    expect(limiter.take('token:a')).toEqual({ ok: true });
    expect(limiter.take('token:a').ok).toBe(false);
  });

  test('0 means no limit', () => {
    const limiter = createApiRateLimiter({ perMinute: 0 });
    for (let i = 0; i < 1000; i++) expect(limiter.take('token:a').ok).toBe(true);
  });

  test("a token's own limit replaces the default, and names what to do about it", () => {
    let now = 0;
    const limiter = createApiRateLimiter({ perMinute: 6000, now: () => now });
    for (let i = 0; i < 2; i++) expect(limiter.take('token:a', 2)).toEqual({ ok: true });
    expect(limiter.take('token:a', 2)).toMatchObject({ ok: false, retryAfterSeconds: 30, error: expect.stringMatching(/2 requests per minute for this API token\. .*a token with a higher limit/) });
    now = 30_000;
    expect(limiter.take('token:a', 2)).toEqual({ ok: true });
    // Null falls back to the default.
    for (let i = 0; i < 100; i++) expect(limiter.take('token:b', null).ok).toBe(true);
  });
});
