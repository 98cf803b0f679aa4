import { mkdtemp, rm, writeFile } from 'node:fs/promises';
import os from 'node:os';
import path from 'node:path';
import { afterAll, beforeAll, expect, test } from 'vitest';
import { createDatasetParsePool } from '../../worker/dataset-parse-pool';
import { writeLargeCsv } from '../setup/multipart-upload';

let tmp: string;
beforeAll(async () => {
  tmp = await mkdtemp(path.join(os.tmpdir(), 'pipewright-parse-'));
});
afterAll(() => rm(tmp, { recursive: true, force: true }));

test('parses in a thread, refuses at once when every slot and queue place is taken, and recovers', async () => {
  const pool = createDatasetParsePool({ concurrency: 1, queueLimit: 1 });
  try {
    const big = path.join(tmp, 'big.csv');
    await writeLargeCsv(big, 8);
    const bad = path.join(tmp, 'bad.csv');
    await writeFile(bad, 'a,b\n1,2,3\n');

    const running = pool.parse(big, { fileName: 'big.csv' });
    const waiting = pool.parse(bad, { fileName: 'bad.csv' });
    expect(pool.isFull()).toBe(true);
    await expect(pool.parse(big, { fileName: 'big.csv' })).rejects.toMatchObject({ name: 'ParsePoolBusyError', message: 'The server is busy reading other uploads. Try again in a minute.' });

    const parsed = await running;
    expect(parsed.schema.columns.map((c) => c.name)).toEqual(['id', 'x', 'y', 'kind']);
    expect(parsed.rowCount).toBeGreaterThan(100_000);
    await expect(waiting).rejects.toMatchObject({ name: 'UserError', message: expect.stringMatching(/^Line 2 has more values/) });
    expect(pool.isFull()).toBe(false);
    expect((await pool.parse(big, { fileName: 'big.csv' })).rowCount).toBe(parsed.rowCount);
  } finally {
    await pool.stop();
  }
});
