import type { GridCell } from './types';

/** Numbers with at most 6 significant digits (no float noise such as 0.30000000000000004), text as is. */
export function formatCell(value: GridCell): string {
  if (value === null) return '';
  if (typeof value === 'string') return value;
  if (Number.isInteger(value)) return value.toLocaleString('en-US', { useGrouping: false });
  if (!Number.isFinite(value)) return String(value);
  return String(Number(value.toPrecision(6)));
}

export function formatCount(n: number): string {
  return n.toLocaleString('en-US');
}
