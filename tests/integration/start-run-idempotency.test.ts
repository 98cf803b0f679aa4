import { randomUUID } from 'node:crypto';
import { afterAll, beforeAll, describe, expect, test } from 'vitest';
import { eq } from 'drizzle-orm';
import { pipelineVersions, runs } from '../../db/schema';
import { penguinsGraph } from '../fixtures/penguins-graph';
import { startHarness, type UserClient } from '../setup/app-harness';

// No worker: these runs only need to start.
let harness: Awaited<ReturnType<typeof startHarness>>;
let user: UserClient;
beforeAll(async () => {
  harness = await startHarness();
  user = await harness.signUp('clicker@example.com');
});
afterAll(() => harness?.stop());

const START = /* GraphQL */ `mutation ($id: ID!, $key: String) { startRun(pipelineId: $id, idempotencyKey: $key) { id status } }`;

async function createPipeline(name: string) {
  const created = await user.gql(`mutation ($name: String!) { createPipeline(name: $name) { id } }`, { name });
  const id = created.data!.createPipeline.id as string;
  const saved = await user.gql(`mutation ($id: ID!, $graph: JSON!) { savePipelineGraph(pipelineId: $id, graph: $graph) { id } }`, { id, graph: penguinsGraph });
  expect(saved.errors).toBeUndefined();
  return id;
}

const startConcurrently = (pipelineId: string, key?: string, times = 5) =>
  Promise.all(Array.from({ length: times }, () => user.gql<{ startRun: { id: string } }>(START, { id: pipelineId, key })));

describe('startRun under concurrency', () => {
  test('5 concurrent starts without a key make 5 runs of one version of the draft, and no error', async () => {
    const pipelineId = await createPipeline('Without key');
    const answers = await startConcurrently(pipelineId);
    expect(answers.map((a) => a.errors)).toEqual(Array(5).fill(undefined));
    expect(new Set(answers.map((a) => a.data!.startRun.id)).size).toBe(5);
    const versions = await harness.services.db.select({ id: pipelineVersions.id, version: pipelineVersions.version }).from(pipelineVersions).where(eq(pipelineVersions.pipelineId, pipelineId));
    expect(versions.map((v) => v.version)).toEqual([1]);
    const pinned = await harness.services.db.select({ versionId: runs.pipelineVersionId }).from(runs).where(eq(runs.pipelineId, pipelineId));
    expect(pinned.map((r) => r.versionId)).toEqual(Array(5).fill(versions[0]!.id));
  });

  test('5 concurrent starts with one key make one run, and every answer names it; a later retry too', async () => {
    const pipelineId = await createPipeline('With key');
    const key = randomUUID();
    const answers = await startConcurrently(pipelineId, key);
    expect(answers.map((a) => a.errors)).toEqual(Array(5).fill(undefined));
    const ids = new Set(answers.map((a) => a.data!.startRun.id));
    expect(ids.size).toBe(1);
    const retry = await user.gql<{ startRun: { id: string } }>(START, { id: pipelineId, key });
    expect(retry.data!.startRun.id).toBe([...ids][0]);
    expect(await harness.services.db.select({ id: runs.id }).from(runs).where(eq(runs.pipelineId, pipelineId))).toHaveLength(1);
    // No version was pinned for the calls that returned the existing run.
    expect(await harness.services.db.select().from(pipelineVersions).where(eq(pipelineVersions.pipelineId, pipelineId))).toHaveLength(1);
  });

  test('a key reused for another pipeline is a clear BAD_USER_INPUT, also when the two race', async () => {
    const [first, second] = await Promise.all([createPipeline('First'), createPipeline('Second')]);
    const key = randomUUID();
    const answers = await Promise.all([first, second, first, second].map((id) => user.gql(START, { id, key })));
    const winners = answers.filter((a) => !a.errors);
    const losers = answers.filter((a) => a.errors);
    expect(new Set(winners.map((a) => a.data!.startRun.id)).size).toBe(1);
    expect(winners).toHaveLength(2);
    for (const loser of losers) {
      expect(loser.errors![0]!.extensions!.code).toBe('BAD_USER_INPUT');
      expect(loser.errors![0]!.message).toContain('This idempotencyKey already started a run of another pipeline.');
    }
  });

  test('a malformed key is refused before anything starts', async () => {
    const pipelineId = await createPipeline('Bad key');
    const answer = await user.gql(START, { id: pipelineId, key: 'x' });
    expect(answer.errors![0]!.extensions!.code).toBe('BAD_USER_INPUT');
    expect(answer.errors![0]!.message).toContain('idempotencyKey must be 8 to 128');
    expect(await harness.services.db.select().from(runs).where(eq(runs.pipelineId, pipelineId))).toEqual([]);
  });
});
