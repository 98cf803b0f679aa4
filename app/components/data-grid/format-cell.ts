import type { GridCell } from './types';

/**
 * Numbers with at most 6 significant digits (no float noise such as 0.30000000000000004), text as is;
 * a 'date' column's epoch milliseconds as an ISO date, with the time only when it is not midnight UTC.
 */
export function formatCell(value: GridCell, kind?: string): string {
  if (value === null) return '';
  if (typeof value === 'string') return value;
  if (kind === 'date' && Number.isFinite(value)) return formatDate(value);
  if (Number.isInteger(value)) return value.toLocaleString('en-US', { useGrouping: false });
  if (!Number.isFinite(value)) return String(value);
  return String(Number(value.toPrecision(6)));
}

export { formatCount } from '../../../engine/format-count';

/** Epoch milliseconds (date columns) as an ISO date, with the time only when it is not midnight UTC. */
export function formatDate(ms: number): string {
  const iso = new Date(ms).toISOString();
  if (iso.endsWith('T00:00:00.000Z')) return iso.slice(0, 10);
  return iso.endsWith('.000Z') ? `${iso.slice(0, 19)}Z` : iso;
}
