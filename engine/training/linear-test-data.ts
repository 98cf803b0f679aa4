import { createRandom } from '../kernels/random';
import type { CurvePoint, FitCallbacks, TrainingSet } from './model-family';

/** Test fixtures shared by the linear and logistic families' tests: seeded data and recording callbacks. */

/** A standard normal draw from two uniforms (Box–Muller). */
export function createNormal(seed: number): () => number {
  const random = createRandom(seed);
  return () => Math.sqrt(-2 * Math.log(1 - random())) * Math.cos(2 * Math.PI * random());
}

export function recordingCallbacks(signal = new AbortController().signal): FitCallbacks & { points: CurvePoint[]; messages: [number, string][] } {
  const points: CurvePoint[] = [];
  const messages: [number, string][] = [];
  return { signal, points, messages, curve: (point) => points.push(point), progress: (fraction, message) => messages.push([fraction, message]) };
}

/** Column-major features from row-major literals, as fit takes them. */
export function columnsOf(rows: number[][]): Float64Array[] {
  return rows[0].map((_, j) => Float64Array.from(rows, (row) => row[j]));
}

/** Gaussian blobs around `centers`, `perClass` rows each, labelled by blob. */
export function blobs(centers: number[][], perClass: number, spread: number, seed: number): TrainingSet {
  const normal = createNormal(seed);
  const rows: number[][] = [];
  const y: number[] = [];
  centers.forEach((center, label) => {
    for (let i = 0; i < perClass; i++) {
      rows.push(center.map((c) => c + spread * normal()));
      y.push(label);
    }
  });
  return { task: 'classification', columns: columnsOf(rows), rows: rows.length, y: Int32Array.from(y), classes: centers.length, seed };
}

export function accuracy(probabilities: Float64Array, y: Int32Array, classes: number): number {
  let correct = 0;
  for (let i = 0; i < y.length; i++) {
    let best = 0;
    for (let k = 1; k < classes; k++) if (probabilities[i * classes + k] > probabilities[i * classes + best]) best = k;
    if (best === y[i]) correct++;
  }
  return correct / y.length;
}
