import type { PortValue } from '../engine/define-node';
import type { DataInput, PreviewResult } from '../engine/preview';
import type { PreviewPort, PreviewTable } from '../engine/preview-result';
import type { Column, Table } from '../engine/table';
import { encodeColumn, rowBytes } from './preview-cells';
import { PREVIEW_WINDOW_ROWS, type PreviewColumnData } from './preview-columns';
import { columnStatsOf, type ColumnStats } from './preview-stats';

/**
 * What the `preview` query returns: the previewer's result with each table's column stats added, its
 * schema slimmed (the grid needs names and kinds, not category lists), and the first window of its rows
 * column by column (see preview-columns.ts), cut to the byte cap. The grid asks for the rows past that
 * window as they scroll into view (the `previewRows` query, see preview-window.ts): a preview prints,
 * sends and parses a hundred rows a table instead of a thousand. Serialized once, in the preview thread:
 * the main thread and yoga pass the text through (see raw-json.ts).
 */
export type PreviewGridColumn = { name: string; kind: string };
export type PreviewGridTable = {
  schema: { columns: PreviewGridColumn[] };
  rowCount: number;
  /** Rows the grid may show: the first `rowLimit` of the table. */
  rowsAvailable: number;
  /** Rows in `data` (the length of every array there), from the table's first row; the rest come by window. */
  rowsSent: number;
  /** Parallel to `schema.columns`. */
  data: PreviewColumnData[];
  /** True when fewer rows are available than the table holds (the row cap). */
  truncated: boolean;
  /** Columns the table holds; more than `schema.columns` when the column cap cut some. */
  columnCount: number;
  stats?: ColumnStats[];
};
export type PreviewPayloadPort =
  | { port: string; kind: 'table'; table: PreviewGridTable }
  | { port: string; kind: 'split'; train: PreviewGridTable; test: PreviewGridTable }
  | Extract<PreviewPort, { afterRun: true }>;

type OkResult = Extract<PreviewResult, { status: 'ok' }>;
/** `cutByBytes`: some table's first window was cut to fit `maxBytes` (its other rows still come by window). */
export type PreviewLimits = { rowLimit: number; maxBytes: number; cutByBytes: boolean; columnLimit: number; windowRows: number };
type OkPayload = Omit<OkResult, 'ports' | 'key'> & { ports: PreviewPayloadPort[]; limits: PreviewLimits };
/** The rows coming into a node whose own are not shown: its input node's preview, cut to the port feeding it. */
export type PreviewInput = DataInput & { payload: OkPayload };
export type PreviewPayload = OkPayload | (Exclude<PreviewResult, { status: 'ok' }> & { inputs?: PreviewInput[] });

export type PreviewCaps = { rowLimit: number; maxBytes: number; windowRows?: number };

/** Beyond this many columns the grid is unreadable anyway, and the schema and stats alone would be megabytes. */
export const PREVIEW_COLUMN_LIMIT = 500;

/** A grid table with the columns its rows are read from (views of the node's output), to cut it again. */
type Shaped = { grid: PreviewGridTable; head: Column[] };

/**
 * The payload as JSON text. `outputs` are the node's sample outputs (from the previewer's cache), read
 * for stats over every sample row; when missing (an entry too big for the cache) tables go without stats.
 */
export function serializePreview(result: PreviewResult, outputs: Record<string, PortValue> | undefined, caps: PreviewCaps): string {
  if (result.status !== 'ok') return JSON.stringify(result);
  const windowRows = caps.windowRows ?? PREVIEW_WINDOW_ROWS;
  const shaped: Shaped[] = [];
  const shape = (table: PreviewTable, full: Table | undefined) => {
    const item = shapeTable(table, full, windowRows);
    shaped.push(item);
    return item.grid;
  };
  const ports = result.ports.map((port): PreviewPayloadPort => {
    const value = outputs?.[port.port];
    if (port.kind === 'table') return { ...port, table: shape(port.table, value?.kind === 'table' ? value.table : undefined) };
    if (port.kind === 'split') {
      const split = value?.kind === 'split' ? value : undefined;
      return { ...port, train: shape(port.train, split?.train), test: shape(port.test, split?.test) };
    }
    return port;
  });
  // The cache key stays in the thread: the browser has no use for it.
  const { key: _key, ...rest } = result;
  const limits: PreviewLimits = { rowLimit: caps.rowLimit, maxBytes: caps.maxBytes, cutByBytes: false, columnLimit: PREVIEW_COLUMN_LIMIT, windowRows };
  return fitBytes({ ...rest, ports, limits }, shaped, caps.maxBytes);
}

/** An input's preview as serializeWithInputs takes it: what feeds the node, and that node's preview and sample outputs. */
export type InputPreview = { input: DataInput; result: OkResult; outputs: Record<string, PortValue> | undefined };

