/**
 * The bench's table: one named line per figure with ours, the peers and the ratios from the same run,
 * so a figure is never compared with a number measured on another day or another load.
 */
export interface Figure {
  name: string;
  unit: 's' | 'ms' | 'MB' | 'runs/min';
  ours: number;
  pandas?: number;
  polars?: number;
}

export function median(values: number[]): number {
  if (values.length === 0) throw new Error('median() got no values: a benchmark figure needs at least one run.');
  const sorted = [...values].sort((a, b) => a - b);
  const mid = sorted.length >> 1;
  return sorted.length % 2 ? sorted[mid] : (sorted[mid - 1] + sorted[mid]) / 2;
}

function formatValue(value: number | undefined, unit: Figure['unit']): string {
  if (value === undefined) return '—';
  if (unit === 's') return `${value.toFixed(3)} s`;
  if (unit === 'runs/min') return `${value.toFixed(1)} runs/min`;
  return unit === 'ms' ? `${value.toFixed(2)} ms` : `${Math.round(value)} MB`;
}

function formatRatio(ours: number, peer: number | undefined): string {
  return peer === undefined || peer === 0 ? '—' : `${(ours / peer).toFixed(2)}×`;
}

const HEADER = ['figure', 'ours', 'pandas', 'polars', 'ours/polars', 'ours/pandas'];

export function formatTable(figures: Figure[]): string {
  const rows = figures.map((f) => [
    f.name,
    formatValue(f.ours, f.unit),
    formatValue(f.pandas, f.unit),
    formatValue(f.polars, f.unit),
    formatRatio(f.ours, f.polars),
    formatRatio(f.ours, f.pandas),
  ]);
  const widths = HEADER.map((h, i) => Math.max(h.length, ...rows.map((r) => r[i].length)));
  const line = (cells: string[]) => cells.map((c, i) => (i === 0 ? c.padEnd(widths[i]) : c.padStart(widths[i]))).join('  ');
  return [line(HEADER), line(widths.map((w) => '-'.repeat(w))), ...rows.map(line)].join('\n');
}

/** Names every engine whose result differs from ours, so a mismatch is reported instead of timed. */
export function findShapeMismatches(ours: object, peers: Record<string, object | undefined>): string[] {
  const expected = JSON.stringify(ours);
  return Object.entries(peers)
    .filter(([, shape]) => shape !== undefined && JSON.stringify(shape) !== expected)
    .map(([name, shape]) => `${name} produced ${JSON.stringify(shape)} but ours produced ${expected}`);
}
