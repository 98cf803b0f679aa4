import type { CenteredDesign } from './least-squares';

/**
 * Cyclic coordinate descent for scikit-learn's Lasso objective 1/(2n)·‖y − Xw‖² + α‖w‖₁ on a centred
 * design, with its stopping rule: once the largest weight change is below tol × the largest weight, the
 * duality gap is computed and the loop ends when it is below tol · ‖y‖² (sklearn's cd_fast does the same).
 */
export type LassoOptions = {
  alpha: number;
  maxIterations: number;
  tol: number;
  onIteration?(iteration: number, objective: number): void | Promise<void>;
};

export async function fitLasso(design: CenteredDesign, options: LassoOptions): Promise<{ weights: Float64Array; iterations: number; converged: boolean; squaredNorms: Float64Array }> {
  const { x, y, total } = design;
  const p = x.features;
  const weights = new Float64Array(p);
  const residual = x.vector(1);
  residual.set(y);
  const columns = Array.from({ length: p }, (_, j) => x.column(j));
  const squaredNorms = Float64Array.from(columns, (column) => x.dot(column, column));
  const penalty = options.alpha * total;
  const gapTolerance = options.tol * x.dot(y, y);
  for (let iteration = 1; iteration <= options.maxIterations; iteration++) {
    let largestWeight = 0;
    let largestChange = 0;
    for (let j = 0; j < p; j++) {
      if (squaredNorms[j] === 0) continue;
      const old = weights[j];
      const correlation = x.dot(columns[j], residual) + old * squaredNorms[j];
      const shrunk = Math.abs(correlation) - penalty;
      const next = shrunk > 0 ? (Math.sign(correlation) * shrunk) / squaredNorms[j] : 0;
      if (next !== old) x.axpy(old - next, columns[j], residual);
      weights[j] = next;
      largestChange = Math.max(largestChange, Math.abs(next - old));
      largestWeight = Math.max(largestWeight, Math.abs(next));
    }
    await options.onIteration?.(iteration, x.dot(residual, residual) / (2 * total) + options.alpha * l1Norm(weights));
    const settled = largestWeight === 0 || largestChange / largestWeight < options.tol || iteration === options.maxIterations;
    if (settled && dualityGap(design, weights, residual, penalty) < gapTolerance) return { weights, iterations: iteration, converged: true, squaredNorms };
  }
  return { weights, iterations: options.maxIterations, converged: false, squaredNorms };
}

/** The Lasso's duality gap at `weights` (scikit-learn's formula, penalty = α·n). */
function dualityGap(design: CenteredDesign, weights: Float64Array, residual: Float64Array, penalty: number): number {
  const { x, y } = design;
  const correlations = new Float64Array(weights.length);
  x.dotColumns(residual, correlations);
  let dualNorm = 0;
  for (const value of correlations) dualNorm = Math.max(dualNorm, Math.abs(value));
  const residualNorm = x.dot(residual, residual);
  const scale = dualNorm > penalty ? penalty / dualNorm : 1;
  const gap = dualNorm > penalty ? 0.5 * residualNorm * (1 + scale * scale) : residualNorm;
  return gap + penalty * l1Norm(weights) - scale * x.dot(residual, y);
}

function l1Norm(values: Float64Array): number {
  let total = 0;
  for (const value of values) total += Math.abs(value);
  return total;
}
