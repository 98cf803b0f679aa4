import { useCallback, useEffect, useId, useMemo, useState } from 'react';
import type { PortDef } from '../../../engine/define-node';
import type { PreviewPayload } from '../../../graphql/preview-payload';
import { DataGrid } from '../../components/data-grid/data-grid';
import { formatCount } from '../../components/data-grid/format-cell';
import type { ColumnHighlight } from '../../components/data-grid/types';
import { comparisonOf, describeOutput, formatMetric, metricsOf, orderedMetrics } from '../node-outputs';
import { ComparisonCharts } from '../charts/comparison-charts';
import { EvaluationCharts } from '../charts/evaluation-charts';
import { buildTabs, type PreviewTab } from './preview-tabs';
import { usePreviewRows, useWindowedRows, type FetchWindow } from './use-preview-rows';
import type { PreviewTableAt } from './preview-tabs';
import type { PreviewVariables } from './use-preview';
import { metricLabel } from '../../../engine/registry/metric-label';

type OkPayload = Extract<PreviewPayload, { status: 'ok' }>;

/** The grid (or tabs of grids) of a successful preview, with what the step removed and what was cut. */
export function PreviewTables({
  payload,
  variables,
  readRows,
  nodeName,
  outputs,
  labelPrefix = 'Preview of',
}: {
  payload: OkPayload;
  variables?: PreviewVariables;
  /** Where rows past the first window come from when they are not the preview's (a run's stored output). */
  readRows?: (at: PreviewTableAt, ...window: Parameters<FetchWindow>) => ReturnType<FetchWindow>;
  nodeName: string;
  outputs: readonly PortDef[];
  labelPrefix?: string;
}) {
  const tabs = useMemo(() => buildTabs(payload.ports, outputs), [payload.ports, outputs]);
  const [selected, setSelected] = useState(tabs[0]?.id);
  const baseId = useId();
  useEffect(() => {
    if (!tabs.some((t) => t.id === selected)) setSelected(tabs[0]?.id);
  }, [tabs, selected]);
  const tab = tabs.find((t) => t.id === selected) ?? tabs[0];
  const highlight = useMemo(() => {
    const marks: Record<string, ColumnHighlight> = {};
    // A source has no input to compare with: every column would count as added.
    if (payload.rowsIn.length === 0) return marks;
    for (const name of payload.columns.added) marks[name] = 'added';
    for (const name of payload.columns.changed) marks[name] = 'changed';
    return marks;
  }, [payload.columns]);
  if (!tab) return <p className="p-4 text-sm text-slate-500">{nodeName} has no outputs to preview.</p>;
  const table = tab.table;

  return (
    <div className="flex min-h-0 flex-1 flex-col">
      <div className="flex flex-wrap items-center gap-x-4 gap-y-1 border-b border-slate-100 px-3 py-1">
        {tabs.length > 1 ? (
          <div role="tablist" aria-label={`Outputs of ${nodeName}`} className="flex gap-1">
            {tabs.map((t) => (
              <button
                key={t.id}
                type="button"
                role="tab"
                id={`${baseId}-${t.id}`}
                aria-selected={t.id === tab.id}
                aria-controls={`${baseId}-panel`}
                onClick={() => setSelected(t.id)}
                className={`rounded px-2 py-0.5 text-xs font-medium ${t.id === tab.id ? 'bg-slate-800 text-white' : 'text-slate-600 hover:bg-slate-100'}`}
              >
                {t.label}
              </button>
            ))}
          </div>
        ) : null}
        {payload.columns.removed.length ? (
          <p className="text-xs text-slate-600">
            Removed: <span className="font-medium text-red-700">{payload.columns.removed.join(', ')}</span>
          </p>
        ) : null}
        {table ? <CutNote table={table} limits={payload.limits} stored={readRows !== undefined} /> : null}
      </div>
      <div role={tabs.length > 1 ? 'tabpanel' : undefined} id={`${baseId}-panel`} aria-labelledby={tabs.length > 1 ? `${baseId}-${tab.id}` : undefined} className="min-h-0 flex-1">
        {table ? (
          <TableGrid
            label={tabs.length > 1 ? `${labelPrefix} ${nodeName}, ${tab.label.replace(/ \(.*\)$/, '').toLowerCase()}` : `${labelPrefix} ${nodeName}`}
            tab={tab}
            variables={variables}
            readRows={readRows}
            highlight={highlight}
          />
        ) : (
          <p className="p-4 text-sm text-slate-600">{tab.message}</p>
        )}
      </div>
    </div>
  );
}

