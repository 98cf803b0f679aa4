/**
 * The rows of a preview table as they travel to the browser: one array per column rather than one array
 * per row, so numbers stay plain JSON number arrays (the fastest thing to print and to parse) and a
 * category's text is sent once per distinct value instead of once per cell. No server imports: the
 * preview panel reads cells through `readPreviewCell`.
 */
export type PreviewColumnData =
  /**
   * Numbers and dates (epoch milliseconds UTC); null is missing. With `decimals`, each value is
   * `values[i] / 10^decimals`: numbers rounded to display precision travel as integers, which print
   * and parse several times faster than decimals. The few values that need far more decimals than the
   * rest (a mean subtracted from itself leaves 1e-16) are in `exact` by row, and null in `values`.
   */
  | { values: (number | null)[]; decimals?: number; exact?: Record<number, number> }
  /** Categories: indexes into `dictionary` (only the values these rows use); -1 is missing. */
  | { codes: number[]; dictionary: string[] };

export type PreviewCell = number | string | null;

/**
 * Rows of a table in a preview's first answer, and in each window the grid asks for as it scrolls (the
 * `previewRows` query): about what a tall panel shows, with room to scroll before the next window lands.
 */
export const PREVIEW_WINDOW_ROWS = 100;
/** The most rows one `previewRows` answer may carry. */
export const PREVIEW_WINDOW_MAX_ROWS = 1000;

/** The most decimals a column is sent with: 10^22 is the largest power of ten a double holds exactly. */
export const MAX_DECIMALS = 22;

/** Exact powers of ten (parsed, not computed), so value / 10^decimals is the double nearest the decimal. */
const POWERS_OF_TEN = Array.from({ length: MAX_DECIMALS + 1 }, (_, k) => Number(`1e${k}`));

export function readPreviewCell(column: PreviewColumnData, row: number): PreviewCell {
  if ('values' in column) {
    const exact = column.exact?.[row];
    if (exact !== undefined) return exact;
    const value = column.values[row] ?? null;
    return value === null || !column.decimals ? value : value / POWERS_OF_TEN[column.decimals]!;
  }
  const code = column.codes[row] ?? -1;
  return code < 0 ? null : (column.dictionary[code] ?? null);
}
