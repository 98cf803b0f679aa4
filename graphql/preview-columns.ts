/**
 * The rows of a preview table as they travel to the browser: one array per column rather than one array
 * per row, so numbers stay plain JSON number arrays (the fastest thing to print and to parse) and a
 * category's text is sent once per distinct value instead of once per cell. No server imports: the
 * preview panel reads cells through `readPreviewCell`.
 */
export type PreviewColumnData =
  /** Numbers (rounded to display precision) and dates (epoch milliseconds UTC); null is missing. */
  | { values: (number | null)[] }
  /** Categories: indexes into `dictionary` (only the values these rows use); -1 is missing. */
  | { codes: number[]; dictionary: string[] };

export type PreviewCell = number | string | null;

export function readPreviewCell(column: PreviewColumnData, row: number): PreviewCell {
  if ('values' in column) return column.values[row] ?? null;
  const code = column.codes[row] ?? -1;
  return code < 0 ? null : (column.dictionary[code] ?? null);
}
