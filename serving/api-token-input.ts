import { apiTokenScopes, type ApiTokenScope } from '../db/schema';
import { MAX_TOKEN_DAYS } from '../db/queries/api-tokens';

export type ApiTokenInput = { name: string; scope: ApiTokenScope; expiresInDays: number | null; rateLimitPerMinute: number | null };

export const MAX_TOKEN_RATE_LIMIT = 1_000_000;

/**
 * Checks what an admin typed to create a token (GraphQL and the settings page alike). `expiresInDays` null
 * or empty means the token never expires; `rateLimitPerMinute` null or empty means the server's default.
 */
export function parseApiTokenInput(raw: { name: unknown; scope: unknown; expiresInDays?: unknown; rateLimitPerMinute?: unknown }): { ok: true; value: ApiTokenInput } | { ok: false; field: string; error: string } {
  const name = typeof raw.name === 'string' ? raw.name.replace(/\p{Cc}/gu, '').trim() : '';
  if (!name) return { ok: false, field: 'name', error: 'Give the token a name that says who or what uses it, e.g. "CI deploy" or "Billing service".' };
  if (name.length > 80) return { ok: false, field: 'name', error: `Token names are limited to 80 characters; this one has ${name.length}.` };
  if (!apiTokenScopes.includes(raw.scope as ApiTokenScope)) {
    return { ok: false, field: 'scope', error: `Scope must be 'predict' (prediction API and its OpenAPI documents only) or 'full' (also GraphQL), not ${JSON.stringify(raw.scope)}.` };
  }
  const days = raw.expiresInDays === '' || raw.expiresInDays == null ? null : Number(raw.expiresInDays);
  if (days !== null && (!Number.isInteger(days) || days < 1 || days > MAX_TOKEN_DAYS)) {
    return { ok: false, field: 'expiresInDays', error: `Expiry must be a whole number of days from 1 to ${MAX_TOKEN_DAYS}, or empty for a token that never expires (got ${JSON.stringify(raw.expiresInDays)}).` };
  }
  const limit = raw.rateLimitPerMinute === '' || raw.rateLimitPerMinute == null ? null : Number(raw.rateLimitPerMinute);
  if (limit !== null && (!Number.isInteger(limit) || limit < 1 || limit > MAX_TOKEN_RATE_LIMIT)) {
    return {
      ok: false,
      field: 'rateLimitPerMinute',
      error: `The rate limit must be a whole number of requests per minute from 1 to ${MAX_TOKEN_RATE_LIMIT.toLocaleString('en')}, or empty for the server's default (got ${JSON.stringify(raw.rateLimitPerMinute)}).`,
    };
  }
  return { ok: true, value: { name, scope: raw.scope as ApiTokenScope, expiresInDays: days, rateLimitPerMinute: limit } };
}