/**
 * A payload with no rows of its own (the node fails on the sample, or is shown only after a run) and the
 * rows coming into it: each input's preview with only the port feeding the node, the inputs sharing the
 * byte cap of any payload.
 */
export function serializeWithInputs(result: Exclude<PreviewResult, { status: 'ok' }>, inputs: readonly InputPreview[], caps: PreviewCaps): string {
  // Each input's payload is serialized (and cut to its share of what is left of the cap) on its own, then
  // spliced in where `inputs`, the last key, holds an empty list.
  const frame = JSON.stringify({ ...result, inputs: [] });
  const framed = inputs.map(({ input }) => JSON.stringify({ ...input, payload: null }));
  const share = Math.max(0, caps.maxBytes - Buffer.byteLength(frame) - framed.reduce((n, f) => n + Buffer.byteLength(f) + 1, 0)) / Math.max(1, inputs.length);
  const parts = inputs.map(({ input, result: inputResult, outputs }, i) => {
    // What the input node itself added or removed, and its notes, are about that node, not the rows coming in.
    const shown: OkResult = { ...inputResult, ports: inputResult.ports.filter((p) => p.port === input.port), columns: { added: [], changed: [], removed: [] }, notes: [] };
    return `${framed[i]!.slice(0, -'null}'.length)}${serializePreview(shown, outputs, { ...caps, maxBytes: Math.floor(share) })}}`;
  });
  return `${frame.slice(0, -']}'.length)}${parts.join(',')}]}`;
}

function shapeTable(table: PreviewTable, full: Table | undefined, windowRows: number): Shaped {
  const columns = table.schema.columns;
  const kept = Math.min(columns.length, PREVIEW_COLUMN_LIMIT);
  // The node's own columns when at hand rather than the head's views of them (only the window's cells are read).
  const head = (full ?? table.head).columns.slice(0, kept);
  const byName = full ? new Map<string, Column>(full.columns.map((c) => [c.name, c])) : undefined;
  const stats = byName ? head.map((c) => (byName.has(c.name) ? columnStatsOf(byName.get(c.name)!) : { missing: 0 })) : undefined;
  const rowsSent = Math.min(windowRows, table.head.rowCount);
  const grid: PreviewGridTable = {
    schema: { columns: head.map(({ name, kind }) => ({ name, kind })) },
    rowCount: table.rowCount,
    rowsAvailable: table.head.rowCount,
    rowsSent,
    data: head.map((col) => encodeColumn(col, 0, rowsSent)),
    truncated: table.truncated,
    columnCount: columns.length,
    ...(stats ? { stats } : {}),
  };
  return { grid, head };
}

/** Room for the GraphQL envelope around the payload. */
export const ENVELOPE_BYTES = 256;

/**
 * The payload's JSON, with every table's rows cut by the same share of its row bytes when the whole is
 * over `maxBytes`. The common case (it fits) serializes once.
 */
function fitBytes(payload: Extract<PreviewPayload, { status: 'ok' }>, shaped: Shaped[], maxBytes: number): string {
  let json = JSON.stringify(payload);
  // A UTF-16 unit is at most 3 bytes of UTF-8: counting the bytes (a pass over the text) is only needed near the cap.
  if (json.length * 3 <= maxBytes) return json;
  let total = Buffer.byteLength(json);
  if (total <= maxBytes) return json;
  const costs = shaped.map((s) => rowBytes(s.grid.data, s.grid.rowsSent));
  const allRows = costs.flat().reduce((a, b) => a + b, 0);
  const budget = Math.max(0, maxBytes - ENVELOPE_BYTES - (total - allRows));
  let share = allRows > 0 ? budget / allRows : 0;
  payload.limits.cutByBytes = true;
  // The row costs are exact for the rows as first shaped; fewer rows may need fewer decimals, and the
  // loop answers for what that estimate misses.
  for (let attempt = 0; attempt < 8 && total > maxBytes; attempt++) {
    shaped.forEach((s, i) => cutRows(s, keepWithin(costs[i]!, share)));
    json = JSON.stringify(payload);
    total = Buffer.byteLength(json);
    share *= 0.9;
  }
  return json;
}

function cutRows({ grid, head }: Shaped, keep: number) {
  if (keep >= grid.rowsSent) return;
  grid.rowsSent = keep;
  grid.data = head.map((col) => encodeColumn(col, 0, keep));
}

/** The longest prefix of rows within `share` of the table's row bytes. */
export function keepWithin(sizes: number[], share: number): number {
  const allowed = share * sizes.reduce((a, b) => a + b, 0);
  let used = 0;
  let keep = 0;
  while (keep < sizes.length && used + sizes[keep]! <= allowed) used += sizes[keep++]!;
  return keep;
}
