import { useCallback, useEffect, useMemo, useState } from 'react';
import { PREVIEW_WINDOW_ROWS, readPreviewCell, type PreviewCell, type PreviewColumnData } from '../../../graphql/preview-columns';
import type { PreviewGridTable } from '../../../graphql/preview-payload';
import type { PreviewRowsPayload } from '../../../graphql/preview-window';
import { requestGraphQL } from '../graphql-client';
import type { PreviewTableAt } from './preview-tabs';
import type { PreviewVariables } from './use-preview';

const PREVIEW_ROWS = /* GraphQL */ `
  query PreviewRows($pipelineId: ID!, $graph: JSON!, $nodeId: ID!, $sample: JSON, $port: String!, $part: String, $offset: Int!, $limit: Int!) {
    previewRows(pipelineId: $pipelineId, graph: $graph, nodeId: $nodeId, sample: $sample, port: $port, part: $part, offset: $offset, limit: $limit)
  }
`;

/** Windows asked for at once: a fast scroll asks for the rows it stops on, not every window it passed. */
const MAX_IN_FLIGHT = 2;
/** Row states in RowStore.chunkOf besides a chunk's index. */
const MISSING = -1;
const ASKED = -2;

export type PreviewRows = {
  /** A cell, or undefined while its window is on its way. */
  cell: (row: number, column: number) => PreviewCell | undefined;
  /** For the grid: the rows it renders, so the windows holding them are asked for. */
  onRowsInView: (start: number, end: number) => void;
};

/**
 * The rows of one preview table as the grid scrolls: the preview's first window, and further windows
 * asked for (the `previewRows` query, with the preview's own variables) as rows come into view. A new
 * preview starts over; answers for an older one are dropped.
 */
export function usePreviewRows(variables: PreviewVariables | undefined, at: PreviewTableAt | undefined, table: PreviewGridTable | undefined): PreviewRows {
  const fetchWindow = useCallback(
    (offset: number, limit: number, signal: AbortSignal) => {
      if (!variables || !at) return Promise.reject(new Error('This preview has no table to read rows from.'));
      const args = { ...variables, port: at.port, part: at.part ?? null, offset, limit };
      return requestGraphQL<{ previewRows: PreviewRowsPayload }>(PREVIEW_ROWS, args, signal).then((data) => data.previewRows);
    },
    [variables, at],
  );
  return useWindowedRows(table, fetchWindow);
}

/** The rows of a grid table: its first window, then windows from `fetchWindow` as rows come into view (any source of windows). */
export function useWindowedRows(table: PreviewGridTable | undefined, fetchWindow: FetchWindow): PreviewRows {
  const [, setArrivals] = useState(0);
  const store = useMemo(() => (table ? new RowStore(table) : undefined), [table]);
  useEffect(() => () => store?.close(), [store]);
  const onRowsInView = useCallback(
    (start: number, end: number) => store?.show(start, end, fetchWindow, () => setArrivals((n) => n + 1)),
    [store, fetchWindow],
  );
  // A new function at each render (an arrival renders), so the grid shows the cells that came.
  return { cell: (row, column) => store?.cell(row, column), onRowsInView };
}

export type FetchWindow = (offset: number, limit: number, signal: AbortSignal) => Promise<PreviewRowsPayload>;
type Chunk = { offset: number; data: PreviewColumnData[] };

/** Which chunk holds each row (or that it is missing or asked for), and the chunks that came. */
class RowStore {
  private readonly chunks: Chunk[] = [];
  private readonly chunkOf: Int32Array;
  private readonly aborts = new Set<AbortController>();
  private view: [number, number] = [0, 0];

  constructor(table: PreviewGridTable) {
    this.chunkOf = new Int32Array(table.rowsAvailable).fill(MISSING);
    this.add({ offset: 0, data: table.data }, table.rowsSent);
  }

  cell(row: number, column: number): PreviewCell | undefined {
    const index = this.chunkOf[row] ?? MISSING;
    if (index < 0) return undefined;
    const chunk = this.chunks[index]!;
    return readPreviewCell(chunk.data[column]!, row - chunk.offset);
  }

  show(start: number, end: number, fetchWindow: FetchWindow, onArrival: () => void): void {
    this.view = [start, Math.min(end, this.chunkOf.length)];
    let row = this.view[0];
    while (this.aborts.size < MAX_IN_FLIGHT) {
      while (row < this.view[1] && this.chunkOf[row] !== MISSING) row++;
      if (row >= this.view[1]) return;
      const offset = row;
      const limit = Math.min(PREVIEW_WINDOW_ROWS, this.chunkOf.length - offset);
      this.mark(offset, offset + limit, MISSING, ASKED);
      const controller = new AbortController();
      this.aborts.add(controller);
      const settle = (answer: PreviewRowsPayload | undefined) => {
        this.aborts.delete(controller);
        if (controller.signal.aborted) return;
        const sent = answer?.status === 'ok' ? answer.rowsSent : 0;
        if (answer?.status === 'ok' && sent > 0) this.add({ offset, data: answer.data }, sent);
        // Rows not in the answer (cut by the byte cap, or a failed request) are asked for again when in view.
        this.mark(offset + sent, offset + limit, ASKED, MISSING);
        onArrival();
        if (sent > 0) this.show(this.view[0], this.view[1], fetchWindow, onArrival);
      };
      fetchWindow(offset, limit, controller.signal).then(settle, () => settle(undefined));
      row = offset + limit;
    }
  }

  close(): void {
    for (const controller of this.aborts) controller.abort();
    this.aborts.clear();
  }

  private add(chunk: Chunk, rows: number): void {
    const index = this.chunks.push(chunk) - 1;
    this.chunkOf.fill(index, chunk.offset, Math.min(chunk.offset + rows, this.chunkOf.length));
  }

  private mark(start: number, end: number, from: number, to: number): void {
    for (let row = start; row < end; row++) if (this.chunkOf[row] === from) this.chunkOf[row] = to;
  }
}
