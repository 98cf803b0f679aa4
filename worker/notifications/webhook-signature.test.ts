import { createHmac } from 'node:crypto';
import { describe, expect, test } from 'vitest';
import { newWebhookSecret, signWebhookBody, verifyWebhookSignature } from './webhook-signature';

describe('webhook signatures', () => {
  test('are sha256= and the hex HMAC-SHA256 of the raw body under the secret', () => {
    // A known vector (RFC 4231 test case 2), so the header matches what any HMAC library computes.
    expect(signWebhookBody('Jefe', 'what do ya want for nothing?')).toBe('sha256=5bdcc146bf60754e6a042426089575c75a003f089d2739839dec58b964ec3843');
    const body = '{"event":"run_failed","sentAt":"2026-12-02T08:00:00.000Z"}';
    expect(signWebhookBody('whsec_x', body)).toBe(`sha256=${createHmac('sha256', 'whsec_x').update(body).digest('hex')}`);
  });

  test('verify accepts the exact body and refuses a changed body, another secret or a missing header', () => {
    const secret = newWebhookSecret();
    const body = JSON.stringify({ event: 'run_succeeded', data: { run: { id: 'r1' } } });
    const header = signWebhookBody(secret, body);
    expect(verifyWebhookSignature(secret, body, header)).toBe(true);
    expect(verifyWebhookSignature(secret, body.replace('r1', 'r2'), header)).toBe(false);
    expect(verifyWebhookSignature(newWebhookSecret(), body, header)).toBe(false);
    expect(verifyWebhookSignature(secret, body, undefined)).toBe(false);
    expect(verifyWebhookSignature(secret, body, 'sha256=00')).toBe(false);
  });

  test('secrets are random and long enough to resist guessing', () => {
    const a = newWebhookSecret();
    expect(a).toMatch(/^whsec_[A-Za-z0-9_-]{32}$/);
    expect(newWebhookSecret()).not.toBe(a);
  });
});
