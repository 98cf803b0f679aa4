import type { GridCell } from './types';

/** A value this many times smaller than its column's largest magnitude is rounding left over from arithmetic. */
const ROUNDING = 1e-12;

/**
 * Numbers with at most 6 significant digits (no float noise such as 0.30000000000000004), text as is;
 * a 'date' column's epoch milliseconds as an ISO date, with the time only when it is not midnight UTC.
 * `magnitude` (the column's largest |value|, when known) turns rounding residue into 0: a standardised
 * value equal to its column's mean comes out as -8.9e-16, not 0, and read as a number that means nothing.
 */
export function formatCell(value: GridCell, kind?: string, magnitude?: number): string {
  if (value === null) return '';
  if (typeof value === 'string') return value;
  if (kind === 'date' && Number.isFinite(value)) return formatDate(value);
  if (Number.isInteger(value)) return value.toLocaleString('en-US', { useGrouping: false });
  if (!Number.isFinite(value)) return String(value);
  if (magnitude !== undefined && Math.abs(value) <= magnitude * ROUNDING) return '0';
  return String(Number(value.toPrecision(6)));
}

/** The largest |value| a column's histogram spans, for formatCell; undefined when unknown or infinite (a column holding 1/0). */
export function magnitudeOf(histogram: { min: number; max: number } | undefined): number | undefined {
  const magnitude = histogram ? Math.max(Math.abs(histogram.min), Math.abs(histogram.max)) : NaN;
  return Number.isFinite(magnitude) ? magnitude : undefined;
}

export { formatCount } from '../../../engine/format-count';

/** Epoch milliseconds (date columns) as an ISO date, with the time only when it is not midnight UTC. */
export function formatDate(ms: number): string {
  const iso = new Date(ms).toISOString();
  if (iso.endsWith('T00:00:00.000Z')) return iso.slice(0, 10);
  return iso.endsWith('.000Z') ? `${iso.slice(0, 19)}Z` : iso;
}
