import { and, eq } from 'drizzle-orm';
import { afterAll, beforeAll, describe, expect, test } from 'vitest';
import { nodeRuns } from '../../db/schema';
import { readPreviewCell } from '../../graphql/preview-columns';
import { penguinsGraph } from '../fixtures/penguins-graph';
import { startHarness, type UserClient } from '../setup/app-harness';

const RUN_EVENTS = /* GraphQL */ `subscription ($runId: ID!) { runEvents(runId: $runId) { seq type status } }`;
const RUN_OUTPUT = /* GraphQL */ `query ($runId: ID!, $nodeId: ID!) { runOutput(runId: $runId, nodeId: $nodeId) }`;
const RUN_OUTPUT_ROWS = /* GraphQL */ `
  query ($runId: ID!, $nodeId: ID!, $port: String!, $part: String, $offset: Int!, $limit: Int!) {
    runOutputRows(runId: $runId, nodeId: $nodeId, port: $port, part: $part, offset: $offset, limit: $limit)
  }
`;
/** Rows the grid may show here: fewer than the penguins' 344, so the cap shows. */
const ROW_LIMIT = 200;

let harness: Awaited<ReturnType<typeof startHarness>>;
let user: UserClient;
let runId: string;

beforeAll(async () => {
  harness = await startHarness({ worker: true, preview: { rowLimit: ROW_LIMIT } });
  user = await harness.signUp('outputs@example.com');
  const created = await user.gql(`mutation { createPipeline(name: "Penguins") { id } }`);
  const pipelineId = created.data!.createPipeline.id as string;
  await user.gql(`mutation ($id: ID!, $graph: JSON!) { savePipelineGraph(pipelineId: $id, graph: $graph) { id } }`, { id: pipelineId, graph: penguinsGraph });
  const started = await user.gql(`mutation ($id: ID!) { startRun(pipelineId: $id) { id } }`, { id: pipelineId });
  runId = started.data!.startRun.id as string;
  const events = await user.subscribe<{ runEvents: { type: string; status: string } }>(RUN_EVENTS, { runId });
  expect(events.at(-1)!.runEvents).toMatchObject({ type: 'run_status', status: 'succeeded' });
});
afterAll(() => harness?.stop());

const output = (nodeId: string, client = user) => client.gql(RUN_OUTPUT, { runId, nodeId });
const rows = (vars: { nodeId: string; port: string; part?: string; offset: number; limit: number }, client = user) => client.gql(RUN_OUTPUT_ROWS, { runId, ...vars });

