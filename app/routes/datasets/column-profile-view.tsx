import type { ColumnProfile, Histogram, TopValues } from '../../../engine/kernels/column-profile';
import { formatCount, formatDate, formatDateMean, formatNumber, formatPercent } from './format';
import { TableHead } from './table-head';

/** One row per column: inferred kind, missing share, distinct count, summary figures and a small chart. */
export function ColumnProfileView({ columns }: { columns: ColumnProfile[] }) {
  return (
    <div className="overflow-x-auto rounded-lg border border-slate-200 bg-white">
      <table className="min-w-full text-sm">
        <caption className="sr-only">Column profile</caption>
        <TableHead headings={['Column', 'Type', 'Missing', 'Distinct', 'Min', 'Max', 'Mean', 'Std', 'Distribution']} />
        <tbody className="divide-y divide-slate-100">
          {columns.map((c) => (
            <ProfileRow key={c.name} column={c} />
          ))}
        </tbody>
      </table>
    </div>
  );
}

function ProfileRow({ column: c }: { column: ColumnProfile }) {
  const show = c.kind === 'date' ? formatDate : formatNumber;
  return (
    <tr className="align-top">
      <th scope="row" className="px-3 py-2 text-left font-medium text-slate-900">
        {c.name}
      </th>
      <td className="px-3 py-2 text-slate-600">{c.kind}</td>
      {c.note ? (
        <td colSpan={7} className="px-3 py-2 text-slate-500">
          {c.note}
        </td>
      ) : (
        <>
          <td className="px-3 py-2 tabular-nums">
            {formatPercent(c.missingPercent)} <span className="text-xs text-slate-400">({formatCount(c.missing)})</span>
          </td>
          <td className="px-3 py-2 tabular-nums" title={c.distinctExact ? 'exact' : 'HyperLogLog estimate (±1 %)'}>
            {c.distinct === null ? '—' : `${c.distinctExact ? '' : '≈'}${formatCount(c.distinct)}`}
          </td>
          <td className="whitespace-nowrap px-3 py-2 tabular-nums">{show(c.min)}</td>
          <td className="whitespace-nowrap px-3 py-2 tabular-nums">{show(c.max)}</td>
          <td className="whitespace-nowrap px-3 py-2 tabular-nums">{c.kind === 'date' ? formatDateMean(c.mean, c.min, c.max) : formatNumber(c.mean)}</td>
          <td className="whitespace-nowrap px-3 py-2 tabular-nums">{c.kind === 'date' && c.std !== null ? formatDays(c.std) : formatNumber(c.std)}</td>
          <td className="px-3 py-2">
            {c.histogram && <HistogramChart name={c.name} histogram={c.histogram} format={show} />}
            {c.top && <TopValuesChart name={c.name} top={c.top} />}
          </td>
        </>
      )}
    </tr>
  );
}

const formatDays = (ms: number) => `${formatNumber(ms / 86_400_000)} days`;

const CHART_WIDTH = 160;
const CHART_HEIGHT = 36;

function HistogramChart({ name, histogram, format }: { name: string; histogram: Histogram; format: (n: number) => string }) {
  const peak = Math.max(1, ...histogram.counts);
  const width = CHART_WIDTH / histogram.counts.length;
  const step = (histogram.max - histogram.min) / histogram.counts.length;
  return (
    <figure className="m-0">
      <svg role="img" aria-label={`Histogram of ${name}`} width={CHART_WIDTH} height={CHART_HEIGHT} className="block">
        {histogram.counts.map((count, i) => {
          const height = count === 0 ? 0 : Math.max(1, (count / peak) * CHART_HEIGHT);
          return (
            <rect key={i} x={i * width + 0.5} y={CHART_HEIGHT - height} width={Math.max(1, width - 1)} height={height} className="fill-indigo-400">
              <title>{`${format(histogram.min + i * step)} – ${format(histogram.min + (i + 1) * step)}: ${formatCount(count)}`}</title>
            </rect>
          );
        })}
      </svg>
      <figcaption className="flex justify-between text-[10px] text-slate-400" style={{ width: CHART_WIDTH }}>
        <span>{format(histogram.min)}</span>
        <span>{format(histogram.max)}</span>
      </figcaption>
    </figure>
  );
}

function TopValuesChart({ name, top }: { name: string; top: TopValues }) {
  const bars = [...top.values, ...(top.otherCount > 0 ? [{ value: 'other', count: top.otherCount, other: true }] : [])];
  const peak = Math.max(1, ...bars.map((b) => b.count));
  return (
    <ul aria-label={`Top values of ${name}`} className="space-y-0.5 text-[11px]" style={{ width: CHART_WIDTH + 80 }}>
      {bars.map((b) => (
        <li key={'other' in b ? '\u0000other' : `v:${b.value}`} className="flex items-center gap-1">
          <span className={`w-20 truncate ${'other' in b ? 'italic text-slate-400' : 'text-slate-700'}`} title={b.value}>
            {b.value === '' ? '(empty)' : b.value}
          </span>
          <span className="h-2 rounded-sm bg-emerald-400" style={{ width: Math.max(1, (b.count / peak) * (CHART_WIDTH - 50)) }} aria-hidden />
          <span className="tabular-nums text-slate-500">{formatCount(b.count)}</span>
        </li>
      ))}
    </ul>
  );
}
