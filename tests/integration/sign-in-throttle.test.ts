import { afterAll, beforeAll, describe, expect, test } from 'vitest';
import { SIGN_IN_LIMITS } from '../../app/sign-in-throttle.server';
import { postForm, startHarness } from '../setup/app-harness';

// TRUST_PROXY lets each request say which client address it comes from (X-Forwarded-For).
let harness: Awaited<ReturnType<typeof startHarness>>;
beforeAll(async () => {
  harness = await startHarness({ trustProxy: true });
});
afterAll(() => harness?.stop());

const post = (path: string, form: Record<string, string>, address: string) => postForm(harness.origin, path, form, { 'x-forwarded-for': address });
const signIn = (email: string, password: string, address: string) => post('/login', { email, password }, address);
const account = async (email: string, password: string) => {
  expect((await post('/signup', { email, password }, '192.0.2.1')).status).toBe(302);
};

describe('sign-in limits', () => {
  test("a stranger's 30 wrong passwords from elsewhere do not lock the owner out; the stranger's address is stopped", async () => {
    await account('owner@example.com', 'owner secret 1');
    const statuses = [];
    for (let i = 0; i < 30; i++) statuses.push((await signIn('owner@example.com', `guess ${i}`, '203.0.113.66')).status);
    expect(statuses.slice(0, SIGN_IN_LIMITS.PAIR_LIMIT)).toEqual(Array(SIGN_IN_LIMITS.PAIR_LIMIT).fill(400));
    expect(new Set(statuses.slice(SIGN_IN_LIMITS.PAIR_LIMIT))).toEqual(new Set([429]));
    const owner = await signIn('owner@example.com', 'owner secret 1', '198.51.100.7');
    expect(owner.status).toBe(302);
    expect(owner.headers.get('set-cookie')).toMatch(/^pw_session=/);

    // Even the right password is refused from the stranger's address now: guessing cannot continue there.
    const stranger = await signIn('owner@example.com', 'owner secret 1', '203.0.113.66');
    expect(stranger.status).toBe(429);
    expect(await stranger.text()).toContain('Too many failed sign-in attempts for this account from your network. Try again in 15 minutes.');
    expect(Number(stranger.headers.get('retry-after'))).toBeGreaterThan(14 * 60);
  });

  test('parallel guesses cannot slip past the per-address limit', async () => {
    await account('racer@example.com', 'racer secret 1');
    const statuses = await Promise.all(Array.from({ length: 25 }, (_, i) => signIn('racer@example.com', `guess ${i}`, '203.0.113.77').then((r) => r.status)));
    expect(statuses.filter((s) => s === 400)).toHaveLength(SIGN_IN_LIMITS.PAIR_LIMIT);
    expect(statuses.filter((s) => s === 429)).toHaveLength(25 - SIGN_IN_LIMITS.PAIR_LIMIT);
  });

  test('one address spraying many accounts is stopped', async () => {
    const statuses = await Promise.all(
      Array.from({ length: SIGN_IN_LIMITS.ADDRESS_LIMIT + 5 }, (_, i) => signIn(`sprayed${i}@example.com`, 'Winter2024!', '203.0.113.88').then((r) => r.status)),
    );
    expect(statuses.filter((s) => s === 400)).toHaveLength(SIGN_IN_LIMITS.ADDRESS_LIMIT);
    expect(statuses.filter((s) => s === 429)).toHaveLength(5);
    const last = await signIn('someone-else@example.com', 'Winter2024!', '203.0.113.88');
    expect(last.status).toBe(429);
    expect(await last.text()).toContain('Too many failed sign-in attempts from your network.');
  });

  test('many addresses hammering one account get a few guesses each once it is under attack, while the owner still gets in, typo and all', async () => {
    await account('ceo@example.com', 'ceo secret 12');
    const addresses = Array.from({ length: 30 }, (_, i) => `2001:db8:${i.toString(16)}::1`);
    const round = (n: number) => Promise.all(addresses.map((address) => signIn('ceo@example.com', `guess ${n} ${address}`, address).then((r) => r.status)));
    // Past the ceiling, each address may fail UNDER_ATTACK_PAIR_LIMIT times on this account; the next guess is refused.
    for (let n = 1; n <= SIGN_IN_LIMITS.UNDER_ATTACK_PAIR_LIMIT; n++) expect(new Set(await round(n))).toEqual(new Set([400]));
    expect(new Set(await round(SIGN_IN_LIMITS.UNDER_ATTACK_PAIR_LIMIT + 1))).toEqual(new Set([429]));
    // Another address in an attacking /64 counts as the same client.
    expect((await signIn('ceo@example.com', 'ceo secret 12', '2001:db8:0::beef')).status).toBe(429);
    const refused = await signIn('ceo@example.com', 'guess again', addresses[3]!);
    expect(await refused.text()).toContain('This account is receiving many failed sign-in attempts, so addresses that failed on it several times must wait.');

    // The owner, from their own address, mistypes once and still gets in.
    expect((await signIn('ceo@example.com', 'ceo secret 21', '198.51.100.9')).status).toBe(400);
    const owner = await signIn('ceo@example.com', 'ceo secret 12', '198.51.100.9');
    expect(owner.status).toBe(302);
  });

  test('hostile e-mails (NUL bytes, kilobytes long) are refused as input, not failed in the database', async () => {
    for (const email of ['nul\u0000@example.com', `${'a'.repeat(6000)}@example.com`]) {
      const res = await signIn(email, 'whatever password', '192.0.2.99');
      expect(res.status).toBe(400);
      expect(await res.text()).toContain('Enter a valid email address');
    }
    const res = await post('/signup', { email: 'named@example.com', password: 'long enough pass', name: 'Nul\u0000Name' }, '192.0.2.99');
    expect(res.status).toBe(302);
  });

  test('the password change checks the current password under the same limits, so a stolen session cannot guess it', async () => {
    await account('victim@example.com', 'victim secret 1');
    const cookie = (await signIn('victim@example.com', 'victim secret 1', '203.0.113.5')).headers.get('set-cookie')!.split(';')[0]!;
    const change = (currentPassword: string) =>
      postForm(harness.origin, '/account', { currentPassword, newPassword: 'brand new secret', confirmPassword: 'brand new secret' }, { cookie, 'x-forwarded-for': '203.0.113.5' });
    for (let i = 0; i < SIGN_IN_LIMITS.PAIR_LIMIT; i++) expect((await change(`guess ${i}`)).status).toBe(400);
    const refused = await change('victim secret 1');
    expect(refused.status).toBe(429);
    expect(await refused.text()).toContain('Too many failed sign-in attempts for this account from your network.');
  });

  test('successful sign-ins do not count against anyone', async () => {
    await account('busy@example.com', 'busy secret 12');
    for (let i = 0; i < SIGN_IN_LIMITS.PAIR_LIMIT + 5; i++) expect((await signIn('busy@example.com', 'busy secret 12', '192.0.2.50')).status).toBe(302);
    // A few typos after a success start from a clean count.
    for (let i = 0; i < SIGN_IN_LIMITS.PAIR_LIMIT; i++) expect((await signIn('busy@example.com', 'typo', '192.0.2.50')).status).toBe(400);
    expect((await signIn('busy@example.com', 'busy secret 12', '192.0.2.50')).status).toBe(429);
  });
});
