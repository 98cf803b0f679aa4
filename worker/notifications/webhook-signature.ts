import { createHmac, randomBytes, timingSafeEqual } from 'node:crypto';

/** A new webhook's signing secret (shown to its creator once). */
export const newWebhookSecret = () => `whsec_${randomBytes(24).toString('base64url')}`;

/** The X-Pipewright-Signature header value: `sha256=` and the hex HMAC-SHA256 of the raw request body. */
export function signWebhookBody(secret: string, rawBody: string) {
  return `sha256=${createHmac('sha256', secret).update(rawBody, 'utf8').digest('hex')}`;
}

/**
 * What a receiver does (documented in the README): recompute the signature over the exact bytes received and
 * compare in constant time. The body's `sentAt` (also the X-Pipewright-Timestamp header) is signed with it, so
 * a receiver can refuse an old body replayed with its valid signature.
 */
export function verifyWebhookSignature(secret: string, rawBody: string, header: string | null | undefined) {
  if (!header) return false;
  const expected = Buffer.from(signWebhookBody(secret, rawBody));
  const given = Buffer.from(header);
  return expected.length === given.length && timingSafeEqual(expected, given);
}
