/** A curve as parallel x/y arrays, the shape charts and the port encoder both take cheaply. */
export type CurvePoints = { x: number[]; y: number[] };

export const MAX_CURVE_POINTS = 200;

/**
 * At most `max` points that keep the curve's shape: largest-triangle-three-buckets (Steinarsson 2013)
 * keeps, per bucket, the point that spans the largest triangle with its neighbours, so corners survive
 * where an even stride would cut them; the first and last points are always kept.
 */
export function thinCurve(curve: { x: ArrayLike<number>; y: ArrayLike<number> }, max = MAX_CURVE_POINTS): CurvePoints {
  const n = curve.x.length;
  if (n <= max || max < 3) return { x: Array.from(curve.x), y: Array.from(curve.y) };
  const { x, y } = curve;
  const out: CurvePoints = { x: [x[0]!], y: [y[0]!] };
  const bucket = (n - 2) / (max - 2);
  let kept = 0;
  for (let b = 0; b < max - 2; b++) {
    const start = Math.floor(b * bucket) + 1;
    const end = Math.floor((b + 1) * bucket) + 1;
    const nextEnd = Math.min(n, Math.floor((b + 2) * bucket) + 1);
    let meanX = 0;
    let meanY = 0;
    for (let i = end; i < nextEnd; i++) {
      meanX += x[i]!;
      meanY += y[i]!;
    }
    const count = Math.max(1, nextEnd - end);
    meanX = nextEnd > end ? meanX / count : x[n - 1]!;
    meanY = nextEnd > end ? meanY / count : y[n - 1]!;
    let best = start;
    let bestArea = -1;
    for (let i = start; i < end; i++) {
      const area = Math.abs((x[kept]! - meanX) * (y[i]! - y[kept]!) - (x[kept]! - x[i]!) * (meanY - y[kept]!));
      if (area > bestArea) {
        bestArea = area;
        best = i;
      }
    }
    out.x.push(x[best]!);
    out.y.push(y[best]!);
    kept = best;
  }
  out.x.push(x[n - 1]!);
  out.y.push(y[n - 1]!);
  return out;
}
