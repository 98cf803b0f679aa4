import type { CategoryColumn } from '../table';

/** Rows per dictionary code (missing cells are not counted). */
export function countCodes(col: CategoryColumn): Int32Array {
  const counts = new Int32Array(col.dictionary.length);
  const codes = col.codes;
  for (let i = 0; i < codes.length; i++) {
    const code = codes[i];
    if (code >= 0) counts[code]++;
  }
  return counts;
}