describe('runOutput: a stored node output in the preview grid', () => {
  test("a table output: schema, every row's stats, the first window, capped like previews", async () => {
    const { data, errors } = await output('dataset-1');
    expect(errors).toBeUndefined();
    const payload = data!.runOutput;
    expect(payload.status).toBe('ok');
    const port = payload.ports[0];
    expect(port).toMatchObject({ port: 'data', kind: 'table' });
    expect(port.table.rowCount).toBe(344);
    expect(port.table.rowsAvailable).toBe(ROW_LIMIT);
    expect(port.table.truncated).toBe(true);
    expect(port.table.rowsSent).toBe(100);
    expect(port.table.schema.columns.map((c: { name: string }) => c.name)).toContain('Species');
    // Stats count every stored row, not only the rows the grid may show.
    const numeric = port.table.schema.columns.findIndex((c: { kind: string }) => c.kind === 'number');
    const stats = port.table.stats[numeric];
    expect(stats.histogram.bins.reduce((a: number, b: number) => a + b, 0) + stats.missing).toBe(344);
    expect(payload.limits).toMatchObject({ rowLimit: ROW_LIMIT });
  });

  test('windows read further rows of the same output, and stop at the row cap', async () => {
    const first = (await output('dataset-1')).data!.runOutput.ports[0].table;
    const again = (await rows({ nodeId: 'dataset-1', port: 'data', offset: 0, limit: 100 })).data!.runOutputRows;
    expect(again.data).toEqual(first.data);
    const species = first.schema.columns.findIndex((c: { name: string }) => c.name === 'Species');
    const tail = (await rows({ nodeId: 'dataset-1', port: 'data', offset: 150, limit: 100 })).data!.runOutputRows;
    expect(tail).toMatchObject({ status: 'ok', offset: 150, rowsSent: ROW_LIMIT - 150, rowsAvailable: ROW_LIMIT });
    expect(typeof readPreviewCell(tail.data[species], 0)).toBe('string');
  });

  test('a split has train and test tables; a model output is a note, not rows', async () => {
    const split = (await output('split-1')).data!.runOutput.ports[0];
    expect(split.kind).toBe('split');
    expect(split.train.rowCount + split.test.rowCount).toBe(344);
    const test = (await rows({ nodeId: 'split-1', port: 'data', part: 'test', offset: 0, limit: 10 })).data!.runOutputRows;
    expect(test).toMatchObject({ status: 'ok', part: 'test', rowsSent: 10 });
    const noPart = (await rows({ nodeId: 'split-1', port: 'data', offset: 0, limit: 10 })).data!.runOutputRows;
    expect(noPart.status).toBe('error');
    expect(noPart.message).toMatch(/ask for part "train" or "test"/);

    const model = (await output('train-1')).data!.runOutput.ports[0];
    expect(model).toMatchObject({ port: 'model', kind: 'model', afterRun: true, message: 'This output is a trained model, not rows: its results and charts are shown above.' });
    const modelRows = (await rows({ nodeId: 'train-1', port: 'model', offset: 0, limit: 10 })).data!.runOutputRows;
    expect(modelRows).toMatchObject({ status: 'unavailable' });
    expect(modelRows.message).toMatch(/has no table output 'model'/);
  });

  test('a step without a stored output says why', async () => {
    const key = (await harness.services.db.select().from(nodeRuns).where(and(eq(nodeRuns.runId, runId), eq(nodeRuns.nodeId, 'one-hot-1'))))[0]!.outputs!.data!;
    await harness.services.blobs.delete(key);
    const deleted = (await output('one-hot-1')).data!.runOutput;
    expect(deleted).toMatchObject({ status: 'unavailable', nodeId: 'one-hot-1' });
    expect(deleted.message).toMatch(/stored output was deleted.*Rerun/);

    await harness.services.db.update(nodeRuns).set({ status: 'failed', error: 'boom' }).where(and(eq(nodeRuns.runId, runId), eq(nodeRuns.nodeId, 'evaluate-1')));
    const failed = (await output('evaluate-1')).data!.runOutput;
    expect(failed).toMatchObject({ status: 'unavailable' });
    expect(failed.message).toMatch(/failed, so it has no output/);
  });

  test('bad windows are refused with what to send instead', async () => {
    const tooMany = await rows({ nodeId: 'dataset-1', port: 'data', offset: 0, limit: 5000 });
    expect(tooMany.errors![0]!.extensions!.code).toBe('BAD_USER_INPUT');
    expect(tooMany.errors![0]!.message).toMatch(/limit must be 1 to 1000 rows/);
    const badPart = await rows({ nodeId: 'split-1', port: 'data', part: 'validation', offset: 0, limit: 10 });
    expect(badPart.errors![0]!.message).toMatch(/part must be "train" or "test"/);
  });

  test("another team's run, an unknown step or a malformed id is NOT_FOUND", async () => {
    const outsider = await harness.signUp('outsider@example.com');
    for (const answer of [
      await output('dataset-1', outsider),
      await rows({ nodeId: 'dataset-1', port: 'data', offset: 0, limit: 10 }, outsider),
      await output('no-such-step'),
      await user.gql(RUN_OUTPUT, { runId: 'not-a-uuid', nodeId: 'dataset-1' }),
    ]) {
      expect(answer.data).toBeNull();
      expect(answer.errors![0]!.extensions!.code).toBe('NOT_FOUND');
    }
  });
});
