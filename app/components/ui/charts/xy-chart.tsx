import { AxisBottom, AxisLeft } from '@visx/axis';
import { Group } from '@visx/group';
import { scaleLinear } from '@visx/scale';
import { Circle, Line, LinePath } from '@visx/shape';
import type { ChartSize } from './chart-figure';

export type XYSeries = { label: string; color: string; x: number[]; y: number[]; points?: boolean };

// The bottom fits the axis title below the tick labels, descenders included (visx puts it ~42 px under the axis).
const MARGIN = { top: 8, right: 12, bottom: 44, left: 46 };
const tickLabel = { fontSize: 10, fill: '#64748b' };
const axisLabel = { fontSize: 10, fill: '#475569' };

function extent(values: number[], fallback: [number, number]): [number, number] {
  const finite = values.filter(Number.isFinite);
  if (!finite.length) return fallback;
  const lo = Math.min(...finite);
  const hi = Math.max(...finite);
  return lo === hi ? [lo - 1, hi + 1] : [lo, hi];
}

/**
 * Lines or points on linear axes, with an optional reference: the diagonal y = x (ROC's chance line,
 * perfect calibration, perfect predictions) or y = 0 (residuals). The SVG is one image named by `label`.
 */
export function XYChart({
  series,
  size,
  label,
  xLabel,
  yLabel,
  xDomain,
  yDomain,
  reference,
}: {
  series: XYSeries[];
  size: ChartSize;
  label: string;
  xLabel: string;
  yLabel: string;
  xDomain?: [number, number];
  yDomain?: [number, number];
  reference?: 'diagonal' | 'zero';
}) {
  const innerWidth = size.width - MARGIN.left - MARGIN.right;
  const innerHeight = size.height - MARGIN.top - MARGIN.bottom;
  const x = scaleLinear<number>({ domain: xDomain ?? extent(series.flatMap((s) => s.x), [0, 1]), range: [0, innerWidth], nice: !xDomain });
  const y = scaleLinear<number>({ domain: yDomain ?? extent(series.flatMap((s) => s.y), [0, 1]), range: [innerHeight, 0], nice: !yDomain });
  const [x0, x1] = x.domain() as [number, number];
  const [y0, y1] = y.domain() as [number, number];
  const ticks = size.width < 400 ? 4 : 8;
  return (
    <svg viewBox={`0 0 ${size.width} ${size.height}`} width="100%" role="img" aria-label={label} className="rounded-md bg-slate-50 ring-1 ring-inset ring-slate-200">
      <Group left={MARGIN.left} top={MARGIN.top}>
        {reference === 'diagonal' ? (
          <Line from={{ x: x(Math.max(x0, y0)), y: y(Math.max(x0, y0)) }} to={{ x: x(Math.min(x1, y1)), y: y(Math.min(x1, y1)) }} stroke="#94a3b8" strokeDasharray="4 3" />
        ) : null}
        {reference === 'zero' && y0 <= 0 && y1 >= 0 ? <Line from={{ x: 0, y: y(0) }} to={{ x: innerWidth, y: y(0) }} stroke="#94a3b8" strokeDasharray="4 3" /> : null}
        {series.map((s) =>
          s.points ? (
            <g key={s.label} fill={s.color} fillOpacity={0.45}>
              {s.x.map((xv, i) => (
                <Circle key={i} cx={x(xv)} cy={y(s.y[i]!)} r={size.width < 400 ? 1.8 : 2.6} />
              ))}
            </g>
          ) : (
            <LinePath key={s.label} data={s.x.map((_, i) => i)} x={(i) => x(s.x[i]!)} y={(i) => y(s.y[i]!)} stroke={s.color} strokeWidth={1.6} strokeLinejoin="round" />
          ),
        )}
        <AxisBottom top={innerHeight} scale={x} numTicks={ticks} label={xLabel} stroke="#cbd5e1" tickStroke="#cbd5e1" tickLabelProps={tickLabel} labelProps={axisLabel} />
        <AxisLeft scale={y} numTicks={4} label={yLabel} stroke="#cbd5e1" tickStroke="#cbd5e1" tickLabelProps={tickLabel} labelProps={axisLabel} labelOffset={28} />
      </Group>
    </svg>
  );
}
