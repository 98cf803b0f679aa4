import { z } from 'zod';
import { UserError } from '../define-node';
import { createCheckpoint } from './fit-checkpoint';
import { minimizeLbfgs, type LbfgsResult } from './lbfgs';
import { createLogisticObjective, meanLogLoss, outputsFor, standardizeDesign, toRawWeights, type Scaling } from './logistic-loss';
import type { FitCallbacks, ModelArtifact, ModelFamily, TrainingSet } from './model-family';
import { binaryProbabilities, softmaxInPlace } from './class-probabilities';
import { linearScores, sigmoidPairs } from './predict-kernels';

/** scikit-learn (≥ 1.4) hands scipy's L-BFGS-B this ftol for LogisticRegression. */
const FUNCTION_TOLERANCE = 64 * Number.EPSILON;

const params = z.object({
  C: z
    .number({ error: 'C must be a number, e.g. 1.' })
    .positive('C must be greater than 0: it is the inverse of the penalty strength (smaller C, stronger penalty; 1 is the usual default).')
    .max(1e9, 'C must be at most 1e9; for practically no penalty use 1e6.')
    .default(1)
    .meta({ title: 'C (inverse regularisation)', description: "Inverse of the L2 penalty's strength, as scikit-learn's C: smaller values shrink the weights more." }),
  maxIterations: z
    .number({ error: 'Max iterations must be a number, e.g. 100.' })
    .int('Max iterations must be a whole number.')
    .min(1, 'Max iterations must be at least 1.')
    .max(10_000, 'Max iterations must be at most 10,000.')
    .default(100)
    .meta({ title: 'Max iterations', description: 'L-BFGS iterations before it stops even if not converged.' }),
  tol: z
    .number({ error: 'Tolerance must be a number, e.g. 0.0001.' })
    .positive('Tolerance must be greater than 0, e.g. 0.0001.')
    .max(1, 'Tolerance must be at most 1; 0.0001 is the usual default.')
    .default(1e-4)
    .meta({ title: 'Tolerance', description: 'Stops once no gradient entry of the (per-row) objective exceeds this.' }),
});
export type LogisticParams = z.output<typeof params>;

export const logisticRegression: ModelFamily<typeof params> = {
  id: 'logistic_regression',
  title: 'Logistic regression',
  description:
    'Multinomial logistic regression with an L2 penalty, fitted by L-BFGS to convergence like scikit-learn\'s LogisticRegression(). Fast and well calibrated on linearly separable signal. Importance is |weight| × the feature\'s standard deviation (averaged over classes): the effect on the log-odds of a one-std change.',
  tasks: ['classification'],
  params,
  fit: fitLogistic,
  predict: predictLogistic,
  importance(artifact) {
    const { weights, intercepts, featureStd } = readArtifact(artifact);
    if (!featureStd) throw new Error('This model was trained by an older version of Pipewright (Train v1), which did not record the spread of its features.');
    const p = featureStd.length;
    return Float64Array.from(featureStd, (std, j) => {
      let total = 0;
      for (let k = 0; k < intercepts.length; k++) total += Math.abs(weights[k * p + j]);
      return (total / intercepts.length) * std;
    });
  },
};

