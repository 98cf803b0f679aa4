import { existsSync } from 'node:fs';
import { chmod, mkdtemp, rm } from 'node:fs/promises';
import os from 'node:os';
import path from 'node:path';
import { afterAll, expect, test } from 'vitest';
import { isAlive, readPostmasterPid } from '../../db/postgres-process';
import { slowPenguinsGraph } from '../fixtures/penguins-graph';
import { signUpAt } from '../setup/app-harness';
import { freePort } from '../setup/global-db';
import { groupAlive, spawnEmbeddedServer } from '../setup/spawn-embedded-server';

const root = await mkdtemp(path.join(os.tmpdir(), 'pipewright-ctrl-c-'));
await chmod(root, 0o755);
afterAll(() => rm(root, { recursive: true, force: true }));

/** Ctrl-C at `moment`, then: the server exited cleanly, its process group is empty, its Postgres stopped. */
async function ctrlCAt(name: string, opts: { port?: number }, moment: (server: ReturnType<typeof spawnEmbeddedServer>, pgDir: string) => Promise<void>) {
  const dataDir = path.join(root, name);
  const pgDir = path.join(dataDir, 'postgres');
  const server = spawnEmbeddedServer({ dataDir, pgPort: await freePort(), ...opts });
  server.origin.catch(() => {});
  let postmaster: number | undefined;
  const watchPid = setInterval(() => void readPostmasterPid(pgDir).then((pid) => (postmaster ??= pid)), 5);
  try {
    await moment(server, pgDir);
    postmaster ??= await readPostmasterPid(pgDir);
    const code = await server.ctrlC();
    expect(code, server.output()).toBe(0);
  } finally {
    clearInterval(watchPid);
  }
  expect(groupAlive(server.pgid), 'a process of the server group outlived it').toBe(false);
  if (postmaster) expect(isAlive(postmaster), 'the embedded Postgres outlived the server').toBe(false);
  expect(existsSync(path.join(pgDir, 'postmaster.pid'))).toBe(false);
}

test.concurrent('Ctrl-C right after /healthz first answers leaves no process behind', async () => {
  const port = await freePort();
  await ctrlCAt('after-healthz', { port }, async (server) => {
    while (!(await fetch(`http://127.0.0.1:${port}/healthz`).then((r) => r.ok, () => false))) await new Promise((r) => setTimeout(r, 5));
  });
});

test.concurrent('Ctrl-C while the embedded Postgres starts leaves no process behind', async () => {
  await ctrlCAt('while-postgres-starts', {}, async (_server, pgDir) => {
    while (!existsSync(path.join(pgDir, 'postmaster.pid'))) await new Promise((r) => setTimeout(r, 5));
  });
});

test.concurrent('a second Ctrl-C while a long node holds up the stop ends everything at once, leaving no process behind', async ({ expect }) => {
  const dataDir = path.join(root, 'twice');
  const pgDir = path.join(dataDir, 'postgres');
  const server = spawnEmbeddedServer({ dataDir, pgPort: await freePort() });
  const { gql } = await signUpAt(await server.origin, 'impatient@example.com');
  const graph = slowPenguinsGraph(5000);
  const pipelineId = (await gql('mutation { createPipeline(name: "Long") { id } }')).data!.createPipeline.id;
  await gql('mutation ($id: ID!, $g: JSON!) { savePipelineGraph(pipelineId: $id, graph: $g) { id } }', { id: pipelineId, g: graph });
  const runId = (await gql('mutation ($id: ID!) { startRun(pipelineId: $id) { id } }', { id: pipelineId })).data!.startRun.id;
  const trainState = async () => {
    const nodes = (await gql('query ($id: ID!) { run(id: $id) { nodes { nodeId status progress } } }', { id: runId })).data!.run.nodes as { nodeId: string; status: string; progress: number }[];
    const train = nodes.find((n) => n.nodeId === 'train-1');
    return train?.status === 'running' && train.progress > 0 ? 'training' : train?.status;
  };
  // Past its first epochs, so the stop below has a long-running job to wait for.
  await expect.poll(trainState, { timeout: 60_000, interval: 100 }).toBe('training');
  const postmaster = (await readPostmasterPid(pgDir))!;

  // The first Ctrl-C starts a clean stop, which waits for the training worker; a relayed copy of it is ignored.
  process.kill(-server.pgid, 'SIGINT');
  process.kill(server.pgid, 'SIGINT');
  await expect.poll(() => server.output(), { timeout: 10_000, interval: 5 }).toContain('Ctrl-C again to stop at once');
  await new Promise((r) => setTimeout(r, 1_200));
  expect(server.child.exitCode, 'the stop should still be waiting for the training node').toBeNull();
  expect(await server.ctrlC(), server.output()).toBe(130);
  expect(server.output()).toContain('Stopping Pipewright at once');
  // Killed workers and an immediate shutdown are not waited for, but take moments.
  await expect.poll(() => groupAlive(server.pgid), { timeout: 5_000, message: 'a process of the server group outlived it' }).toBe(false);
  await expect.poll(() => isAlive(postmaster), { timeout: 10_000 }).toBe(false);
});
