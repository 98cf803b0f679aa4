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
});
