/**
 * What the grid shows; the preview panel and the Datasets page both fill it. `kind` is open so a column
 * kind added later (e.g. 'date') renders with a generic icon until it gets its own.
 */
export type GridColumn = { name: string; kind: string };
export type GridCell = number | string | null;

/** Per-column facts for the header, computed by the caller over as many rows as it has (see graphql/preview-stats.ts). */
export type ColumnStats = {
  missing: number;
  histogram?: { min: number; max: number; bins: number[] };
  top?: { value: string; count: number }[];
  distinct?: number;
};

export type ColumnHighlight = 'added' | 'changed';
