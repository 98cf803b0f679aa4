import { spawn } from 'node:child_process';
import { existsSync, statSync } from 'node:fs';
import { chmod, mkdtemp, readFile, rm } from 'node:fs/promises';
import os from 'node:os';
import path from 'node:path';
import postgres from 'postgres';
import { afterAll, expect, test } from 'vitest';
import { startEmbeddedPostgres } from '../../db/embedded';
import { isAlive, readPostmasterPid } from '../../db/postgres-process';
import { penguinsGraph } from '../fixtures/penguins-graph';
import { freePort } from '../setup/global-db';
import { signUpAt } from '../setup/app-harness';
import { spawnEmbeddedServer } from '../setup/spawn-embedded-server';

const root = await mkdtemp(path.join(os.tmpdir(), 'pipewright-pg-restart-'));
await chmod(root, 0o755);
afterAll(() => rm(root, { recursive: true, force: true }));

async function until<T>(what: string, probe: () => Promise<T | undefined | false>, timeoutMs = 30_000): Promise<T> {
  const deadline = Date.now() + timeoutMs;
  for (;;) {
    const value = await probe().catch(() => undefined);
    if (value) return value;
    if (Date.now() > deadline) throw new Error(`timed out waiting for ${what}`);
    await new Promise((r) => setTimeout(r, 100));
  }
}

test('a killed embedded Postgres is restarted, the server recovers, and a run started afterwards completes', async () => {
  const dataDir = path.join(root, 'server');
  const server = spawnEmbeddedServer({ dataDir, pgPort: await freePort() });
  try {
    const origin = await server.origin;
    const { gql } = await signUpAt(origin, 'phoenix@example.com');
    const created = await gql(`mutation { createPipeline(name: "After the crash") { id } }`);
    const pipelineId = created.data!.createPipeline.id as string;
    await gql(`mutation ($id: ID!, $g: JSON!) { savePipelineGraph(pipelineId: $id, graph: $g) { id } }`, { id: pipelineId, g: penguinsGraph });

    const pgDir = path.join(dataDir, 'postgres');
    const firstPid = (await readPostmasterPid(pgDir))!;
    process.kill(firstPid, 'SIGKILL');
    await until('the health check to notice', async () => (await fetch(`${origin}/healthz`)).status === 503);
    await until('the health check to recover', async () => (await fetch(`${origin}/healthz`)).status === 200);
    const secondPid = await readPostmasterPid(pgDir);
    expect(secondPid).not.toBe(firstPid);
    expect(server.output()).toMatch(/Embedded Postgres stopped unexpectedly \(killed by SIGKILL\); restarting/);

    const started = await until('startRun to succeed', async () => {
      const res = await gql(`mutation ($id: ID!) { startRun(pipelineId: $id) { id } }`, { id: pipelineId });
      return res.data?.startRun.id as string | undefined;
    });
    const status = await until('the run to end', async () => {
      const res = await gql(`query ($id: ID!) { run(id: $id) { status error } }`, { id: started });
      const run = res.data?.run as { status: string; error: string | null } | undefined;
      return run && ['succeeded', 'failed'].includes(run.status) ? run : undefined;
    }, 60_000);
    expect(status).toEqual({ status: 'succeeded', error: null });

    expect(await server.ctrlC()).toBe(0);
    expect(isAlive(secondPid!)).toBe(false);
    expect(existsSync(path.join(pgDir, 'postmaster.pid'))).toBe(false);
  } finally {
    if (server.child.exitCode === null) await server.ctrlC();
  }
});

test('a Postgres somebody restarted by hand on the data directory is adopted, and stopped with us', async () => {
  const dataDir = path.join(root, 'by-hand');
  const port = await freePort();
  const logs: string[] = [];
  // A restart delay long enough for the hand-started server to come up first.
  const pg = await startEmbeddedPostgres({ dataDir, port, supervise: true, firstRestartDelayMs: 3000, log: (m) => logs.push(m) });
  const ours = (await readPostmasterPid(dataDir))!;
  // The server stops (cleanly, so nothing is left holding its shared memory) and someone starts it again by hand.
  const command = (await readFile(path.join(dataDir, 'postmaster.opts'), 'utf8')).trim();
  const binary = command.split(' ')[0]!.replace(/"/g, '');
  process.kill(ours, 'SIGINT');
  await until('the first server to stop', async () => !isAlive(ours));
  const { uid, gid } = statSync(dataDir);
  const owner = process.getuid?.() === 0 ? { uid, gid } : {};
  const byHand = spawn(binary, ['-D', dataDir, '-p', String(port), '-c', 'listen_addresses=127.0.0.1'], { ...owner, detached: true, stdio: 'ignore' });
  byHand.unref();

  const sql = postgres(pg.url('postgres'), { max: 1, onnotice: () => {} });
  try {
    await until('the hand-started server to answer', async () => (await sql`select 1 as ok`)[0]!.ok === 1);
    await until('the supervisor to adopt it', async () => logs.some((m) => m.includes('running again')));
    expect(await readPostmasterPid(dataDir)).toBe(byHand.pid);
  } finally {
    await sql.end({ timeout: 1 });
    await pg.stop();
  }
  expect(isAlive(byHand.pid!)).toBe(false);
  expect(existsSync(path.join(dataDir, 'postmaster.pid'))).toBe(false);
});
