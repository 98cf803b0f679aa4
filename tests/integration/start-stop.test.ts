import { existsSync } from 'node:fs';
import { chmod, mkdtemp, rm } from 'node:fs/promises';
import os from 'node:os';
import path from 'node:path';
import { afterAll, expect, test } from 'vitest';
import { postForm } from '../setup/app-harness';
import { freePort } from '../setup/global-db';
import { spawnEmbeddedServer } from '../setup/spawn-embedded-server';

const dataDir = await mkdtemp(path.join(os.tmpdir(), 'pipewright-start-'));
await chmod(dataDir, 0o755);
afterAll(() => rm(dataDir, { recursive: true, force: true }));

const post = (origin: string, route: '/signup' | '/login') => postForm(origin, route, { email: 'keeper@example.com', password: 'persistent data' });

test('no DATABASE_URL: embedded Postgres starts, Ctrl-C stops everything, and a restart keeps the data', async () => {
  const pgPort = await freePort();
  const first = spawnEmbeddedServer({ dataDir, pgPort });
  const origin = await first.origin;
  expect(first.output()).toContain(`embedded Postgres in ${path.join(dataDir, 'postgres')}`);
  expect((await fetch(`${origin}/healthz`)).status).toBe(200);
  expect((await post(origin, '/signup')).status).toBe(302);

  expect(await first.ctrlC()).toBe(0);
  // Postgres removes its pid file only when it has shut down.
  expect(existsSync(path.join(dataDir, 'postgres', 'postmaster.pid'))).toBe(false);

  const second = spawnEmbeddedServer({ dataDir, pgPort });
  try {
    const res = await post(await second.origin, '/login');
    expect(res.status).toBe(302);
    expect(res.headers.get('set-cookie')).toMatch(/^pw_session=/);
  } finally {
    expect(await second.ctrlC()).toBe(0);
  }
});
