import type { ChainShape } from './our-chain';
import { settle } from './settle';

/** One engine's parse and chain seconds, run by run, and the shape of its chain's result. */
export type EngineFigures = { parse: number[]; chain: number[]; shape: ChainShape };

/**
 * Parse then chain, `runs` times after a warm-up run left out of the figures, as the bench times ours and
 * Polars (pandas-chain.py does the same in Python). Each run's table and result are dropped before the next
 * run's settle(), so a run reuses the memory the last one freed, as a long-lived worker does between runs:
 * holding the last result while the next run allocated made every run first-touch fresh pages.
 */
export async function timeParseThenChain<T, R>(runs: number, parse: () => T | Promise<T>, chain: (table: T) => R | Promise<R>, shapeOf: (result: R) => ChainShape): Promise<EngineFigures> {
  const figures: EngineFigures = { parse: [], chain: [], shape: { train: 0, test: 0, columns: 0 } };
  for (let i = 0; i <= runs; i++) {
    await settle();
    let start = performance.now();
    const table = await parse();
    const parsed = (performance.now() - start) / 1000;
    start = performance.now();
    const result = await chain(table);
    if (i > 0) figures.parse.push(parsed), figures.chain.push((performance.now() - start) / 1000);
    figures.shape = shapeOf(result);
  }
  return figures;
}
