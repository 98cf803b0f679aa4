import type { PortValue } from '../engine/define-node';
import type { PreviewResult } from '../engine/preview';
import type { PreviewTable } from '../engine/preview-result';
import type { Column, Table } from '../engine/table';
import { encodeColumn, rowBytes } from './preview-cells';
import type { PreviewColumnData } from './preview-columns';
import { ENVELOPE_BYTES, keepWithin, PREVIEW_COLUMN_LIMIT, type PreviewCaps } from './preview-payload';

/**
 * What the `previewRows` query returns: rows `offset` onwards of one table of a node's preview, read from
 * the preview thread's cached output of that node (the same graph and sample give the same content keys,
 * so a window lands on the very output the preview showed, recomputed the same way if it was evicted).
 * Columns are those of the preview's grid (the column cap applies), encoded as its first window was.
 */
export type PreviewWindow = { port: string; part?: 'train' | 'test'; offset: number; limit: number };
export type PreviewRowsPayload =
  | {
      status: 'ok';
      nodeId: string;
      port: string;
      part?: 'train' | 'test';
      offset: number;
      /** Rows in `data`; fewer than asked past the table's available rows or when the byte cap cut them. */
      rowsSent: number;
      rowsAvailable: number;
      /** Parallel to the preview's `schema.columns`; row i is the table's row offset + i. */
      data: PreviewColumnData[];
      cutByBytes: boolean;
    }
  | Exclude<PreviewResult, { status: 'ok' }>;

type OkRows = Extract<PreviewRowsPayload, { status: 'ok' }>;

/** The window as JSON text; a preview that did not come out ok passes through as it is. */
export function serializePreviewRows(result: PreviewResult, outputs: Record<string, PortValue> | undefined, window: PreviewWindow, caps: PreviewCaps): string {
  if (result.status !== 'ok') return JSON.stringify(result);
  const found = findTable(result, outputs, window);
  if (typeof found === 'string') {
    return JSON.stringify({ status: 'error', nodeId: result.nodeId, failedNodeId: result.nodeId, reason: 'invalid', message: found, computed: result.computed, ms: result.ms } satisfies PreviewRowsPayload);
  }
  const { columns, rowsAvailable } = found;
  const start = Math.min(window.offset, rowsAvailable);
  const end = Math.min(start + window.limit, rowsAvailable);
  const payload: OkRows = {
    status: 'ok',
    nodeId: result.nodeId,
    port: window.port,
    ...(window.part ? { part: window.part } : {}),
    offset: start,
    rowsSent: end - start,
    rowsAvailable,
    data: columns.map((col) => encodeColumn(col, start, end)),
    cutByBytes: false,
  };
  return fitWindow(payload, columns, caps.maxBytes);
}

/** The columns to read (the node's full output when cached, else the preview's head views) and the rows the grid may show. */
function findTable(result: Extract<PreviewResult, { status: 'ok' }>, outputs: Record<string, PortValue> | undefined, window: PreviewWindow): { columns: Column[]; rowsAvailable: number } | string {
  const port = result.ports.find((p) => p.port === window.port);
  const value = outputs?.[window.port];
  let preview: PreviewTable | undefined;
  let full: Table | undefined;
  if (port?.kind === 'table' && !window.part) {
    preview = port.table;
    full = value?.kind === 'table' ? value.table : undefined;
  } else if (port?.kind === 'split' && window.part) {
    preview = port[window.part];
    full = value?.kind === 'split' ? value[window.part] : undefined;
  }
  if (!preview) {
    const shape = port?.kind === 'split' ? 'train and test tables: ask for part "train" or "test"' : port?.kind === 'table' ? 'one table: ask without a part' : 'no rows to show';
    return `The step '${result.nodeId}' has no table output '${window.port}'${window.part ? ` with a ${window.part} part` : ''}; that output has ${port ? shape : 'no such name'}.`;
  }
  return { columns: (full ?? preview.head).columns.slice(0, PREVIEW_COLUMN_LIMIT), rowsAvailable: preview.head.rowCount };
}

/** The window's JSON, its rows cut to the longest prefix that fits `maxBytes` when it is over. */
function fitWindow(payload: OkRows, columns: Column[], maxBytes: number): string {
  let json = JSON.stringify(payload);
  if (json.length * 3 <= maxBytes) return json;
  let total = Buffer.byteLength(json);
  if (total <= maxBytes) return json;
  const sizes = rowBytes(payload.data, payload.rowsSent);
  const rowsTotal = sizes.reduce((a, b) => a + b, 0);
  let share = rowsTotal > 0 ? Math.max(0, maxBytes - ENVELOPE_BYTES - (total - rowsTotal)) / rowsTotal : 0;
  payload.cutByBytes = true;
  for (let attempt = 0; attempt < 8 && total > maxBytes; attempt++) {
    const keep = keepWithin(sizes, share);
    if (keep < payload.rowsSent) {
      payload.rowsSent = keep;
      payload.data = columns.map((col) => encodeColumn(col, payload.offset, payload.offset + keep));
    }
    json = JSON.stringify(payload);
    total = Buffer.byteLength(json);
    share *= 0.9;
  }
  return json;
}