async function fitLogistic(data: TrainingSet, options: LogisticParams, callbacks: FitCallbacks): Promise<ModelArtifact> {
  const y = requireClassTargets(data);
  callbacks.signal.throwIfAborted();
  const outputs = outputsFor(data.classes);
  const design = standardizeDesign(data.columns, data.rows, outputs, data.weights);
  const { scaling } = design;
  let result: LbfgsResult;
  try {
    const objective = createLogisticObjective({ rows: data.rows, y, classes: data.classes, weights: data.weights }, options.C, design);
    const checkpoint = createCheckpoint(callbacks.signal);
    const validationLoss = createValidationLoss(data, scaling, outputs);
    result = await minimizeLbfgs(objective, new Float64Array(outputs * (data.columns.length + 1)), {
      maxIterations: options.maxIterations,
      gradientTolerance: options.tol,
      functionTolerance: FUNCTION_TOLERANCE,
      async onIteration(iteration, loss, theta) {
        callbacks.curve({ step: iteration, loss, ...(validationLoss ? { validationLoss: validationLoss(theta) } : {}) });
        callbacks.progress(iteration / options.maxIterations, `Iteration ${iteration} of at most ${options.maxIterations}`);
        await checkpoint();
      },
    });
  } finally {
    design.x.release();
  }
  const { weights, intercepts } = toRawWeights(result.x, scaling, outputs);
  const converged = result.stop === 'gradient' || result.stop === 'function';
  callbacks.progress(1, converged ? `Converged after ${result.iterations} iterations` : `Stopped after ${result.iterations} iterations (${result.stop}) before converging`);
  const featureStd = Float64Array.from(scaling.std, (std, j) => (scaling.constant[j] ? 0 : std));
  return { classes: data.classes, weights, intercepts, featureStd, iterations: result.iterations, converged };
}

function requireClassTargets(data: TrainingSet): Int32Array {
  if (data.task !== 'classification' || !(data.y instanceof Int32Array)) {
    throw new UserError('Logistic regression predicts classes; pick a category target, or linear regression for a number.');
  }
  if (data.classes < 2) throw new UserError('Logistic regression needs a target with at least two classes.');
  if (data.rows === 0) throw new UserError('Logistic regression got no training rows; check the split and filters upstream.');
  return data.y;
}

function createValidationLoss(data: TrainingSet, scaling: Scaling, outputs: number): ((theta: Float64Array) => number) | undefined {
  const validation = data.validation;
  if (!validation || validation.rows === 0 || !(validation.y instanceof Int32Array)) return undefined;
  const y = validation.y;
  return (theta) => {
    const artifact = { classes: data.classes, ...toRawWeights(theta, scaling, outputs), featureStd: scaling.std };
    return meanLogLoss(predictLogistic(artifact, validation.columns, validation.rows), y, data.classes);
  };
}

/** Class probabilities, rows × classes row-major. */
function predictLogistic(artifact: ModelArtifact, columns: Float64Array[], rows: number): Float64Array {
  const { classes, weights, intercepts } = readArtifact(artifact);
  const outputs = intercepts.length;
  if (outputs === 1) {
    // The scores go in the first half of the probabilities' array, which sigmoidPairs fills in place.
    const out = new Float64Array(2 * rows);
    linearScores(columns, rows, weights, intercepts, out);
    return sigmoidPairs(out, rows, out) ? out : binaryProbabilities(out.slice(0, rows), rows, 'sigmoid');
  }
  const scores = new Float64Array(outputs * rows);
  linearScores(columns, rows, weights, intercepts, scores);
  // Scores come class by class; probabilities go row by row.
  const out = new Float64Array(rows * classes);
  for (let i = 0; i < rows; i++) {
    for (let k = 0; k < classes; k++) out[i * classes + k] = scores[k * rows + i];
    softmaxInPlace(out, i * classes, classes);
  }
  return out;
}

/** `featureStd` is missing only from models converted from Train v1 (see train-v1-model.ts). */
function readArtifact(artifact: ModelArtifact): { classes: number; weights: Float64Array; intercepts: Float64Array; featureStd?: Float64Array } {
  const { classes, weights, intercepts, featureStd } = artifact;
  if (typeof classes !== 'number' || !(weights instanceof Float64Array) || !(intercepts instanceof Float64Array) || !(featureStd === undefined || featureStd instanceof Float64Array)) {
    throw new Error('Not a logistic regression artifact: expected classes, weights, intercepts and featureStd.');
  }
  return { classes, weights, intercepts, ...(featureStd ? { featureStd } : {}) };
}
