import type { FittedStep } from '../define-node';

/**
 * A numeric target that a Rescale step scaled on its way to Train. Rescale runs before Train and picks
 * every numeric column by default, so it cannot know which one Train will predict; a regression model
 * fitted on the scaled target would answer in scaled units (MPG as z-scores). As Dataiku (features only)
 * and scikit-learn's Pipeline (X only) treat a target, Train undoes the scaling: the model learns and
 * predicts the target in its own units, and the test target is put back the same way before scoring.
 * Each entry is one Rescale's `(x − center) / scale + offset`, in the order the steps applied them.
 */
export type TargetScaling = { center: number; scale: number; offset: number }[];

/** Rescale's node type (its type string predates the Rescale title and never changes). */
const RESCALE = 'standard-scale';
type SavedEntry = { column: string; center?: number; mean?: number; scale: number; offset?: number };

export function findTargetScaling(fitted: readonly FittedStep[], target: string): TargetScaling | undefined {
  const scaling: TargetScaling = [];
  for (const step of fitted) {
    if (step.type !== RESCALE) continue;
    const entry = (step.state as { columns: SavedEntry[] }).columns.find((c) => c.column === target);
    if (entry) scaling.push({ center: entry.center ?? entry.mean ?? 0, scale: entry.scale, offset: entry.offset ?? 0 });
  }
  return scaling.length > 0 ? scaling : undefined;
}

/** The values in the target's own units: each Rescale inverted, last one first. */
export function unscaleTarget(values: Float64Array, scaling: TargetScaling): Float64Array {
  const out = Float64Array.from(values);
  for (let s = scaling.length - 1; s >= 0; s--) {
    const { center, scale, offset } = scaling[s];
    for (let i = 0; i < out.length; i++) out[i] = (out[i] - offset) * scale + center;
  }
  return out;
}
