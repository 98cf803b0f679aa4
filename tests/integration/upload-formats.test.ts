import { readFileSync } from 'node:fs';
import { eq } from 'drizzle-orm';
import { afterAll, beforeAll, describe, expect, test } from 'vitest';
import { datasetVersions } from '../../db/schema';
import { startHarness, type UserClient } from '../setup/app-harness';
import { postDataset } from '../setup/multipart-upload';

let harness: Awaited<ReturnType<typeof startHarness>>;
let alice: UserClient;

beforeAll(async () => {
  harness = await startHarness({ worker: true });
  alice = await harness.signUp('formats@example.com');
});
afterAll(() => harness?.stop());

const text = (s: string) => new TextEncoder().encode(s);

/** A 2-D little-endian float64 .npy file, as numpy.save writes it. */
function npy(rows: number[][], header?: string): Uint8Array {
  const dict = header ?? `{'descr': '<f8', 'fortran_order': False, 'shape': (${rows.length}, ${rows[0]!.length}), }`;
  const padded = dict + ' '.repeat((64 - ((11 + dict.length) % 64)) % 64) + '\n';
  const body = new Uint8Array(Float64Array.from(rows.flat()).buffer);
  const out = new Uint8Array(10 + padded.length + body.length);
  out.set([0x93, 0x4e, 0x55, 0x4d, 0x50, 0x59, 1, 0, padded.length & 0xff, padded.length >> 8]);
  out.set(text(padded), 10);
  out.set(body, 10 + padded.length);
  return out;
}
const parquet = readFileSync(new URL('../../engine/io/fixtures/polars-zstd.parquet', import.meta.url));

const storedFormat = async (datasetVersionId: string) =>
  (await harness.services.db.select({ format: datasetVersions.format, blobKey: datasetVersions.blobKey }).from(datasetVersions).where(eq(datasetVersions.id, datasetVersionId)))[0];

describe('uploads of every format go through the streaming, worker-thread parse', () => {
  test.each([
    ['TSV', 'weather.tsv', text('day\ttemp\tsky\n2024-01-31\t3.5\tsun\n2024-02-01\t\train\n'), 'tsv', [['day', 'date'], ['temp', 'number'], ['sky', 'category']], 2],
    ['NDJSON', 'events.ndjson', text('{"id": 1, "at": "2024-01-31T12:00:00Z"}\n{"id": 2, "at": null}\n'), 'ndjson', [['id', 'number'], ['at', 'date']], 2],
    ['NPY', 'matrix.npy', npy([[1, 2], [3, 4], [5, 6]]), 'npy', [['x0', 'number'], ['x1', 'number']], 3],
    ['Parquet', 'prices.parquet', parquet, 'parquet', [['id', 'number'], ['price', 'number'], ['name', 'category'], ['ok', 'category'], ['day', 'date'], ['at', 'date']], 3],
    ['an extension-less file, read by content', 'export', parquet, 'parquet', [['id', 'number'], ['price', 'number'], ['name', 'category'], ['ok', 'category'], ['day', 'date'], ['at', 'date']], 3],
  ])('%s', async (_, fileName, bytes, format, kinds, rows) => {
    const res = await postDataset(harness.origin, alice.cookie, { fileName, bytes });
    expect(res.status, JSON.stringify(res.body)).toBe(200);
    expect(res.body.schema.columns.map((c: { name: string; kind: string }) => [c.name, c.kind])).toEqual(kinds);
    expect(res.body.rowCount).toBe(rows);
    const stored = await storedFormat(res.body.ref.datasetVersionId);
    expect(stored).toMatchObject({ format });
    expect(stored!.blobKey.endsWith(`.${format}`)).toBe(true);
  });

  test.each([
    ['an NPY with a bad header', 'bad.npy', npy([[1]], "{'descr': '<f8', 'shape': (1, 1), }"), `Could not read "bad.npy": NPY: the header is not valid: it has no 'fortran_order' entry (True or False). Save the array again with numpy.save.`],
    ['an NPY of Python objects', 'objects.npy', npy([[1]], "{'descr': '|O', 'fortran_order': False, 'shape': (1, 1), }"), `Could not read "objects.npy": NPY: the array holds Python objects (dtype 'O')`],
    ['an NPY whose shape does not match its bytes', 'short.npy', npy([[1, 2]], "{'descr': '<f8', 'fortran_order': False, 'shape': (2, 2), }"), `Could not read "short.npy": NPY: the header's shape (2, 2) of 8-byte values needs 32 data bytes, but the file has 16.`],
    ['Parquet garbage', 'junk.parquet', text('PAR1 not really PAR1'), `Could not read "junk.parquet": Parquet: the file's footer cannot be read`],
    ['a broken NDJSON line', 'broken.jsonl', text('{"a": 1}\n{"a": 2\n'), 'Could not read "broken.jsonl": Line 2 is not valid JSON'],
    ['a ragged TSV row', 'ragged.tsv', text('a\tb\n1\t2\n3\n'), 'Could not read "ragged.tsv": Line 3 has 1 value but the header names 2 columns. Add the missing values (leave a value empty between tabs when it is unknown).'],
    ['a CSV with a header but no rows', 'headeronly.csv', text('a,b,c\n'), 'Could not read "headeronly.csv": The file has a header (a, b, c) but no rows. Add at least one row of values.'],
    ['a TSV with a header but no rows', 'headeronly.tsv', text('a\tb\n\n'), 'Could not read "headeronly.tsv": The file has a header (a, b) but no rows. Add at least one row of values.'],
    ['an empty JSON array', 'empty.json', text('[]'), 'Could not read "empty.json": The JSON array is empty. Add at least one record.'],
    ['an unknown extension', 'sheet.xlsx', text('PK'), '"sheet.xlsx" is not a dataset file this server reads. Upload one of: .csv, .tsv, .tab, .txt, .json, .ndjson, .jsonl, .npy, .parquet, .pq.'],
  ])('refuses %s, saying where and how to fix it', async (_, fileName, bytes, message) => {
    const res = await postDataset(harness.origin, alice.cookie, { fileName, bytes });
    expect(res.status).toBe(400);
    expect(res.body.error).toContain(message);
  });
});

