import { spawn } from 'node:child_process';
import { mkdtemp, rm } from 'node:fs/promises';
import os from 'node:os';
import path from 'node:path';
import { afterAll, beforeAll, expect, test } from 'vitest';
import { slowPenguinsGraph } from '../fixtures/penguins-graph';
import { signUpAt } from '../setup/app-harness';
import { SERVER_READY, waitForOutput } from '../setup/child-output';
import { createTestDatabase } from '../setup/test-database';

let database: Awaited<ReturnType<typeof createTestDatabase>>;
let dataDir: string;
beforeAll(async () => {
  database = await createTestDatabase();
  dataDir = await mkdtemp(path.join(os.tmpdir(), 'pipewright-restart-'));
});
afterAll(async () => {
  await database?.drop();
  await rm(dataDir, { recursive: true, force: true });
});

/** server.ts as `npm start` runs it, on a fixed port so the client can come back to the same address. */
async function startServer(port: number) {
  const child = spawn(process.execPath, ['--import', 'tsx', 'server.ts'], {
    env: { ...process.env, NODE_ENV: 'production', DATABASE_URL: database.url, DATA_DIR: dataDir, PORT: String(port), WORKERS: '1', WORKER_DRAIN_SECONDS: '0' },
    stdio: ['ignore', 'pipe', 'pipe'],
  });
  const started = waitForOutput(child, SERVER_READY);
  const origin = (await started.matched)[1]!;
  const exited = new Promise<number | null>((resolve) => child.once('exit', (code) => resolve(code)));
  return { origin, output: started.output, stop: () => (child.kill('SIGTERM'), exited) };
}

test('stopping the server (and its worker) mid-run and starting it again: the run resumes and completes', async () => {
  const first = await startServer(0);
  const port = Number(new URL(first.origin).port);
  const { gql } = await signUpAt(first.origin, 'restart@example.com');
  const created = await gql(`mutation { createPipeline(name: "Restart") { id } }`);
  const pipelineId = created.data!.createPipeline.id as string;
  await gql(`mutation ($id: ID!, $g: JSON!) { savePipelineGraph(pipelineId: $id, graph: $g) { id } }`, { id: pipelineId, g: slowPenguinsGraph(200) });
  const runId = (await gql(`mutation ($id: ID!) { startRun(pipelineId: $id) { id } }`, { id: pipelineId })).data!.startRun.id as string;
  const nodeStatus = async () => {
    const res = await gql(`query ($id: ID!) { run(id: $id) { status nodes { nodeId status } } }`, { id: runId });
    return res.data?.run as { status: string; nodes: { nodeId: string; status: string }[] } | undefined;
  };
  for (;;) {
    const run = await nodeStatus();
    if (run?.nodes.find((n) => n.nodeId === 'train-1')?.status === 'running') break;
    expect(run?.status).not.toBe('failed');
    await new Promise((r) => setTimeout(r, 100));
  }
  expect(await first.stop()).toBe(0);

  // The same address and session cookie work again: sessions live in Postgres.
  const second = await startServer(port);
  try {
    let run = await nodeStatus();
    for (let i = 0; i < 1200 && run && ['queued', 'running'].includes(run.status); i++) {
      await new Promise((r) => setTimeout(r, 100));
      run = await nodeStatus();
    }
    expect(run?.status).toBe('succeeded');
    expect(run!.nodes.every((n) => n.status === 'succeeded')).toBe(true);
  } finally {
    expect(await second.stop()).toBe(0);
  }
}, 300_000);
