import { formatCell, formatCount } from './format-cell';
import type { ColumnStats } from './types';

const WIDTH = 84;
const HEIGHT = 18;

/**
 * A histogram (numbers, dates) or a top-values bar (categories), small enough for a column header. `kind`
 * is the column's (GridColumn.kind): a date column's range is written as dates, as its cells are.
 */
export function ColumnSparkline({ stats, rows, kind }: { stats: ColumnStats; rows: number; kind?: string }) {
  if (stats.histogram) return <Histogram {...stats.histogram} kind={kind} />;
  if (stats.top?.length) return <TopValues top={stats.top} distinct={stats.distinct ?? stats.top.length} rows={rows - stats.missing} />;
  return <span className="h-[18px]" />;
}

function Histogram({ min, max, bins, kind }: { min: number; max: number; bins: number[]; kind?: string }) {
  const highest = Math.max(1, ...bins);
  const width = WIDTH / bins.length;
  const title = `Histogram from ${formatCell(min, kind)} to ${formatCell(max, kind)}`;
  return (
    <svg width={WIDTH} height={HEIGHT} role="img" aria-label={title} className="shrink-0 text-sky-500">
      <title>{title}</title>
      {bins.map((count, i) => {
        const h = count === 0 ? 0 : Math.max(1.5, (count / highest) * HEIGHT);
        return <rect key={i} x={i * width + 0.5} y={HEIGHT - h} width={Math.max(1, width - 1)} height={h} fill="currentColor" />;
      })}
    </svg>
  );
}

const SHADES = ['#6366f1', '#818cf8', '#a5b4fc', '#c7d2fe', '#e0e7ff'];

function TopValues({ top, distinct, rows }: { top: { value: string; count: number }[]; distinct: number; rows: number }) {
  const total = Math.max(1, rows);
  const title = `${formatCount(distinct)} distinct; most frequent: ${top.map((t) => `${t.value} (${formatCount(t.count)})`).join(', ')}`;
  let x = 0;
  return (
    <svg width={WIDTH} height={HEIGHT} role="img" aria-label={title} className="shrink-0">
      <title>{title}</title>
      <rect x={0} y={5} width={WIDTH} height={8} rx={2} fill="#f1f5f9" />
      {top.map((t, i) => {
        const w = (t.count / total) * WIDTH;
        const rect = <rect key={t.value} x={x} y={5} width={Math.max(0, w - 1)} height={8} fill={SHADES[i % SHADES.length]} />;
        x += w;
        return rect;
      })}
    </svg>
  );
}
