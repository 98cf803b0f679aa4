/** Display formats for the Datasets pages; the same on server and client so hydration matches. */
import { formatDate as formatDateCell } from '../../components/data-grid/format-cell';

export function formatBytes(bytes: number): string {
  if (bytes < 1024) return `${bytes} B`;
  const units = ['KB', 'MB', 'GB', 'TB'];
  let value = bytes / 1024;
  let unit = 0;
  while (value >= 1024 && unit < units.length - 1) {
    value /= 1024;
    unit++;
  }
  return `${value < 10 ? value.toFixed(1) : Math.round(value)} ${units[unit]}`;
}

export { formatCount, formatCountOf } from '../../../engine/format-count';

/** Up to four significant digits, plain notation for everyday magnitudes. */
export function formatNumber(n: number | null): string {
  if (n === null) return '—';
  if (Number.isInteger(n) && Math.abs(n) < 1e15) return n.toLocaleString('en-US');
  const abs = Math.abs(n);
  if (abs !== 0 && (abs < 1e-3 || abs >= 1e9)) return n.toExponential(3);
  return n.toLocaleString('en-US', { maximumSignificantDigits: 4 });
}

export function formatPercent(p: number): string {
  if (p === 0 || p === 100) return `${p}%`;
  return p < 0.1 ? '<0.1%' : `${p.toFixed(1)}%`;
}

/** A profile's date statistic, written as the sample grid writes dates. */
export function formatDate(ms: number | null): string {
  return ms === null ? '—' : formatDateCell(ms);
}

/**
 * A date column's mean, which falls between days and milliseconds: to the day when the column holds whole days
 * (its min and max are midnight UTC), else to the minute.
 */
export function formatDateMean(mean: number | null, min: number | null, max: number | null): string {
  if (mean === null) return '—';
  const wholeDays = [min, max].every((ms) => ms !== null && ms % 86_400_000 === 0);
  const unit = wholeDays ? 86_400_000 : 60_000;
  return formatDateCell(Math.round(mean / unit) * unit);
}
