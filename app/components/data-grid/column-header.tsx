import type { CSSProperties } from 'react';
import { ColumnSparkline } from './column-sparkline';
import { formatCount } from './format-cell';
import type { ColumnHighlight, ColumnStats, GridColumn } from './types';

/** Known kinds get their own glyph; any other (a kind added later) shows its name's first letter. */
const KIND_ICONS: Record<string, { glyph: string; label: string; className: string }> = {
  number: { glyph: '#', label: 'number', className: 'bg-sky-50 text-sky-700' },
  category: { glyph: 'Aa', label: 'category', className: 'bg-indigo-50 text-indigo-700' },
  date: { glyph: '◷', label: 'date', className: 'bg-amber-50 text-amber-700' },
};

const HIGHLIGHTS: Record<ColumnHighlight, { className: string; label: string }> = {
  added: { className: 'bg-emerald-50 ring-1 ring-inset ring-emerald-300', label: 'added by this step' },
  changed: { className: 'bg-amber-50 ring-1 ring-inset ring-amber-300', label: 'changed by this step' },
};

export function ColumnHeader({
  column,
  index,
  stats,
  rows,
  highlight,
  style,
}: {
  column: GridColumn;
  index: number;
  stats?: ColumnStats;
  rows: number;
  highlight?: ColumnHighlight;
  style: CSSProperties;
}) {
  const icon = KIND_ICONS[column.kind] ?? { glyph: column.kind.charAt(0).toUpperCase(), label: column.kind, className: 'bg-slate-100 text-slate-600' };
  const mark = highlight ? HIGHLIGHTS[highlight] : undefined;
  return (
    <div
      role="columnheader"
      aria-colindex={index + 2}
      aria-label={`${column.name}, ${icon.label} column${mark ? `, ${mark.label}` : ''}${stats ? `, ${describeMissing(stats.missing)}` : ''}`}
      title={column.name}
      style={style}
      className={`absolute top-0 flex h-full flex-col justify-between gap-0.5 border-b border-r border-slate-200 px-2 py-1 ${mark?.className ?? 'bg-slate-50'}`}
    >
      <span className="flex min-w-0 items-center gap-1.5">
        <span aria-hidden="true" className={`shrink-0 rounded px-1 font-mono text-[10px] font-semibold ${icon.className}`}>
          {icon.glyph}
        </span>
        <span className="truncate text-xs font-semibold text-slate-800">{column.name}</span>
      </span>
      {stats ? (
        <span className="flex items-end justify-between gap-1">
          <ColumnSparkline stats={stats} rows={rows} kind={column.kind} />
          <span className={`whitespace-nowrap text-[10px] ${stats.missing ? 'text-amber-700' : 'text-slate-400'}`}>
            {describeMissing(stats.missing)}
          </span>
        </span>
      ) : null}
    </div>
  );
}

function describeMissing(missing: number) {
  return missing ? `${formatCount(missing)} missing` : 'none missing';
}
