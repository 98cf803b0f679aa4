import type { Matches } from './hash-join';
import { directRange } from './key-index';
import { scratchInt32 } from './scratch';
import { finishUniqueMatches } from './unique-matches';

/**
 * The rows of a join against a lookup table: one numeric key whose right values are distinct integers in
 * a narrow range. Right rows are placed by value in one array, and each left row is matched and listed in
 * the same pass (the general path in hash-join.ts codes both sides' keys, then checks the right codes
 * repeat nowhere, then lists the rows: three passes over the left keys where this takes one). The rows come
 * in the general path's order. Undefined when the right keys are not such integers, or repeat.
 */
export function matchLookup(left: Float64Array, right: Float64Array, keepLeft: boolean, keepRight: boolean): Matches | undefined {
  const range = directRange(right);
  if (!range) return undefined;
  const { min } = range;
  const span = range.max - min + 1;
  const rowAt = scratchInt32('join.row-at', span).fill(-1);
  for (let r = 0; r < right.length; r++) {
    const v = right[r];
    if (v !== v) continue;
    // An int32 index: V8 takes a slow path when a typed array is indexed by a double.
    const at = (v - min) | 0;
    if (rowAt[at] >= 0) return undefined;
    rowAt[at] = r;
  }
  const bound = left.length + (keepRight ? right.length : 0);
  const leftRows = scratchInt32('join.left-rows', bound);
  const rightRows = scratchInt32('join.right-rows', bound);
  const reached = keepRight ? new Uint8Array(right.length) : undefined;
  let o = 0;
  let matchedLeft = 0;
  for (let l = 0; l < left.length; l++) {
    const offset = left[l] - min;
    const at = offset | 0;
    // NaN and non-integers fail `at === offset`; values outside the right keys' range fail the range check.
    const r = at === offset && at >= 0 && at < span ? rowAt[at] : -1;
    if (r >= 0) {
      leftRows[o] = l;
      rightRows[o++] = r;
      matchedLeft++;
      if (reached) reached[r] = 1;
    } else if (keepLeft) {
      leftRows[o] = l;
      rightRows[o++] = -1;
    }
  }
  return finishUniqueMatches(leftRows, rightRows, o, matchedLeft, left.length, reached);
}
