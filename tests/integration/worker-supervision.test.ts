import { fork } from 'node:child_process';
import { once } from 'node:events';
import postgres from 'postgres';
import { afterAll, beforeAll, expect, test } from 'vitest';
import { penguinsGraph } from '../fixtures/penguins-graph';
import { signUpAt, type UserClient } from '../setup/app-harness';
import { spawnServer } from '../setup/spawn-server';

let server: Awaited<ReturnType<typeof spawnServer>>;
let user: UserClient;

beforeAll(async () => {
  // As `npm start` runs it, with two forked workers that beat every second (live = 3 s).
  server = await spawnServer({ workers: 2, env: { WORKER_HEARTBEAT_SECONDS: '1' } });
  user = await signUpAt(server.origin, 'ops@example.com');
});
afterAll(() => server?.stop());

type Health = { status: string; database: string; workers: { live: number } };
const health = async () => (await (await fetch(`${server.origin}/healthz`)).json()) as Health;

async function waitFor<T>(what: string, read: () => Promise<T>, done: (value: T) => boolean, timeoutMs: number) {
  const deadline = Date.now() + timeoutMs;
  for (;;) {
    const value = await read();
    if (done(value)) return value;
    if (Date.now() > deadline) throw new Error(`timed out waiting for ${what}; last seen: ${JSON.stringify(value)}\n${server.output()}`);
    await new Promise((r) => setTimeout(r, 50));
  }
}

test('killing every worker: /healthz goes degraded, the supervisor restarts them, and a run started meanwhile completes', async () => {
  expect(await waitFor('two live workers', health, (h) => h.workers.live === 2, 10_000)).toMatchObject({ status: 'ok', database: 'ok' });

  const sql = postgres(server.databaseUrl, { max: 1, onnotice: () => {} });
  const pids = (await sql<{ pid: number }[]>`select pid from workers where live_until > now()`).map((r) => r.pid);
  await sql.end();
  expect(pids).toHaveLength(2);
  for (const pid of pids) process.kill(pid, 'SIGKILL');

  const degraded = await waitFor('/healthz to report no live worker', health, (h) => h.status === 'degraded', 10_000);
  expect(degraded).toEqual({ status: 'degraded', database: 'ok', workers: expect.objectContaining({ live: 0 }) });
  const system = await user.gql(`{ system { liveWorkers lastHeartbeatAt } }`);
  expect(system.data!.system.liveWorkers).toBe(0);

  const created = await user.gql(`mutation { createPipeline(name: "While down") { id } }`);
  const pipelineId = created.data!.createPipeline.id;
  await user.gql(`mutation ($id: ID!, $g: JSON!) { savePipelineGraph(pipelineId: $id, graph: $g) { id } }`, { id: pipelineId, g: penguinsGraph });
  const started = await user.gql(`mutation ($id: ID!) { startRun(pipelineId: $id) { id status } }`, { id: pipelineId });
  expect(started.data!.startRun.status).toBe('queued');

  await waitFor('both workers back', health, (h) => h.status === 'ok' && h.workers.live === 2, 30_000);
  const run = async () => (await user.gql(`query ($id: ID!) { run(id: $id) { status error } }`, { id: started.data!.startRun.id })).data!.run;
  expect(await waitFor('the run to finish', run, (r) => !['queued', 'running'].includes(r.status), 60_000)).toEqual({ status: 'succeeded', error: null });

  const log = server.output();
  for (const pid of pids) expect(log).toMatch(new RegExp(`worker \\d \\(pid ${pid}\\) exited \\(signal SIGKILL\\); restarting in 1 s`));
  expect(log.match(/worker \d restarted \(pid \d+\)/g)).toHaveLength(2);
});

test('a worker whose server died while it started stops cleanly instead of crashing on its ready message', async () => {
  const entry = new URL('../../worker/main.ts', import.meta.url);
  const child = fork(entry, [], { execArgv: ['--import', 'tsx'], env: { ...process.env, NODE_ENV: 'production', DATABASE_URL: server.databaseUrl, DATA_DIR: server.dataDir }, stdio: ['ignore', 'pipe', 'pipe', 'ipc'] });
  let output = '';
  child.stdout!.on('data', (chunk) => (output += chunk));
  child.stderr!.on('data', (chunk) => (output += chunk));
  // The server's side of the channel goes before the worker is up, as when the server is killed.
  child.disconnect();
  const [code, signal] = (await once(child, 'exit')) as [number | null, NodeJS.Signals | null];
  expect({ code, signal, output }).toEqual({ code: 0, signal: null, output: expect.not.stringContaining('ERR_IPC_CHANNEL_CLOSED') });
});
