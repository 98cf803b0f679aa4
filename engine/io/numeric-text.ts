/** Share of a text column's values that must read as numbers for it to count as numbers written as text ('?' and the like may remain). */
const NUMERIC_SHARE = 0.9;

/** True when most values read as finite numbers, e.g. MPG read as text because of a '?' placeholder. */
export function looksNumeric(values: readonly string[]): boolean {
  if (values.length === 0) return false;
  let numeric = 0;
  for (const v of values) if (v.trim() !== '' && Number.isFinite(Number(v))) numeric++;
  return numeric >= values.length * NUMERIC_SHARE;
}
