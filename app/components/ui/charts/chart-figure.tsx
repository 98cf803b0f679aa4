import { useId, useRef, useState, type ReactNode } from 'react';
import { Button } from '../button';

export type ChartSize = { width: number; height: number };
/** The chart's numbers for screen readers and for reading exact values. */
export type ChartTable = { columns: string[]; rows: (string | number)[][] };

/** Fits the settings panel (w-80 less padding); the dialog's view is the full one. */
const COMPACT: ChartSize = { width: 288, height: 200 };
const FULL: ChartSize = { width: 760, height: 480 };

const cell = (v: string | number) => (typeof v === 'number' ? (Number.isInteger(v) ? v.toLocaleString('en-US') : v.toFixed(4)) : v);

/**
 * One chart with its caption and legend, a "Show as table" toggle for its numbers, and an "Expand"
 * button that opens it full size in a modal dialog. `renderChart` draws at the size it is given.
 */
export function ChartFigure({ title, legend, table, renderChart }: { title: string; legend?: ReactNode; table: ChartTable; renderChart(size: ChartSize): ReactNode }) {
  const [asTable, setAsTable] = useState(false);
  const [expanded, setExpanded] = useState(false);
  const dialog = useRef<HTMLDialogElement>(null);
  const captionId = useId();
  const open = () => {
    setExpanded(true);
    dialog.current?.showModal();
  };
  return (
    <figure aria-labelledby={captionId} className="space-y-1">
      <figcaption className="flex items-center justify-between gap-2 text-[11px] text-slate-600">
        <span id={captionId} className="font-medium">
          {title}
        </span>
        <span className="flex gap-1">
          <Button size="sm" variant="ghost" aria-pressed={asTable} onClick={() => setAsTable((v) => !v)}>
            {asTable ? 'Show as chart' : 'Show as table'}
            <span className="sr-only"> ({title})</span>
          </Button>
          <Button size="sm" variant="ghost" onClick={open}>
            Expand<span className="sr-only"> {title}</span>
          </Button>
        </span>
      </figcaption>
      {legend}
      {asTable ? <DataTable title={title} table={table} /> : renderChart(COMPACT)}
      <dialog ref={dialog} aria-label={title} onClose={() => setExpanded(false)} className="w-[min(90vw,820px)] rounded-lg p-4 shadow-xl backdrop:bg-slate-900/40">
        {expanded ? (
          <div className="space-y-2">
            <div className="flex items-center justify-between">
              <h2 className="text-sm font-semibold text-slate-900">{title}</h2>
              <Button size="sm" onClick={() => dialog.current?.close()}>
                Close
              </Button>
            </div>
            {legend}
            {renderChart(FULL)}
          </div>
        ) : null}
      </dialog>
    </figure>
  );
}

function DataTable({ title, table }: { title: string; table: ChartTable }) {
  return (
    <div className="max-h-64 overflow-auto rounded-md ring-1 ring-inset ring-slate-200">
      <table className="w-full text-left text-[11px] tabular-nums">
        <caption className="sr-only">{title}</caption>
        <thead className="sticky top-0 bg-slate-50">
          <tr>
            {table.columns.map((c) => (
              <th key={c} scope="col" className="px-2 py-1 font-medium text-slate-600">
                {c}
              </th>
            ))}
          </tr>
        </thead>
        <tbody>
          {table.rows.map((row, i) => (
            <tr key={i} className="odd:bg-white even:bg-slate-50">
              {row.map((v, j) => (
                <td key={j} className="px-2 py-0.5 text-slate-800">
                  {cell(v)}
                </td>
              ))}
            </tr>
          ))}
        </tbody>
      </table>
    </div>
  );
}

/** Coloured swatches naming each series, e.g. "Adelie (AUC 0.99)". */
export function ChartLegend({ items }: { items: { label: string; color: string }[] }) {
  return (
    <ul className="flex flex-wrap gap-x-3 gap-y-0.5 text-[11px] text-slate-600">
      {items.map((item) => (
        <li key={item.label} className="inline-flex items-center gap-1">
          <span aria-hidden="true" className="inline-block h-0.5 w-3" style={{ background: item.color }} />
          {item.label}
        </li>
      ))}
    </ul>
  );
}

/** What the reader does to get a chart that has no data yet. */
export function ChartEmpty({ children }: { children: ReactNode }) {
  return <p className="rounded-md bg-slate-50 p-3 text-center text-xs text-slate-500 ring-1 ring-inset ring-slate-200">{children}</p>;
}
