import { Worker } from 'node:worker_threads';
import { describe, expect, it } from 'vitest';
import { startThread, withoutTsx, workerExecArgv } from './start-thread';
import { mkdtemp, readdir, rm, utimes, writeFile } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { bundledThread, prepareThread, pruneBundles } from './thread-bundle';

const entry = new URL('./fixtures/bundle-entry.fixture.ts', import.meta.url);
const answer = (worker: Worker) =>
  new Promise<Record<string, string>>((resolve, reject) => {
    worker.once('message', resolve);
    worker.once('error', reject);
  }).finally(() => worker.terminate());

describe('thread bundles', () => {
  it('run as plain JavaScript, with every module still at its source URL', async () => {
    const bundle = await prepareThread(entry);
    expect(bundle?.href).toMatch(/\/node_modules\/\.cache\/pipewright-threads\/bundle-entry\.fixture-[0-9a-f]{16}\.mjs$/);
    // Started straight on the file, with no TypeScript loader: the bundle needs none.
    const told = await answer(new Worker(bundle!, { workerData: { value: 7 } }));
    expect(told).toEqual({
      entryUrl: entry.href,
      nestedUrl: new URL('./fixtures/nested/where.ts', import.meta.url).href,
      sibling: new URL('./fixtures/nested/where.ts', import.meta.url).href,
      data: 7,
    });
  });

  it('are what startThread starts once prepared, and made once per entry', async () => {
    expect(await prepareThread(entry)).toEqual(bundledThread(entry));
    expect(prepareThread(entry)).toBe(prepareThread(entry));
    expect(await answer(startThread(entry, { value: 'hello' }))).toMatchObject({ data: 'hello', entryUrl: entry.href });
  });

  it('start without the tsx loader the process was started with, keeping its other flags', () => {
    const tsxCli = ['--require', '/app/node_modules/tsx/dist/preflight.cjs', '--import', 'file:///app/node_modules/tsx/dist/loader.mjs'];
    expect(withoutTsx(['--import', 'tsx', '--cpu-prof', '--import=tsx', ...tsxCli, '--import', './trace.mjs', '--max-old-space-size=512'])).toEqual([
      '--cpu-prof',
      '--import',
      './trace.mjs',
      '--max-old-space-size=512',
    ]);
  });

  it('start on a server run with V8 flags, which a thread refuses when given them and takes from the process anyway', () => {
    expect(workerExecArgv(['--max-old-space-size=512', '--enable-source-maps', '--expose-gc', '--import', 'tsx', '--title=pipewright'])).toEqual(['--enable-source-maps']);
    expect(workerExecArgv(['--stack-size', '2000', '--conditions=dev'])).toEqual(['--conditions=dev']);
    expect(workerExecArgv(['--enable-source-maps'])).toEqual(['--enable-source-maps']);
  });

  it('leave an entry only its bundles younger than a day, and other entries\' alone', async () => {
    const directory = await mkdtemp(join(tmpdir(), 'pipewright-bundles-'));
    try {
      const old = Date.now() / 1000 - 2 * 24 * 60 * 60;
      for (const name of ['parse-aaaa.mjs', 'parse-bbbb.mjs', 'parse-cccc.mjs', 'predict-dddd.mjs']) await writeFile(join(directory, name), '');
      for (const name of ['parse-aaaa.mjs', 'parse-cccc.mjs', 'predict-dddd.mjs']) await utimes(join(directory, name), old, old);
      await pruneBundles(directory, 'parse-', 'parse-cccc.mjs');
      // The old one goes, the recent one (another process's) and the kept one stay, and so does another entry's.
      expect((await readdir(directory)).sort()).toEqual(['parse-bbbb.mjs', 'parse-cccc.mjs', 'predict-dddd.mjs']);
    } finally {
      await rm(directory, { recursive: true, force: true });
    }
  });

  it('leave an entry that cannot be bundled to boot through tsx', async () => {
    const missing = new URL('./fixtures/no-such-entry.ts', import.meta.url);
    expect(await prepareThread(missing)).toBeNull();
    expect(bundledThread(missing)).toBeUndefined();
  });
});
