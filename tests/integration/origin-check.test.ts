import { afterAll, beforeAll, describe, expect, test } from 'vitest';
import WebSocket from 'ws';
import { startHarness } from '../setup/app-harness';

let direct: Awaited<ReturnType<typeof startHarness>>;
let proxied: Awaited<ReturnType<typeof startHarness>>;
beforeAll(async () => {
  [direct, proxied] = await Promise.all([startHarness(), startHarness({ trustProxy: true })]);
});
afterAll(() => Promise.all([direct?.stop(), proxied?.stop()]));

const postGraphQL = (origin: string, headers: Record<string, string>) =>
  fetch(`${origin}/graphql`, {
    method: 'POST',
    headers: { 'content-type': 'application/json', ...headers },
    body: JSON.stringify({ query: '{ me { email } }' }),
  });

/** The HTTP status of a WebSocket handshake to /graphql with these headers (101 = accepted). */
const upgradeStatus = (origin: string, headers: Record<string, string>) =>
  new Promise<number>((resolve, reject) => {
    const ws = new WebSocket(`${origin.replace('http', 'ws')}/graphql`, 'graphql-transport-ws', { headers });
    ws.on('upgrade', (res) => {
      resolve(res.statusCode ?? 0);
      ws.terminate();
    });
    ws.on('unexpected-response', (_req, res) => {
      resolve(res.statusCode ?? 0);
      ws.terminate();
    });
    ws.on('error', (error) => reject(error));
  });

describe('same-origin checks compare scheme, host and port', () => {
  test('HTTP: the site itself passes; another scheme, port or host is refused', async () => {
    const site = direct.origin;
    const port = new URL(site).port;
    expect((await postGraphQL(site, { origin: site })).status).toBe(200);
    for (const origin of [`https://127.0.0.1:${port}`, 'http://127.0.0.1:1', `http://evil.example:${port}`, 'null']) {
      const res = await postGraphQL(site, { origin });
      expect(res.status, origin).toBe(403);
      expect((await res.json()).error).toContain('Cross-site request refused');
    }
  });

  test('WebSocket: the site itself passes; another scheme is refused', async () => {
    const site = direct.origin;
    expect(await upgradeStatus(site, { origin: site })).toBe(101);
    expect(await upgradeStatus(site, { origin: site.replace('http:', 'https:') })).toBe(403);
  });

  test('behind a trusted proxy the scheme is X-Forwarded-Proto', async () => {
    const site = proxied.origin;
    const https = site.replace('http:', 'https:');
    expect((await postGraphQL(site, { origin: https, 'x-forwarded-proto': 'https' })).status).toBe(200);
    expect((await postGraphQL(site, { origin: site, 'x-forwarded-proto': 'https' })).status).toBe(403);
    expect(await upgradeStatus(site, { origin: https, 'x-forwarded-proto': 'https' })).toBe(101);
    expect(await upgradeStatus(site, { origin: site, 'x-forwarded-proto': 'https' })).toBe(403);
    // Without a trusted proxy, the header is ignored.
    expect((await postGraphQL(direct.origin, { origin: direct.origin.replace('http:', 'https:'), 'x-forwarded-proto': 'https' })).status).toBe(403);
  });
});
