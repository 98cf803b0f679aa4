import { spawn } from 'node:child_process';
import { existsSync } from 'node:fs';
import { chmod, mkdtemp, rm } from 'node:fs/promises';
import os from 'node:os';
import path from 'node:path';
import { ensureDatabase } from '../db/database';
import { migrateDatabase } from '../db/client';
import { startEmbeddedPostgres } from '../db/embedded';
import { SERVER_READY, waitForOutput } from '../tests/setup/child-output';
import { freePort } from './preview-round-trip';

/** Why a section that serves the product cannot run, when the production build is missing. */
export function missingBuild(section: string): string | undefined {
  return existsSync('build/index.js') ? undefined : `${section}: skipped: no production build (run \`node scripts/build-if-changed.mjs\` first)`;
}

export type BenchServer = { origin: string; pid: number; databaseUrl: string; dataDir: string; stop: () => Promise<void> };

/**
 * The real server (`server.ts` as `npm start` runs it, production build) over an embedded Postgres of
 * its own in a temporary directory, for benches that measure the product end to end. Everything it
 * started is stopped and removed when `work` settles. `env` adds to the server's environment (WORKERS
 * defaults to 0: benches that need workers say how many).
 */
export async function withBenchServer<T>(name: string, env: Record<string, string>, work: (server: BenchServer) => Promise<T>): Promise<T> {
  const tmp = await mkdtemp(path.join(os.tmpdir(), `pipewright-bench-${name}-`));
  // Parents must be readable by the postgres OS user when the bench runs as root.
  await chmod(tmp, 0o755);
  const stops: (() => Promise<unknown>)[] = [() => rm(tmp, { recursive: true, force: true })];
  try {
    const pg = await startEmbeddedPostgres({ dataDir: path.join(tmp, 'pg'), port: await freePort(), log: () => undefined });
    stops.unshift(() => pg.stop());
    await ensureDatabase(pg.url('postgres'), 'bench');
    await migrateDatabase(pg.url('bench'));
    const server = await startServer(pg.url('bench'), path.join(tmp, 'data'), env);
    stops.unshift(server.stop);
    return await work(server);
  } finally {
    for (const stop of stops) await stop().catch(() => undefined);
  }
}

async function startServer(databaseUrl: string, dataDir: string, env: Record<string, string>): Promise<BenchServer> {
  const child = spawn(process.execPath, ['--import', 'tsx', 'server.ts'], {
    env: { ...process.env, NODE_ENV: 'production', DATABASE_URL: databaseUrl, DATA_DIR: dataDir, PORT: '0', WORKERS: '0', ...env },
    stdio: ['ignore', 'pipe', 'pipe'],
  });
  const origin = (await waitForOutput(child, SERVER_READY).matched)[1]!;
  const stop = async () => {
    if (child.exitCode !== null) return;
    const exited = new Promise((resolve) => child.once('exit', resolve));
    child.kill('SIGTERM');
    await exited;
  };
  return { origin, pid: child.pid!, databaseUrl, dataDir, stop };
}

/** Signs up `email` (once per server) and returns its session cookie. */
export async function signUp(origin: string, email = 'bench@example.com'): Promise<string> {
  const post = (route: string, form: Record<string, string>) =>
    fetch(`${origin}${route}`, {
      method: 'POST',
      redirect: 'manual',
      headers: { origin, 'content-type': 'application/x-www-form-urlencoded' },
      body: new URLSearchParams(form),
    });
  const account = { email, password: 'correct horse battery' };
  await post('/signup', { ...account, name: email.split('@')[0]! });
  const cookie = (await post('/login', account)).headers.get('set-cookie')?.split(';')[0];
  if (!cookie) throw new Error('The bench could not sign in to the server it started.');
  return cookie;
}

/** One GraphQL request as a signed-in page would send it; errors throw. */
export async function gql<T = any>(origin: string, cookie: string, query: string, variables: Record<string, unknown> = {}): Promise<T> {
  const res = await fetch(`${origin}/graphql`, {
    method: 'POST',
    headers: { origin, cookie, 'content-type': 'application/json' },
    body: JSON.stringify({ query, variables }),
  });
  const body = (await res.json()) as { data?: T; errors?: { message: string }[] };
  if (body.errors?.length) throw new Error(body.errors.map((e) => e.message).join('; '));
  return body.data!;
}
