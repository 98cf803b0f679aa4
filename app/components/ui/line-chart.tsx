export type Series = { label: string; color: string; points: { x: number; y: number }[] };

const W = 280;
const H = 120;
const PAD = { left: 30, right: 8, top: 8, bottom: 20 };

const tick = (v: number) => (Math.abs(v) >= 100 ? v.toFixed(0) : Math.abs(v) >= 10 ? v.toFixed(1) : v.toFixed(2));

/** A small multi-series line chart (SVG, no dependencies) with its data summarised in the accessible name. */
export function LineChart({ title, xLabel, series }: { title: string; xLabel: string; series: Series[] }) {
  const all = series.flatMap((s) => s.points);
  if (all.length < 2) return null;
  const [x0, x1] = [Math.min(...all.map((p) => p.x)), Math.max(...all.map((p) => p.x))];
  const y1 = Math.max(...all.map((p) => p.y), 0);
  const y0 = Math.min(...all.map((p) => p.y), 0);
  const sx = (x: number) => PAD.left + ((x - x0) / (x1 - x0 || 1)) * (W - PAD.left - PAD.right);
  const sy = (y: number) => H - PAD.bottom - ((y - y0) / (y1 - y0 || 1)) * (H - PAD.top - PAD.bottom);
  const summary = series
    .filter((s) => s.points.length)
    .map((s) => `${s.label} from ${tick(s.points[0]!.y)} to ${tick(s.points.at(-1)!.y)}`)
    .join('; ');
  return (
    <figure className="space-y-1">
      <figcaption className="flex items-center justify-between text-[11px] text-slate-500">
        <span>{title}</span>
        <span className="flex gap-2">
          {series.map((s) => (
            <span key={s.label} className="inline-flex items-center gap-1">
              <span aria-hidden="true" className="inline-block h-0.5 w-3" style={{ background: s.color }} />
              {s.label}
            </span>
          ))}
        </span>
      </figcaption>
      <svg viewBox={`0 0 ${W} ${H}`} role="img" aria-label={`${title} over ${xLabel}: ${summary}`} className="w-full rounded-md bg-slate-50 ring-1 ring-inset ring-slate-200">
        <line x1={PAD.left} y1={sy(y0)} x2={W - PAD.right} y2={sy(y0)} className="stroke-slate-300" />
        <line x1={PAD.left} y1={PAD.top} x2={PAD.left} y2={H - PAD.bottom} className="stroke-slate-300" />
        <text x={PAD.left - 4} y={sy(y1) + 3} textAnchor="end" className="fill-slate-500 text-[9px]">{tick(y1)}</text>
        <text x={PAD.left - 4} y={sy(y0) + 3} textAnchor="end" className="fill-slate-500 text-[9px]">{tick(y0)}</text>
        <text x={PAD.left} y={H - 6} className="fill-slate-500 text-[9px]">{x0}</text>
        <text x={W - PAD.right} y={H - 6} textAnchor="end" className="fill-slate-500 text-[9px]">{`${xLabel} ${x1}`}</text>
        {series.map((s) => (
          <polyline
            key={s.label}
            fill="none"
            stroke={s.color}
            strokeWidth={1.5}
            strokeLinejoin="round"
            points={s.points.map((p) => `${sx(p.x).toFixed(1)},${sy(p.y).toFixed(1)}`).join(' ')}
          />
        ))}
      </svg>
    </figure>
  );
}
