import { spawn } from 'node:child_process';
import { existsSync } from 'node:fs';
import { chmod, mkdtemp, rm } from 'node:fs/promises';
import os from 'node:os';
import path from 'node:path';
import { afterAll, expect, test } from 'vitest';
import { SERVER_READY, waitForOutput } from '../setup/child-output';
import { freePort } from '../setup/global-db';

const dataDir = await mkdtemp(path.join(os.tmpdir(), 'pipewright-start-'));
await chmod(dataDir, 0o755);
afterAll(() => rm(dataDir, { recursive: true, force: true }));

/** `server.ts` exactly as `npm start` runs it, with no DATABASE_URL: embedded Postgres in DATA_DIR. */
async function start(pgPort: number) {
  const env: NodeJS.ProcessEnv = { ...process.env, NODE_ENV: 'production', DATA_DIR: dataDir, PORT: '0', EMBEDDED_PG_PORT: String(pgPort), WORKERS: '1' };
  delete env.DATABASE_URL;
  const child = spawn(process.execPath, ['--import', 'tsx', 'server.ts'], { env, stdio: ['ignore', 'pipe', 'pipe'] });
  const started = waitForOutput(child, SERVER_READY);
  const origin = (await started.matched)[1]!;
  const stop = async () => {
    const exited = new Promise<number | null>((resolve) => child.once('exit', resolve));
    child.kill('SIGINT');
    return exited;
  };
  return { origin, stop, output: started.output };
}

const signUp = (origin: string, path: '/signup' | '/login') =>
  fetch(`${origin}${path}`, {
    method: 'POST',
    redirect: 'manual',
    headers: { origin, 'content-type': 'application/x-www-form-urlencoded' },
    body: new URLSearchParams({ email: 'keeper@example.com', password: 'persistent data' }),
  });

test('no DATABASE_URL: embedded Postgres starts, Ctrl-C stops everything, and a restart keeps the data', async () => {
  const pgPort = await freePort();
  const first = await start(pgPort);
  expect(first.output()).toContain(`embedded Postgres in ${path.join(dataDir, 'postgres')}`);
  expect((await fetch(`${first.origin}/healthz`)).status).toBe(200);
  expect((await signUp(first.origin, '/signup')).status).toBe(302);

  expect(await first.stop()).toBe(0);
  // Postgres removes its pid file only when it has shut down.
  expect(existsSync(path.join(dataDir, 'postgres', 'postmaster.pid'))).toBe(false);

  const second = await start(pgPort);
  try {
    const res = await signUp(second.origin, '/login');
    expect(res.status).toBe(302);
    expect(res.headers.get('set-cookie')).toMatch(/^pw_session=/);
  } finally {
    expect(await second.stop()).toBe(0);
  }
});
