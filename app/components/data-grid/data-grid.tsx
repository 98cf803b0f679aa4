import { useVirtualizer } from '@tanstack/react-virtual';
import { useEffect, useRef } from 'react';
import { ColumnHeader } from './column-header';
import { formatCell, magnitudeOf } from './format-cell';
import type { ColumnHighlight, ColumnStats, GridCell, GridColumn } from './types';

export type DataGridProps = {
  /** The grid's accessible name, e.g. "Preview of Filter". */
  label: string;
  columns: GridColumn[];
  rowCount: number;
  /**
   * The cell at a row and column index: the grid reads only the cells in view, whatever the data's shape.
   * Undefined: not loaded yet (shown as such until a new `cell` brings it).
   */
  cell: (row: number, column: number) => GridCell | undefined;
  /** Told which rows the grid renders (those in view and a few either side), for data that loads by window. */
  onRowsInView?: (start: number, end: number) => void;
  /** Parallel to `columns`; without it the headers show name and kind only. */
  stats?: ColumnStats[];
  /** Rows the stats were computed on (may be more than `rowCount`), for the top-values bar's proportions. */
  statsRows?: number;
  highlight?: Record<string, ColumnHighlight>;
};

const ROW_HEIGHT = 28;
const HEADER_HEIGHT = 52;
const COLUMN_WIDTH = 172;
const ROW_NUMBER_WIDTH = 56;

/**
 * A read-only table of any size: only the rows and columns in view are in the DOM (both axes virtualized),
 * with a sticky header and row numbers. ARIA grid semantics, so screen readers and tests find cells by role.
 */
export function DataGrid({ label, columns, rowCount, cell, onRowsInView, stats, statsRows, highlight }: DataGridProps) {
  const scrollRef = useRef<HTMLDivElement>(null);
  const rowVirtualizer = useVirtualizer({ count: rowCount, getScrollElement: () => scrollRef.current, estimateSize: () => ROW_HEIGHT, overscan: 12 });
  const columnVirtualizer = useVirtualizer({
    horizontal: true,
    count: columns.length,
    getScrollElement: () => scrollRef.current,
    estimateSize: () => COLUMN_WIDTH,
    overscan: 3,
  });
  // A step's new or changed columns usually sit past the right edge (derived columns come last): bring the
  // first into view when the set of marked columns changes, not on every refresh, so a scroll sticks.
  const firstMarked = highlight ? columns.findIndex((c) => highlight[c.name]) : -1;
  const marked = highlight ? Object.keys(highlight).join('\0') : '';
  useEffect(() => {
    if (firstMarked >= 0) columnVirtualizer.scrollToIndex(firstMarked, { align: 'start' });
    // eslint-disable-next-line react-hooks/exhaustive-deps -- only a new set of marked columns moves the view
  }, [marked]);
  const visibleRows = rowVirtualizer.getVirtualItems();
  const firstRow = visibleRows[0]?.index ?? 0;
  const endRow = (visibleRows.at(-1)?.index ?? -1) + 1;
  useEffect(() => {
    if (endRow > firstRow) onRowsInView?.(firstRow, endRow);
  }, [firstRow, endRow, onRowsInView]);
  const width = ROW_NUMBER_WIDTH + columnVirtualizer.getTotalSize();
  const visibleColumns = columnVirtualizer.getVirtualItems();
  const place = (start: number, size: number) => ({ left: ROW_NUMBER_WIDTH + start, width: size });

  return (
    <div
      ref={scrollRef}
      role="grid"
      aria-label={label}
      aria-rowcount={rowCount + 1}
      aria-colcount={columns.length + 1}
      tabIndex={0}
      className="relative h-full min-h-0 overflow-auto bg-white text-xs focus-visible:outline focus-visible:outline-2 focus-visible:outline-sky-500"
    >
      <div style={{ width, height: HEADER_HEIGHT + rowVirtualizer.getTotalSize() }} className="relative">
        <div role="row" aria-rowindex={1} className="sticky top-0 z-20" style={{ width, height: HEADER_HEIGHT }}>
          <div
            role="columnheader"
            aria-colindex={1}
            className="sticky left-0 z-10 flex h-full items-end border-b border-r border-slate-200 bg-slate-100 px-2 py-1 text-[10px] text-slate-500"
            style={{ width: ROW_NUMBER_WIDTH }}
          >
            Row
          </div>
          {visibleColumns.map((c) => (
            <ColumnHeader
              key={c.key}
              column={columns[c.index]!}
              index={c.index}
              stats={stats?.[c.index]}
              rows={statsRows ?? rowCount}
              highlight={highlight?.[columns[c.index]!.name]}
              style={place(c.start, c.size)}
            />
          ))}
        </div>
        {visibleRows.map((r) => {
          return (
            <div
              key={r.key}
              role="row"
              aria-rowindex={r.index + 2}
              className="absolute left-0 border-b border-slate-100 hover:bg-sky-50/50"
              style={{ top: HEADER_HEIGHT + r.start, height: ROW_HEIGHT, width }}
            >
              <div role="rowheader" aria-colindex={1} className="sticky left-0 z-10 h-full border-r border-slate-200 bg-slate-50 px-2 py-1.5 text-right tabular-nums text-slate-400" style={{ width: ROW_NUMBER_WIDTH }}>
                {r.index + 1}
              </div>
              {visibleColumns.map((c) => (
                <Cell
                  key={c.key}
                  value={cell(r.index, c.index)}
                  kind={columns[c.index]!.kind}
                  magnitude={magnitudeOf(stats?.[c.index]?.histogram)}
                  index={c.index}
                  highlight={highlight?.[columns[c.index]!.name]}
                  style={place(c.start, c.size)}
                />
              ))}
            </div>
          );
        })}
      </div>
    </div>
  );
}

function Cell({ value, kind, magnitude, index, highlight, style }: { value: GridCell | undefined; kind: string; magnitude?: number; index: number; highlight?: ColumnHighlight; style: { left: number; width: number } }) {
  const tint = highlight === 'added' ? 'bg-emerald-50/60' : highlight === 'changed' ? 'bg-amber-50/60' : '';
  const align = typeof value === 'number' && kind !== 'date' ? 'text-right tabular-nums' : 'tabular-nums';
  return (
    <div role="gridcell" aria-colindex={index + 2} style={style} className={`absolute top-0 h-full truncate border-r border-slate-100 px-2 py-1.5 ${tint} ${align}`}>
      {value === undefined ? (
        <>
          <span aria-hidden="true" className="text-slate-300">
            …
          </span>
          <span className="sr-only">loading</span>
        </>
      ) : value === null ? (
        <span className="italic text-slate-300">missing</span>
      ) : (
        <Formatted value={value} kind={kind} magnitude={magnitude} />
      )}
    </div>
  );
}

/** A cell's text; rounding residue shown as 0 keeps its exact value in a tooltip, so nothing is hidden. */
function Formatted({ value, kind, magnitude }: { value: GridCell; kind: string; magnitude?: number }) {
  const text = formatCell(value, kind, magnitude);
  return typeof value === 'number' && text === '0' && value !== 0 ? <span title={`${value} (rounding residue)`}>{text}</span> : <>{text}</>;
}
