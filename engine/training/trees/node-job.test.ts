import { describe, expect, it } from 'vitest';
import { bestSplit, chunkCount, RESULT, RESULT_FIELDS, resultsLength } from './node-job';

describe('node jobs', () => {
  it('take the best split from the chunks in chunk order: a tie goes to the earlier chunk, as a scan of every feature in order', () => {
    const features = 30;
    const chunks = chunkCount(features, 8);
    expect(chunks).toBe(4);
    const results = new Float64Array(resultsLength(chunks));
    const put = (chunk: number, sibling: boolean, gain: number, feature: number) => {
      const at = (chunk * 2 + (sibling ? 1 : 0)) * RESULT_FIELDS;
      results[at + RESULT.gain] = gain;
      results[at + RESULT.feature] = feature;
      results[at + RESULT.bin] = feature * 10;
      results[at + RESULT.leftCount] = feature + 1;
    };
    for (let chunk = 0; chunk < chunks; chunk++) {
      put(chunk, false, -1, -1);
      put(chunk, true, -1, -1);
    }
    put(1, false, 2.5, 13);
    put(3, false, 2.5, 29);
    put(2, false, 1.0, 17);
    put(3, true, 0.5, 28);
    const filled = bestSplit(results, features, 8, false, 0)!;
    expect([filled.feature, filled.bin, filled.gain, filled.leftCount]).toEqual([13, 130, 2.5, 14]);
    expect(bestSplit(results, features, 8, true, 0)!.feature).toBe(28);
    // Nothing beats the minimum gain: no split.
    expect(bestSplit(results, features, 8, true, 0.5)).toBeUndefined();
  });
});
