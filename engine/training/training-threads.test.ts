import { describe, expect, it } from 'vitest';
import { bundledThread } from '../threads/thread-bundle';
import { prepareTrainingThreads } from './training-threads';

describe('prepareTrainingThreads', () => {
  it('leaves every training helper thread bundled, so a first fit neither waits on esbuild nor runs alone', async () => {
    const entries = ['./gram-thread.ts', './trees/histogram-thread.ts', './trees/forest-thread.ts', './trees/predict-thread.ts'].map((path) => new URL(path, import.meta.url));
    await prepareTrainingThreads();
    for (const entry of entries) expect(bundledThread(entry)?.href, entry.pathname).toMatch(/\/node_modules\/\.cache\/pipewright-threads\/.+\.mjs$/);
  });
});
