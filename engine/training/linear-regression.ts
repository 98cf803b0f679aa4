import { z } from 'zod';
import { UserError } from '../define-node';
import { createCheckpoint, yieldToEventLoop } from './fit-checkpoint';
import { fitLasso } from './lasso';
import { centerDesign, normalEquations, solveNormalEquations, type CenteredDesign } from './least-squares';
import { dot } from './linear-kernels';
import type { FitCallbacks, ModelArtifact, ModelFamily, TrainingSet } from './model-family';
import { linearScores } from './predict-kernels';

const params = z.object({
  penalty: z
    .enum(['none', 'ridge', 'lasso'], { error: 'Penalty must be none (ordinary least squares), ridge or lasso.' })
    .default('none')
    .meta({
      title: 'Penalty',
      description: 'none: ordinary least squares. ridge: ‖y − Xw‖² + alpha·‖w‖², shrinks every weight. lasso: 1/(2n)·‖y − Xw‖² + alpha·‖w‖₁, sets weak features\' weights to exactly 0.',
    }),
  alpha: z
    .number({ error: 'Alpha must be a number, e.g. 1.' })
    .min(0, 'Alpha must be 0 or more: it is the penalty strength.')
    .max(1e9, 'Alpha must be at most 1e9.')
    .default(1)
    .meta({ title: 'Alpha', description: 'Penalty strength for ridge and lasso (ignored with no penalty), as scikit-learn\'s alpha.' }),
  maxIterations: z
    .number({ error: 'Max iterations must be a number, e.g. 1000.' })
    .int('Max iterations must be a whole number.')
    .min(1, 'Max iterations must be at least 1.')
    .max(100_000, 'Max iterations must be at most 100,000.')
    .default(1000)
    .meta({ title: 'Max iterations', description: 'Lasso only: coordinate-descent sweeps before it stops even if not converged.' }),
  tol: z
    .number({ error: 'Tolerance must be a number, e.g. 0.0001.' })
    .positive('Tolerance must be greater than 0, e.g. 0.0001.')
    .max(1, 'Tolerance must be at most 1; 0.0001 is the usual default.')
    .default(1e-4)
    .meta({ title: 'Tolerance', description: 'Lasso only: stops once the duality gap is below tolerance × ‖y‖².' }),
});
export type LinearParams = z.output<typeof params>;

export const linearRegression: ModelFamily<typeof params> = {
  id: 'linear_regression',
  title: 'Linear regression',
  description:
    'Ordinary least squares, ridge or lasso with an intercept, as scikit-learn\'s LinearRegression, Ridge and Lasso. Exact (normal equations) for none and ridge, coordinate descent for lasso. Importance is |weight| × the feature\'s standard deviation: how much a one-std change moves the prediction.',
  tasks: ['regression'],
  params,
  fit: fitLinear,
  predict(artifact, columns, rows) {
    const { weights, intercept } = readArtifact(artifact);
    const out = new Float64Array(rows);
    linearScores(columns, rows, weights, Float64Array.of(intercept), out);
    return out;
  },
  importance(artifact) {
    const { weights, featureStd } = readArtifact(artifact);
    return Float64Array.from(weights, (w, j) => Math.abs(w) * featureStd[j]);
  },
};

async function fitLinear(data: TrainingSet, options: LinearParams, callbacks: FitCallbacks): Promise<ModelArtifact> {
  if (data.task !== 'regression' || !(data.y instanceof Float64Array)) {
    throw new UserError('Linear regression predicts a number; pick a numeric target, or logistic regression for classes.');
  }
  if (data.rows === 0) throw new UserError('Linear regression got no training rows; check the split and filters upstream.');
  callbacks.signal.throwIfAborted();
  const design = centerDesign(data.columns, data.rows, data.y, data.weights);
  let fitted: Fitted;
  try {
    fitted = options.penalty === 'lasso' ? await solveLasso(design, options, callbacks) : await solveLeastSquares(design, options, callbacks);
  } finally {
    design.x.release();
  }
  let intercept = design.yMean;
  fitted.weights.forEach((w, j) => (intercept -= w * design.mean[j]));
  const featureStd = Float64Array.from(fitted.squaredNorms, (squares) => Math.sqrt(squares / design.total));
  callbacks.progress(1, fitted.note ?? (options.penalty === 'lasso' ? `Converged after ${fitted.iterations} sweeps` : 'Solved the normal equations'));
  return { weights: fitted.weights, intercept, featureStd, penalty: options.penalty, alpha: options.alpha, iterations: fitted.iterations, note: fitted.note ?? null };
}

/** squaredNorms: each centred column's Σ w·x², which gives the feature's std for importance without another pass. */
type Fitted = { weights: Float64Array; iterations: number; squaredNorms: Float64Array; note?: string };

async function solveLeastSquares(design: CenteredDesign, options: LinearParams, callbacks: FitCallbacks): Promise<Fitted> {
  // Between the centring and the Gram matrix, the longest steps: a cancel can arrive, and the bundle the
  // Gram matrix's helpers start from (asked for by an earlier fit) can be made, on the event loop.
  await yieldToEventLoop();
  callbacks.signal.throwIfAborted();
  const { gram, xty } = await normalEquations(design);
  callbacks.signal.throwIfAborted();
  const { weights, note } = solveNormalEquations(gram, xty, options.penalty === 'ridge' ? options.alpha : 0);
  // ‖y − Xw‖² from the normal equations, without another pass over the rows.
  const p = weights.length;
  let fittedSquares = 0;
  for (let a = 0; a < p; a++) for (let b = 0; b < p; b++) fittedSquares += weights[a] * gram[a * p + b] * weights[b];
  const squaredError = Math.max(design.x.dot(design.y, design.y) - 2 * dot(weights, xty) + fittedSquares, 0);
  callbacks.curve({ step: 1, loss: squaredError / design.total });
  return { weights, iterations: 1, squaredNorms: Float64Array.from(weights, (_, j) => gram[j * p + j]), note };
}

async function solveLasso(design: CenteredDesign, options: LinearParams, callbacks: FitCallbacks): Promise<Fitted> {
  const checkpoint = createCheckpoint(callbacks.signal);
  const result = await fitLasso(design, {
    alpha: options.alpha,
    maxIterations: options.maxIterations,
    tol: options.tol,
    async onIteration(iteration, objective) {
      callbacks.curve({ step: iteration, loss: objective });
      callbacks.progress(iteration / options.maxIterations, `Sweep ${iteration} of at most ${options.maxIterations}`);
      await checkpoint();
    },
  });
  const note = result.converged ? undefined : `Lasso did not converge in ${result.iterations} sweeps; raise max iterations or the tolerance.`;
  return { weights: result.weights, iterations: result.iterations, squaredNorms: result.squaredNorms, note };
}

function readArtifact(artifact: ModelArtifact): { weights: Float64Array; intercept: number; featureStd: Float64Array } {
  const { weights, intercept, featureStd } = artifact;
  if (!(weights instanceof Float64Array) || typeof intercept !== 'number' || !(featureStd instanceof Float64Array)) {
    throw new Error('Not a linear regression artifact: expected weights, intercept and featureStd.');
  }
  return { weights, intercept, featureStd };
}
