import { afterAll, describe, expect, it } from 'vitest';
import { DesignMatrix } from './design-matrix';
import { crashHelpersOfNextJob, gramJobsRecovered, gramThreadsReady, slicesSummedByHelpers, stopGramThreads } from './gram-threads';
import { createNormal } from './linear-test-data';

/** A design over the threaded threshold (rows × features² ≥ 20M), with an odd row count (pads) and features (a short block). */
function design(rows: number, features: number, seed: number): DesignMatrix {
  const normal = createNormal(seed);
  const x = new DesignMatrix(rows, features, 1, 'wasm');
  for (let j = 0; j < features; j++) x.setCentredColumn(j, Float64Array.from({ length: rows }, () => 3 * normal() + j));
  return x;
}

/** Until the helpers are up: the first large Gram matrix starts them (and does not wait for them). */
async function helpersUp(x: DesignMatrix): Promise<void> {
  await x.gramInThreads();
  await gramThreadsReady();
}

/** Gram matrices until a helper has summed a slice of one (each call is one race for the slices), each checked against `alone`. */
async function untilHelpersTakePart(x: DesignMatrix, alone: Float64Array): Promise<void> {
  const before = slicesSummedByHelpers();
  for (let call = 0; call < 50 && slicesSummedByHelpers() === before; call++) expect(await x.gramInThreads()).toEqual(alone);
  expect(slicesSummedByHelpers()).toBeGreaterThan(before);
}

describe('the Gram matrix on helper threads', () => {
  afterAll(() => stopGramThreads());

  it('is the one-thread matrix bit for bit, with the helpers summing some of the slices', async () => {
    const x = design(40_001, 27, 1);
    const alone = x.gram();
    await helpersUp(x);
    await untilHelpersTakePart(x, alone);
    expect(await x.gramInThreads()).toEqual(alone);
    x.release();
  });

  it('leaves a wide design to one thread, whose partial sums would outgrow a sixteenth of its memory', async () => {
    // 300 features: blocks of partial sums per slice grow with features², past 4,100 × 300 / 16.
    const x = design(4_101, 300, 4);
    const alone = x.gram();
    const narrow = design(40_001, 27, 5);
    await helpersUp(narrow);
    narrow.release();
    const before = slicesSummedByHelpers();
    for (let call = 0; call < 5; call++) expect(await x.gramInThreads()).toEqual(alone);
    expect(slicesSummedByHelpers()).toBe(before);
    x.release();
  });

  it('sums every slice again when a helper dies halfway, and starts new helpers for the next matrix', async () => {
    // ~150 slices: the helper claims one long before this thread has summed the rest.
    const first = design(300_001, 40, 2);
    await helpersUp(first);
    first.release();
    // The same memory, whose partial sums are the first design's: a slice left unsummed would show.
    const x = design(300_001, 40, 3);
    const alone = x.gram();
    const recovered = gramJobsRecovered();
    crashHelpersOfNextJob();
    expect(await x.gramInThreads()).toEqual(alone);
    expect(gramJobsRecovered()).toBe(recovered + 1);
    // The pool is gone: the next matrix starts a new one (and is summed here meanwhile).
    await helpersUp(x);
    await untilHelpersTakePart(x, alone);
    x.release();
  });
});
