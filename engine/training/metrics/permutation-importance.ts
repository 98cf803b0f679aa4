import { createRandom } from '../../kernels/random';
import { sampleRowIndices } from './regression-scores';

export type FeatureImportance = { mean: number; std: number };

export interface PermutationOptions {
  /** Feature columns of the scored rows, in the model's feature order. */
  columns: Float64Array[];
  /** Class indices (−1: missing) or numbers (NaN: missing); rows with a missing truth are not sampled. */
  truth: Int32Array | Float64Array;
  /** The model's predictions for some columns (probabilities rows × classes, or one value per row). */
  predict(columns: Float64Array[]): ArrayLike<number> | Promise<ArrayLike<number>>;
  /** Higher is better, e.g. accuracy or R², from the truth of the sampled rows and their predictions. */
  score(truth: Int32Array | Float64Array, predictions: ArrayLike<number>): number;
  repeats: number;
  seed: number;
  /** Rows scored at most: enough for a stable ranking, few enough that features × repeats stays quick. */
  maxRows: number;
  signal?: AbortSignal;
  progress?(fraction: number): void;
}

/**
 * Permutation importance (Breiman 2001, as scikit-learn's permutation_importance): the drop of the
 * score when one feature's values are shuffled across rows, breaking its link to the target; mean and
 * population std over `repeats` seeded shuffles. Scored on at most `maxRows` sampled rows.
 */
export async function permutationImportance(options: PermutationOptions): Promise<FeatureImportance[]> {
  const { columns, repeats, signal } = options;
  const rows = sampleRowIndices(options.truth, options.maxRows, options.seed);
  const truth = options.truth instanceof Int32Array ? Int32Array.from(rows, (i) => options.truth[i]!) : Float64Array.from(rows, (i) => options.truth[i]!);
  const sampled: Float64Array[] = columns.map((col) => Float64Array.from(rows, (i) => col[i]!));
  const baseline = options.score(truth, await options.predict(sampled));
  const random = createRandom(options.seed ^ 0x9e3779b9);
  const importances: FeatureImportance[] = [];
  for (let f = 0; f < sampled.length; f++) {
    const original = sampled[f]!;
    const drops: number[] = [];
    for (let r = 0; r < repeats; r++) {
      signal?.throwIfAborted();
      sampled[f] = shuffled(original, random);
      drops.push(baseline - options.score(truth, await options.predict(sampled)));
    }
    sampled[f] = original;
    const mean = drops.reduce((s, d) => s + d, 0) / drops.length;
    importances.push({ mean, std: Math.sqrt(drops.reduce((s, d) => s + (d - mean) ** 2, 0) / drops.length) });
    options.progress?.((f + 1) / sampled.length);
  }
  return importances;
}

function shuffled(values: Float64Array, random: () => number): Float64Array {
  const out = Float64Array.from(values);
  for (let i = out.length - 1; i > 0; i--) {
    const j = Math.floor(random() * (i + 1));
    const t = out[i]!;
    out[i] = out[j]!;
    out[j] = t;
  }
  return out;
}
