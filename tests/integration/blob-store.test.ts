import { mkdtemp, readdir, rm, utimes, writeFile } from 'node:fs/promises';
import os from 'node:os';
import path from 'node:path';
import { afterAll, expect, test } from 'vitest';
import { createLocalBlobStore, TEMP_DIR } from '../../db/blob-store';

const root = await mkdtemp(path.join(os.tmpdir(), 'pipewright-blobs-'));
afterAll(() => rm(root, { recursive: true, force: true }));

test('scratch files left by a process that died mid-upload are swept; fresh ones are kept', async () => {
  const blobs = createLocalBlobStore(root);
  const stale = await blobs.tempPath('.upload');
  const fresh = await blobs.tempPath('.upload');
  await writeFile(stale, 'half an upload');
  await writeFile(fresh, 'an upload in flight');
  const sevenHoursAgo = new Date(Date.now() - 7 * 60 * 60 * 1000);
  await utimes(stale, sevenHoursAgo, sevenHoursAgo);

  expect(await blobs.sweepTemp(6 * 60 * 60 * 1000)).toBe(1);
  expect(await readdir(path.join(root, TEMP_DIR))).toEqual([path.basename(fresh)]);
});
