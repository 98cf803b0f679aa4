import { AxisBottom } from '@visx/axis';
import { Group } from '@visx/group';
import { scaleBand, scaleLinear } from '@visx/scale';
import { Bar, Line } from '@visx/shape';
import type { ChartSize } from './chart-figure';

export type ImportanceBar = { label: string; value: number; std?: number };

const ROW = 18;
// The bottom fits the axis title below the tick labels, descenders included (visx puts it ~42 px under the axis).
const MARGIN = { top: 4, right: 12, bottom: 44 };
const short = (s: string, n: number) => (s.length > n ? `${s.slice(0, n - 1)}…` : s);

/** Horizontal bars, largest first as given, with ±std whiskers where a row has one. */
export function ImportanceBars({ rows, size, label, valueLabel }: { rows: ImportanceBar[]; size: ChartSize; label: string; valueLabel: string }) {
  const left = size.width < 400 ? 92 : 180;
  const innerWidth = size.width - left - MARGIN.right;
  const innerHeight = rows.length * ROW;
  const height = innerHeight + MARGIN.top + MARGIN.bottom;
  const lows = rows.map((r) => Math.min(0, r.value - (r.std ?? 0)));
  const highs = rows.map((r) => Math.max(0, r.value + (r.std ?? 0)));
  const x = scaleLinear<number>({ domain: [Math.min(0, ...lows), Math.max(1e-9, ...highs)], range: [0, innerWidth], nice: true });
  const y = scaleBand<string>({ domain: rows.map((r) => r.label), range: [0, innerHeight], padding: 0.25 });
  const band = y.bandwidth();
  return (
    <svg viewBox={`0 0 ${size.width} ${height}`} width="100%" role="img" aria-label={label} className="rounded-md bg-slate-50 ring-1 ring-inset ring-slate-200">
      <Group left={left} top={MARGIN.top}>
        {rows.map((r) => {
          const top = y(r.label) ?? 0;
          const mid = top + band / 2;
          return (
            <g key={r.label}>
              <text x={-6} y={mid} dy="0.32em" textAnchor="end" fontSize={10} fill="#334155">
                <title>{r.label}</title>
                {short(r.label, size.width < 400 ? 14 : 30)}
              </text>
              <Bar x={Math.min(x(0), x(r.value))} y={top} width={Math.abs(x(r.value) - x(0))} height={band} fill="#6366f1" rx={2} />
              {r.std ? (
                <g stroke="#1e293b" strokeWidth={1}>
                  <Line from={{ x: x(r.value - r.std), y: mid }} to={{ x: x(r.value + r.std), y: mid }} />
                  <Line from={{ x: x(r.value - r.std), y: mid - 3 }} to={{ x: x(r.value - r.std), y: mid + 3 }} />
                  <Line from={{ x: x(r.value + r.std), y: mid - 3 }} to={{ x: x(r.value + r.std), y: mid + 3 }} />
                </g>
              ) : null}
            </g>
          );
        })}
        <Line from={{ x: x(0), y: 0 }} to={{ x: x(0), y: innerHeight }} stroke="#94a3b8" />
        <AxisBottom top={innerHeight} scale={x} numTicks={4} label={valueLabel} stroke="#cbd5e1" tickStroke="#cbd5e1" tickLabelProps={{ fontSize: 10, fill: '#64748b' }} labelProps={{ fontSize: 10, fill: '#475569' }} />
      </Group>
    </svg>
  );
}
