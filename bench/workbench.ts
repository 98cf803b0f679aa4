import type { DatasetRef } from '../engine/define-node';
import { createPreviewer, DEFAULT_PREVIEW_ROW_LIMIT } from '../engine/preview';
import type { Table } from '../engine/table';
import { headRows } from '../engine/table-ops';
import { buildChain } from '../engine/testing/fixtures';
import { startThread } from '../engine/threads/start-thread';
import { serializePreview } from '../graphql/preview-payload';

/**
 * The data workbench's figures: the preview of the 6-node chain (impute, one-hot, scale, filter,
 * derive, split) on sample rows of the bench file, editing the last node with everything upstream cached.
 * Derive over the full table is timed as a step of the load + chain line (bench/our-chain.ts).
 */
export const workbenchChain = (seed: number, dataset: DatasetRef = { source: 'sample', name: 'bench' }) =>
  buildChain([
    ['load', 'dataset', { dataset }],
    ['impute', 'impute', { strategy: 'mean' }],
    ['encode', 'one-hot', { columns: ['region', 'device', 'plan'] }],
    ['scale', 'standard-scale', {}],
    ['keep', 'filter', { conditions: [{ column: 'x0', op: 'gte', value: -1.5 }], combine: 'and' }],
    ['derive', 'derive', { name: 'ratio', expression: 'if(x2 > 0, x1 / x2, 0)' }],
    ['split', 'split', { testFraction: 0.2, seed }],
  ]);

/** Edits timed (each a new split seed, as a user typing), after WARM_UP untimed ones: 200 samples make a p95 of 10. */
export const EDITS = 240;
export const WARM_UP = 40;

type Quantiles = { p50: number; p95: number };
export type PreviewFigures = Quantiles & { plan: Quantiles };

/**
 * measurePreview for each sample size, in a thread of its own that reads the CSV at `path`: the product computes
 * previews in preview threads (app/preview-pool.server.ts), whose heaps hold previews only. In the bench's main
 * thread every other section's modules share the heap, and its collections take longer.
 */
export async function measurePreviewInThread(path: string, rowCounts: number[]): Promise<PreviewFigures[]> {
  const thread = startThread(new URL('./workbench-thread.ts', import.meta.url), { path, rowCounts });
  try {
    return await new Promise<PreviewFigures[]>((resolve, reject) => {
      thread.once('message', resolve);
      thread.once('error', reject);
      thread.once('exit', (code) => reject(new Error(`The preview bench's thread exited (${code}) before answering.`)));
    });
  } finally {
    await thread.terminate();
  }
}

/**
 * p50 and p95 (ms) of a preview after editing the last node's params, upstream cached: what a preview
 * thread does for it, from the graph to the JSON text it hands to the main thread (stats included), and
 * apart, the plan run alone (content keys, cache look-ups, the edited node), before the payload is built.
 */
export async function measurePreview(table: Table, rows: number): Promise<PreviewFigures> {
  const sample = headRows(table, rows);
  const previewer = createPreviewer({ cacheBytes: 64 << 20, identifyDataset: () => 'bench', loadSample: async () => sample });
  const caps = { rowLimit: DEFAULT_PREVIEW_ROW_LIMIT, maxBytes: 2048 * 1024 };
  const times: number[] = [];
  const planTimes: number[] = [];
  for (let seed = 0; seed < WARM_UP + EDITS; seed++) {
    const started = performance.now();
    const result = await previewer.preview({ graph: workbenchChain(seed), nodeId: 'split', sample: { mode: 'head', rows } });
    const planned = performance.now();
    if (result.status !== 'ok') throw new Error(`The workbench preview failed: ${JSON.stringify(result)}`);
    serializePreview(result, previewer.cache.get(result.key), caps);
    if (seed >= WARM_UP) {
      times.push(performance.now() - started);
      planTimes.push(planned - started);
    }
  }
  return { ...quantiles(times), plan: quantiles(planTimes) };
}

function quantiles(times: number[]): Quantiles {
  times.sort((a, b) => a - b);
  const at = (q: number) => times[Math.min(times.length - 1, Math.floor(q * times.length))]!;
  return { p50: at(0.5), p95: at(0.95) };
}
