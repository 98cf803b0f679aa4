import { afterAll, beforeAll, describe, expect, test, vi } from 'vitest';
import { eq } from 'drizzle-orm';
import { sessions, users } from '../../db/schema';
import { postForm, startHarness } from '../setup/app-harness';

let harness: Awaited<ReturnType<typeof startHarness>>;
beforeAll(async () => {
  harness = await startHarness();
});
afterAll(() => harness?.stop());

const post = (path: string, form: Record<string, string>, cookie?: string) => postForm(harness.origin, path, form, cookie ? { cookie } : {});
const me = async (cookie: string) => {
  const res = await fetch(`${harness.origin}/graphql`, {
    method: 'POST',
    headers: { origin: harness.origin, cookie, 'content-type': 'application/json' },
    body: JSON.stringify({ query: '{ me { email team { name role } } }' }),
  });
  return (await res.json()).data.me;
};

describe('accounts', () => {
  test('sign up creates a personal team and sends the person to sign in; the session cookie is HttpOnly SameSite=Lax; passwords are Argon2id', async () => {
    const signedUp = await post('/signup', { email: 'Grace@Example.com', password: 'hopper1906', name: 'Grace' });
    expect(signedUp.status).toBe(302);
    expect(signedUp.headers.get('location')).toBe('/login?registered=1');
    expect(signedUp.headers.get('set-cookie')).toBeNull();
    const page = await fetch(`${harness.origin}/login?registered=1`);
    expect(await page.text()).toContain('Account ready. Sign in with the e-mail and password you chose.');
    const res = await post('/login', { email: 'grace@example.com', password: 'hopper1906' });
    expect(res.status).toBe(302);
    const setCookie = res.headers.get('set-cookie')!;
    expect(setCookie).toMatch(/HttpOnly/i);
    expect(setCookie).toMatch(/SameSite=Lax/i);
    expect(await me(setCookie.split(';')[0]!)).toEqual({ email: 'grace@example.com', team: { name: "Grace's team", role: 'owner' } });
    const [user] = await harness.services.db.select().from(users).where(eq(users.email, 'grace@example.com'));
    expect(user!.passwordHash).toMatch(/^\$argon2id\$/);
  });

  test('a short or all-space password and a malformed email are refused with a message', async () => {
    for (const [form, message] of [
      [{ email: 'new@example.com', password: 'short' }, 'Use at least 8 characters for your password'],
      [{ email: 'new@example.com', password: '        ' }, 'Use at least 8 characters for your password'],
      [{ email: 'new@example.com', password: '  \t   x   ' }, 'Use at least 8 characters for your password'],
      [{ email: 'not-an-email', password: 'long enough' }, 'Enter a valid email address, like ada@example.com.'],
    ] as const) {
      const res = await post('/signup', form);
      expect(res.status).toBe(400);
      expect(await res.text()).toContain(message.replace("'", '&#x27;'));
    }
    expect(await harness.services.db.select().from(users).where(eq(users.email, 'new@example.com'))).toEqual([]);
  });

  test('sign-up answers a new and an existing e-mail identically, and never takes over the existing account', async () => {
    await post('/signup', { email: 'owner@example.com', password: 'the owner password' });
    const answer = async (email: string) => {
      const started = performance.now();
      const res = await post('/signup', { email, password: 'an attacker password', name: 'x' });
      const ms = performance.now() - started;
      const headers = Object.fromEntries([...res.headers].filter(([name]) => !['date', 'content-length', 'keep-alive', 'connection'].includes(name)));
      return { status: res.status, headers, body: await res.text(), ms };
    };
    const existing = await answer('owner@example.com');
    const fresh = await answer('newcomer@example.com');
    expect({ ...existing, ms: 0 }).toEqual({ ...fresh, ms: 0 });
    expect(existing.headers['set-cookie']).toBeUndefined();
    // Both paths hash the password (Argon2: ~60 ms under load, once under 20 ms on an idle machine); a path that
    // skipped it would answer in 1–3 ms.
    expect(Math.min(existing.ms, fresh.ms)).toBeGreaterThan(8);
    // The existing account still has its own password, and the attacker's does not sign in to it.
    expect((await post('/login', { email: 'owner@example.com', password: 'an attacker password' })).status).toBe(400);
    expect((await post('/login', { email: 'owner@example.com', password: 'the owner password' })).status).toBe(302);
  });

  test('sign in, sign out, and a wrong password', async () => {
    await post('/signup', { email: 'ada@example.com', password: 'analytical engine' });
    const wrong = await post('/login', { email: 'ada@example.com', password: 'difference engine' });
    expect(wrong.status).toBe(400);
    expect(await wrong.text()).toContain('That email and password do not match an account.');

    const ok = await post('/login', { email: 'ada@example.com', password: 'analytical engine', redirectTo: '/pipelines' });
    expect(ok.status).toBe(302);
    expect(ok.headers.get('location')).toBe('/pipelines');
    const cookie = ok.headers.get('set-cookie')!.split(';')[0]!;
    expect((await me(cookie)).email).toBe('ada@example.com');

    const out = await post('/logout', {}, cookie);
    expect(out.status).toBe(302);
    expect(out.headers.get('set-cookie')).toMatch(/Max-Age=0/i);
    expect(await me(cookie)).toBeNull();
    const sessionId = decodeURIComponent(cookie.split('=')[1]!);
    expect(await harness.services.db.select().from(sessions).where(eq(sessions.id, sessionId))).toEqual([]);
  });

  test('repeated failed sign-ins for one account from one address are stopped', async () => {
    await post('/signup', { email: 'target@example.com', password: 'the real password' });
    for (let i = 0; i < 10; i++) expect((await post('/login', { email: 'target@example.com', password: `guess ${i}` })).status).toBe(400);
    const blocked = await post('/login', { email: 'Target@example.com', password: 'the real password' });
    expect(blocked.status).toBe(429);
    expect(Number(blocked.headers.get('retry-after'))).toBeGreaterThan(0);
    expect(await blocked.text()).toContain('Too many failed sign-in attempts for this account from your network. Try again in 15 minutes.');
    // Other accounts are unaffected.
    expect((await post('/login', { email: 'ada@example.com', password: 'analytical engine' })).status).toBe(302);
  });

  test('sign-in never redirects off-site', async () => {
    await post('/signup', { email: 'mallory@example.com', password: 'long enough' });
    const res = await post('/login', { email: 'mallory@example.com', password: 'long enough', redirectTo: '//evil.example/phish' });
    expect(res.headers.get('location')).toBe('/pipelines');
  });

  test('pages need a session', async () => {
    const res = await fetch(`${harness.origin}/pipelines`, { redirect: 'manual' });
    expect(res.status).toBe(302);
    expect(res.headers.get('location')).toBe('/login?redirectTo=%2Fpipelines');
  });

  test('healthz answers when the server and database are up (degraded: this harness runs no worker)', async () => {
    const res = await fetch(`${harness.origin}/healthz`);
    expect(res.status).toBe(200);
    expect(await res.json()).toEqual({ status: 'degraded', database: 'ok', workers: { live: 0, lastHeartbeatAt: null } });
  });
});

test('a proxy header while TRUST_PROXY is off earns the operator one warning', async () => {
  const warn = vi.spyOn(console, 'warn').mockImplementation(() => {});
  try {
    for (let i = 0; i < 3; i++) await fetch(`${harness.origin}/healthz`, { headers: { 'x-forwarded-for': '203.0.113.1' } });
    const warnings = warn.mock.calls.filter(([message]) => String(message).includes('TRUST_PROXY is off'));
    expect(warnings).toHaveLength(1);
  } finally {
    warn.mockRestore();
  }
});
