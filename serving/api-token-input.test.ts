import { describe, expect, test } from 'vitest';
import { parseApiTokenInput } from './api-token-input';

describe('API token input', () => {
  test('trims the name, strips control characters and reads an empty expiry as never', () => {
    expect(parseApiTokenInput({ name: '  CI\u0007 deploy ', scope: 'predict', expiresInDays: '' })).toEqual({ ok: true, value: { name: 'CI deploy', scope: 'predict', expiresInDays: null, rateLimitPerMinute: null } });
    expect(parseApiTokenInput({ name: 'x', scope: 'full', expiresInDays: '30', rateLimitPerMinute: '120' })).toEqual({ ok: true, value: { name: 'x', scope: 'full', expiresInDays: 30, rateLimitPerMinute: 120 } });
  });

  test.each([
    [{ name: '', scope: 'full' }, 'name'],
    [{ name: 'x', scope: 'admin' }, 'scope'],
    [{ name: 'x', scope: 'full', expiresInDays: 1.5 }, 'expiresInDays'],
    [{ name: 'x', scope: 'full', expiresInDays: 3651 }, 'expiresInDays'],
    [{ name: 'x', scope: 'full', rateLimitPerMinute: 0 }, 'rateLimitPerMinute'],
    [{ name: 'x', scope: 'full', rateLimitPerMinute: '2.5' }, 'rateLimitPerMinute'],
    [{ name: 'x', scope: 'full', rateLimitPerMinute: 'lots' }, 'rateLimitPerMinute'],
  ])('refuses %j naming %s', (raw, field) => {
    expect(parseApiTokenInput(raw)).toMatchObject({ ok: false, field });
  });
});