describe('uploads that ask for progress (Accept: application/x-ndjson)', () => {
  const ndjson = 'application/x-ndjson';

  test('get parse progress lines up to the whole file, then the dataset', async () => {
    const csv = text(`id,x,kind\n${Array.from({ length: 20_000 }, (_, i) => `${i},${i / 8},k${i % 5}`).join('\n')}\n`);
    const res = await postDataset(harness.origin, alice.cookie, { fileName: 'progress.csv', bytes: csv, accept: ndjson });
    expect(res.status).toBe(200);
    const progress = res.lines.filter((line) => line.type === 'progress');
    expect(progress[0]).toEqual({ type: 'progress', done: 0, total: 1 });
    expect(progress.at(-1)).toEqual({ type: 'progress', done: csv.length, total: csv.length });
    expect(res.body).toMatchObject({ type: 'result', rowCount: 20_000, columnCount: 3, label: expect.stringMatching(/^progress v\d+$/) });
    expect(res.lines.indexOf(res.body)).toBe(res.lines.length - 1);
  });

  test("get a malformed file's message and status in the last line", async () => {
    const res = await postDataset(harness.origin, alice.cookie, { fileName: 'ragged.csv', bytes: text('a,b\n1,2\n3\n'), accept: ndjson });
    expect(res.body).toEqual({ type: 'error', status: 400, error: 'Could not read "ragged.csv": Line 3 has 1 value but the header names 2 columns. Add the missing values (leave a value empty between commas when it is unknown).' });
  });

  test('still get refusals before the parse as plain JSON with their status', async () => {
    const res = await postDataset(harness.origin, alice.cookie, { fileName: 'sheet.xlsx', bytes: text('PK'), accept: ndjson });
    expect(res.status).toBe(400);
    expect(res.lines).toEqual([]);
    expect(res.body.error).toMatch(/is not a dataset file this server reads/);
  });
});

const RUN_EVENTS = `subscription ($runId: ID!) { runEvents(runId: $runId) { type nodeId status message payload } }`;
type RunEvent = { runEvents: { type: string; nodeId: string | null; status: string | null; message: string | null; payload: any } };

test('a run reads an upload with missing tokens and type overrides, then splits its dates into parts', async () => {
  const csv = 'when;score;code\n31/01/2024;?;a1\n01/02/2024;4.5;7\n15/02/2024;-999;8\n';
  const upload = await postDataset(harness.origin, alice.cookie, { fileName: 'scores.csv', bytes: text(csv) });
  expect(upload.status).toBe(200);
  expect(upload.body.schema.columns.map((c: { kind: string }) => c.kind)).toEqual(['date', 'category', 'category']);
  const graph = {
    nodes: [
      { id: 'load', type: 'dataset', version: 2, position: { x: 0, y: 0 }, params: { dataset: upload.body.ref, missingTokens: ['?', '-999'], types: [{ column: 'code', type: 'number' }] } },
      { id: 'parts', type: 'date-parts', version: 1, position: { x: 200, y: 0 }, params: { column: 'when', parts: ['month', 'day'] } },
    ],
    edges: [{ id: 'e', source: 'load', sourcePort: 'data', target: 'parts', targetPort: 'data' }],
  };
  const created = await alice.gql<{ createPipeline: { id: string } }>('mutation { createPipeline(name: "Formats") { id } }');
  const id = created.data!.createPipeline.id;
  expect((await alice.gql('mutation ($id: ID!, $graph: JSON!) { savePipelineGraph(pipelineId: $id, graph: $graph) { id } }', { id, graph })).errors).toBeUndefined();
  const started = await alice.gql<{ startRun: { id: string } }>('mutation ($id: ID!) { startRun(pipelineId: $id) { id } }', { id });
  expect(started.errors).toBeUndefined();
  const events = (await alice.subscribe<RunEvent>(RUN_EVENTS, { runId: started.data!.startRun.id })).map((e) => e.runEvents);
  expect(events.at(-1)).toMatchObject({ type: 'run_status', status: 'succeeded' });
  const loaded = events.find((e) => e.nodeId === 'load' && e.status === 'succeeded')!;
  expect(loaded.payload.outputs.data.columns).toEqual([
    { name: 'when', kind: 'date', missing: 0 },
    { name: 'score', kind: 'number', missing: 2 },
    { name: 'code', kind: 'number', missing: 1 },
  ]);
  const logged = events.filter((e) => e.nodeId === 'load').map((e) => e.message ?? '');
  expect(logged.some((m) => m.includes("Dataset: 1 value of 'code' is not a number (e.g. 'a1') and became missing."))).toBe(true);
  const parts = events.find((e) => e.nodeId === 'parts' && e.status === 'succeeded')!;
  expect(parts.payload.outputs.data.columns.map((c: { name: string }) => c.name)).toEqual(['when_month', 'when_day', 'score', 'code']);
});