/** One table's grid: the preview's first rows, and further rows asked for as they scroll into view. */
function TableGrid({ label, tab, variables, readRows, highlight }: { label: string; tab: PreviewTab; variables?: PreviewVariables; readRows?: Parameters<typeof PreviewTables>[0]['readRows']; highlight: Record<string, ColumnHighlight> }) {
  return readRows ? <StoredRowsGrid label={label} tab={tab} readRows={readRows} highlight={highlight} /> : <PreviewRowsGrid label={label} tab={tab} variables={variables} highlight={highlight} />;
}

function PreviewRowsGrid({ label, tab, variables, highlight }: { label: string; tab: PreviewTab; variables?: PreviewVariables; highlight: Record<string, ColumnHighlight> }) {
  return <RowsGrid label={label} tab={tab} rows={usePreviewRows(variables, tab.at, tab.table)} highlight={highlight} />;
}

function StoredRowsGrid({ label, tab, readRows, highlight }: { label: string; tab: PreviewTab; readRows: NonNullable<Parameters<typeof PreviewTables>[0]['readRows']>; highlight: Record<string, ColumnHighlight> }) {
  const at = tab.at;
  const fetchWindow: FetchWindow = useCallback(
    (offset, limit, signal) => (at ? readRows(at, offset, limit, signal) : Promise.reject(new Error('This output has no table to read rows from.'))),
    [readRows, at],
  );
  return <RowsGrid label={label} tab={tab} rows={useWindowedRows(tab.table, fetchWindow)} highlight={highlight} />;
}

function RowsGrid({ label, tab, rows, highlight }: { label: string; tab: PreviewTab; rows: ReturnType<typeof usePreviewRows>; highlight: Record<string, ColumnHighlight> }) {
  const table = tab.table!;
  return (
    <DataGrid
      label={label}
      columns={table.schema.columns}
      rowCount={table.rowsAvailable}
      cell={rows.cell}
      onRowsInView={rows.onRowsInView}
      stats={table.stats}
      statsRows={table.rowCount}
      highlight={highlight}
    />
  );
}

function CutNote({ table, limits, stored }: { table: NonNullable<ReturnType<typeof buildTabs>[number]['table']>; limits: OkPayload['limits']; stored: boolean }) {
  const notes: string[] = [];
  if (table.truncated) {
    notes.push(
      stored
        ? `Showing the first ${formatCount(table.rowsAvailable)} of ${formatCount(table.rowCount)} rows (the grid shows at most ${formatCount(limits.rowLimit)}); column summaries count every row.`
        : `Showing ${formatCount(table.rowsAvailable)} of ${formatCount(table.rowCount)} sample rows: the preview shows at most ${formatCount(limits.rowLimit)} rows.`,
    );
  }
  if (table.columnCount > table.schema.columns.length) notes.push(`Showing the first ${formatCount(table.schema.columns.length)} of ${formatCount(table.columnCount)} columns.`);
  return notes.length ? <p className="text-xs text-slate-500">{notes.join(' ')}</p> : null;
}

/** Model and metrics outputs: not computed on samples; the last run's result when there is one. */
export function AfterRunNote({ message, lastOutputs }: { message: string; lastOutputs?: Record<string, unknown> }) {
  const metrics = metricsOf(lastOutputs);
  const facts = Object.values(lastOutputs ?? {}).flatMap((v) => describeOutput(v));
  return (
    <div className="space-y-2 p-4 text-sm">
      <p className="text-slate-600">{message}</p>
      {metrics || facts.length ? (
        <div>
          <h3 className="text-[11px] font-semibold uppercase tracking-wider text-slate-500">Last run</h3>
          <ul className="mt-1 flex flex-wrap gap-x-4 gap-y-1 text-xs text-slate-700">
            {facts.map((f) => (
              <li key={f}>{f}</li>
            ))}
            {metrics
              ? orderedMetrics(metrics).map(([name, value]) => (
                  <li key={name}>
                    {metricLabel(name)}: <span className="font-semibold tabular-nums">{formatMetric(value)}</span>
                  </li>
                ))
              : null}
          </ul>
        </div>
      ) : (
        <p className="text-xs text-slate-500">No run has finished yet.</p>
      )}
      {metrics ? <EvaluationCharts metrics={metrics} layout="grid" /> : null}
      {comparisonOf(lastOutputs) ? <ComparisonCharts comparison={comparisonOf(lastOutputs)} layout="grid" /> : null}
    </div>
  );
}
