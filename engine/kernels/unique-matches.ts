import type { Matches } from './hash-join';

/**
 * The end of a join in which each left row has at most one right row (matchUnique in hash-join.ts,
 * matchLookup in lookup-join.ts): after the matched and kept left rows (`listed` of them), the right rows
 * no left row reached (`reached` by right row, when right rows are kept), then the lists trimmed.
 */
export function finishUniqueMatches(leftRows: Int32Array, rightRows: Int32Array, listed: number, matchedLeft: number, leftCount: number, reached?: Uint8Array): Matches {
  let o = listed;
  if (reached) {
    for (let r = 0; r < reached.length; r++) {
      if (reached[r]) continue;
      leftRows[o] = -1;
      rightRows[o++] = r;
    }
  }
  const stats = { rows: o, matchedLeft, unmatchedLeft: leftCount - matchedLeft, unmatchedRight: o - listed };
  return { leftRows: leftRows.subarray(0, o), rightRows: rightRows.subarray(0, o), stats };
}
