import type { PortValue } from '../engine/define-node';
import type { PreviewResult } from '../engine/preview';
import type { PreviewCell, PreviewPort, PreviewTable } from '../engine/preview-result';
import type { Column, Table } from '../engine/table';
import { computeColumnStats, type ColumnStats } from './preview-stats';

/**
 * What the `preview` query returns: the previewer's result with each table's column stats added, its
 * schema slimmed (the grid needs names and kinds, not category lists), and the rows cut to the byte cap.
 */
export type PreviewGridColumn = { name: string; kind: string };
export type PreviewGridTable = {
  schema: { columns: PreviewGridColumn[] };
  rowCount: number;
  rows: PreviewCell[][];
  /** True when fewer rows are sent than the table holds (the row or byte cap). */
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
export type PreviewLimits = { rowLimit: number; maxBytes: number; cutByBytes: boolean; columnLimit: number };
export type PreviewPayload =
  | (Omit<OkResult, 'ports'> & { ports: PreviewPayloadPort[]; limits: PreviewLimits })
  | Exclude<PreviewResult, { status: 'ok' }>;

/** Beyond this many columns the grid is unreadable anyway, and the schema and stats alone would be megabytes. */
export const PREVIEW_COLUMN_LIMIT = 500;

/**
 * `outputs` are the node's sample outputs (from the previewer's cache), read for stats over every sample
 * row; when missing (an entry too big for the cache) the tables go without stats.
 */
export function shapePreview(result: PreviewResult, outputs: Record<string, PortValue> | undefined, caps: { rowLimit: number; maxBytes: number }): PreviewPayload {
  if (result.status !== 'ok') return result;
  const ports = result.ports.map((port): PreviewPayloadPort => {
    const value = outputs?.[port.port];
    if (port.kind === 'table') return { ...port, table: shapeTable(port.table, value?.kind === 'table' ? value.table : undefined) };
    if (port.kind === 'split') {
      const split = value?.kind === 'split' ? value : undefined;
      return { ...port, train: shapeTable(port.train, split?.train), test: shapeTable(port.test, split?.test) };
    }
    return port;
  });
  const payload: PreviewPayload = { ...result, ports, limits: { rowLimit: caps.rowLimit, maxBytes: caps.maxBytes, cutByBytes: false, columnLimit: PREVIEW_COLUMN_LIMIT } };
  return capBytes(payload, caps.maxBytes);
}

function shapeTable(table: PreviewTable, full: Table | undefined): PreviewGridTable {
  const columns = table.schema.columns;
  const kept = Math.min(columns.length, PREVIEW_COLUMN_LIMIT);
  const cut = kept < columns.length;
  const byName = full ? new Map<string, Column>(full.columns.map((c) => [c.name, c])) : undefined;
  const stats = byName ? columns.slice(0, kept).map((c) => (byName.has(c.name) ? computeColumnStats(byName.get(c.name)!) : { missing: 0 })) : undefined;
  const rows = cut ? table.rows.map((r) => r.slice(0, kept)) : table.rows;
  roundNumbers(rows);
  return {
    schema: { columns: columns.slice(0, kept).map(({ name, kind }) => ({ name, kind })) },
    rowCount: table.rowCount,
    rows,
    truncated: table.truncated,
    columnCount: columns.length,
    ...(stats ? { stats } : {}),
  };
}

/** Significant digits of numbers sent: more than the grid shows (6), far fewer than a double prints (17). */
const SIGNIFICANT_DIGITS = 7;

/**
 * Rounds every number in place (the rows are fresh arrays, not shared with the cache): a scaled column's
 * 0.12345678901234566 becomes 0.1234568, which halves a typical payload and the time to send it.
 */
function roundNumbers(rows: PreviewCell[][]) {
  for (const row of rows) {
    for (let i = 0; i < row.length; i++) {
      const v = row[i];
      if (typeof v !== 'number' || v === 0 || !Number.isFinite(v) || Number.isInteger(v)) continue;
      const scale = 10 ** (SIGNIFICANT_DIGITS - 1 - Math.floor(Math.log10(Math.abs(v))));
      if (Number.isFinite(scale) && scale > 0) row[i] = Math.round(v * scale) / scale;
    }
  }
}

const jsonBytes = (value: unknown) => Buffer.byteLength(JSON.stringify(value));

/**
 * An upper bound of the rows' JSON bytes without serializing them: a rounded number prints in at most 24
 * bytes, and a string in at most 6 bytes per UTF-16 unit (a control character's \u escape) plus quotes.
 */
function boundRowBytes(rows: PreviewCell[][]): number {
  let bytes = 2;
  for (const row of rows) {
    bytes += 3;
    for (const cell of row) bytes += typeof cell === 'string' ? cell.length * 6 + 3 : 25;
  }
  return bytes;
}

/** Everything but the rows is small (schema, stats, counts): serializing it is cheap. */
function boundPayloadBytes(payload: Extract<PreviewPayload, { status: 'ok' }>, tables: PreviewGridTable[]): number {
  const rows = tables.map((t) => t.rows);
  tables.forEach((t) => (t.rows = []));
  const rest = jsonBytes(payload);
  tables.forEach((t, i) => (t.rows = rows[i]!));
  return rest + rows.reduce((sum, r) => sum + boundRowBytes(r), 0);
}
/** Room for the GraphQL envelope around the payload. */
const ENVELOPE_BYTES = 256;

/** Cuts every table's rows by the same share of its row bytes until the payload fits `maxBytes`. */
export function capBytes(payload: PreviewPayload, maxBytes: number): PreviewPayload {
  if (payload.status !== 'ok') return payload;
  const tables = payload.ports.flatMap((p) => (p.kind === 'table' ? [p.table] : p.kind === 'split' ? [p.train, p.test] : []));
  if (boundPayloadBytes(payload, tables) <= maxBytes) return payload;
  const total = jsonBytes(payload);
  if (total <= maxBytes) return payload;
  const rowBytes = tables.map((t) => t.rows.map((r) => jsonBytes(r) + 1));
  const allRows = rowBytes.flat().reduce((a, b) => a + b, 0);
  const budget = Math.max(0, maxBytes - ENVELOPE_BYTES - (total - allRows));
  const share = allRows > 0 ? budget / allRows : 0;
  tables.forEach((table, i) => {
    const sizes = rowBytes[i]!;
    const allowed = share * sizes.reduce((a, b) => a + b, 0);
    let used = 0;
    let keep = 0;
    while (keep < sizes.length && used + sizes[keep]! <= allowed) used += sizes[keep++]!;
    if (keep < table.rows.length) {
      table.rows = table.rows.slice(0, keep);
      table.truncated = true;
    }
  });
  payload.limits.cutByBytes = true;
  return payload;
}
