import { mkdtemp, rm } from 'node:fs/promises';
import os from 'node:os';
import path from 'node:path';
import { afterAll, beforeAll, expect, test } from 'vitest';
import { signUpAt, type UserClient } from '../setup/app-harness';
import { listFiles, peakRssMb, postDataset, resetPeakRssMb, writeLargeCsv } from '../setup/multipart-upload';
import { spawnServer } from '../setup/spawn-server';

/**
 * Memory of the real server process (`server.ts` as `npm start` runs it) while it receives large
 * uploads: files stream to disk and are parsed in a bounded thread pool, so the peak grows with the
 * parse concurrency, not with the number or size of uploads in flight.
 */
const FILE_MB = 60;
const UPLOADS = 3;
/**
 * With one parse at a time, the parse thread holds one table (about the file's size for numeric
 * columns; the file itself streams through an 8 MB chunk) plus the thread's heap. Holding every upload
 * in memory, as before, grew the server by ~550 MB here; the bound sits between, with room for a
 * loaded machine's noise.
 */
const MAX_GROWTH_MB = 300;
const PARSE_CONCURRENCY = 1;
/**
 * One large upload, parsed streaming: the thread holds the table (about the file's size for this
 * numeric CSV) and one 8 MB read chunk, never the file too. Reading the file whole, as before, grew
 * the server by ~2× the file. The slack covers a fresh parse thread's heap and GC on a loaded machine.
 */
const BIG_MB = 120;
const BIG_SLACK_MB = 80;
/** The default upload limit: large enough that a body read to the cap in memory stands far above GC slack. */
const CAP_MB = 200;

let server: Awaited<ReturnType<typeof spawnServer>>;
let client: UserClient;
let tmp: string;
let warmBlobs: string[];

beforeAll(async () => {
  tmp = await mkdtemp(path.join(os.tmpdir(), 'pipewright-uploads-'));
  [server] = await Promise.all([
    spawnServer({ env: { WORKERS: '0', MAX_UPLOAD_MB: String(CAP_MB), UPLOAD_PARSE_CONCURRENCY: String(PARSE_CONCURRENCY) } }),
    ...Array.from({ length: UPLOADS }, (_, i) => writeLargeCsv(path.join(tmp, `big-${i}.csv`), FILE_MB, i)),
  ]);
  client = await signUpAt(server.origin, 'memory@example.com');
  // Warm up first (route modules, multipart reader, one parse thread), so the peaks below measure the uploads alone.
  const warm = await postDataset(server.origin, client.cookie, { fileName: 'warm.csv', bytes: new TextEncoder().encode('id,x\n1,2\n') });
  expect(warm.status).toBe(200);
  warmBlobs = await listFiles(path.join(server.dataDir, 'blobs'));
});

afterAll(async () => {
  await server?.stop();
  await rm(tmp, { recursive: true, force: true });
});

test(`a chunked body over the cap is cut off with 413 without the server's memory growing by the cap`, async () => {
  const before = await peakRssMb(server.pid);
  const over = path.join(tmp, 'over.csv');
  await writeLargeCsv(over, CAP_MB + 8);
  const res = await postDataset(server.origin, client.cookie, { fileName: 'over.csv', file: over, chunked: true });
  expect(res.status).toBe(413);
  expect(res.body.error).toBe(`The file is larger than the ${CAP_MB} MB upload limit.`);
  const growth = (await peakRssMb(server.pid)) - before;
  console.log(`chunked ${CAP_MB + 8} MB over a ${CAP_MB} MB cap: peak RSS grew ${growth.toFixed(0)} MB`);
  // Reading the body to the cap in memory, as before, grows the server by the whole cap; streaming it to
  // disk leaves only garbage-collection slack (30–40 MB for a 72 MB body on a loaded machine).
  expect(growth).toBeLessThan(CAP_MB / 2);
  expect(await listFiles(path.join(server.dataDir, 'blobs'))).toEqual(warmBlobs);
});

test(`${UPLOADS} concurrent ${FILE_MB} MB uploads grow the server's peak memory by less than ${MAX_GROWTH_MB} MB`, async () => {
  const before = await peakRssMb(server.pid);
  const results = await Promise.all(
    Array.from({ length: UPLOADS }, (_, i) => postDataset(server.origin, client.cookie, { fileName: `big-${i}.csv`, file: path.join(tmp, `big-${i}.csv`) })),
  );
  for (const res of results) {
    expect(res.status, JSON.stringify(res.body)).toBe(200);
    expect(res.body.schema.columns.map((c: { name: string }) => c.name)).toEqual(['id', 'x', 'y', 'kind']);
  }
  const growth = (await peakRssMb(server.pid)) - before;
  console.log(`${UPLOADS} × ${FILE_MB} MB uploads: peak RSS ${before.toFixed(0)} → ${(before + growth).toFixed(0)} MB (+${growth.toFixed(0)} MB)`);
  expect(growth).toBeLessThan(MAX_GROWTH_MB);
  const blobs = await listFiles(path.join(server.dataDir, 'blobs'));
  expect(blobs.filter((f) => f.startsWith('datasets/'))).toHaveLength(UPLOADS + 1);
  expect(blobs.filter((f) => !f.startsWith('datasets/'))).toEqual([]);
});

test(`a ${BIG_MB} MB CSV upload grows the server's peak memory by at most its size plus ${BIG_SLACK_MB} MB, reporting parse progress`, async () => {
  const big = path.join(tmp, 'one-big.csv');
  await writeLargeCsv(big, BIG_MB, 99);
  // The concurrent uploads above set a higher peak: measure from the memory in use now.
  const before = await resetPeakRssMb(server.pid);
  const res = await postDataset(server.origin, client.cookie, { fileName: 'one-big.csv', file: big, accept: 'application/x-ndjson' });
  const growth = (await peakRssMb(server.pid)) - before;
  await rm(big);
  expect(res.body.type, JSON.stringify(res.body)).toBe('result');
  expect(res.body.columnCount).toBe(4);
  const progress = res.lines.filter((line) => line.type === 'progress' && line.done > 0);
  expect(progress.length).toBeGreaterThan(0);
  expect(progress.at(-1)!.done).toBe(progress.at(-1)!.total);
  console.log(`one ${BIG_MB} MB upload: peak RSS ${before.toFixed(0)} → ${(before + growth).toFixed(0)} MB (+${growth.toFixed(0)} MB, ${(growth / BIG_MB).toFixed(2)}× the file), ${progress.length} progress lines`);
  expect(growth).toBeLessThan(BIG_MB + BIG_SLACK_MB);
});
