import type { Objective } from './lbfgs';
import { addLinear, dotColumns, sum } from './linear-kernels';

/**
 * The L2-penalised log-loss scikit-learn's LogisticRegression minimises, Σ w_i·logloss_i + ‖W‖²/(2C)
 * (intercepts not penalised), divided by Σ w_i as scikit-learn ≥ 1.4 does so the tolerance reads the same
 * for any number of rows. L-BFGS works in standardised coordinates θ_kj = W_kj·std_j with centred
 * features: the same objective and minimum, but a far better-conditioned problem. Binary problems fit one
 * weight vector (sigmoid), more classes one per class (softmax).
 */
export type LogisticData = { columns: Float64Array[]; rows: number; y: Int32Array; classes: number; weights?: Float64Array };
/** Features are centred on `mean` and scaled by `std`; a `constant` column carries no signal and keeps weight 0. */
export type Scaling = { mean: Float64Array; std: Float64Array; constant: Uint8Array };

export function outputsFor(classes: number): number {
  return classes === 2 ? 1 : classes;
}

/** θ (outputs × (features + 1), intercept last) → raw weights (outputs × features) and intercepts. */
export function toRawWeights(theta: Float64Array, scaling: Scaling, outputs: number): { weights: Float64Array; intercepts: Float64Array } {
  const p = scaling.mean.length;
  const weights = new Float64Array(outputs * p);
  const intercepts = new Float64Array(outputs);
  for (let k = 0; k < outputs; k++) {
    let shift = 0;
    for (let j = 0; j < p; j++) {
      const w = theta[k * (p + 1) + j] / scaling.std[j];
      weights[k * p + j] = w;
      shift += w * scaling.mean[j];
    }
    intercepts[k] = theta[k * (p + 1) + p] - shift;
  }
  return { weights, intercepts };
}

/** Scores z = X·Wᵀ + b, class-major (output k's rows at k·rows…), into `out`. */
export function linearScores(columns: Float64Array[], rows: number, weights: Float64Array, intercepts: Float64Array, out: Float64Array): void {
  const p = columns.length;
  for (let k = 0; k < intercepts.length; k++) {
    const z = out.subarray(k * rows, (k + 1) * rows);
    z.fill(intercepts[k]);
    addLinear(columns, weights.subarray(k * p, (k + 1) * p), z);
  }
}

export function createLogisticObjective(data: LogisticData, C: number, scaling: Scaling): Objective {
  const { columns, rows, y, weights } = data;
  const p = columns.length;
  const outputs = outputsFor(data.classes);
  const total = weights ? sum(weights) : rows;
  const scores = new Float64Array(outputs * rows);
  const rawGradient = new Float64Array(p);
  return (theta, gradient) => {
    const raw = toRawWeights(theta, scaling, outputs);
    linearScores(columns, rows, raw.weights, raw.intercepts, scores);
    // After this call `scores` holds the residuals ∂loss/∂z (weighted).
    const loss = outputs === 1 ? binaryLossResiduals(scores, y, weights) : softmaxLossResiduals(scores, rows, outputs, y, weights);
    let penalty = 0;
    for (let k = 0; k < outputs; k++) {
      const residual = scores.subarray(k * rows, (k + 1) * rows);
      dotColumns(columns, residual, rawGradient);
      const residualSum = sum(residual);
      for (let j = 0; j < p; j++) {
        const t = theta[k * (p + 1) + j];
        const inverseVariance = 1 / (scaling.std[j] * scaling.std[j]);
        penalty += t * t * inverseVariance;
        // Σ r·x − mean·Σ r is rounding noise for a constant column; its exact gradient is the penalty's alone.
        const dataGradient = scaling.constant[j] ? 0 : (rawGradient[j] - scaling.mean[j] * residualSum) / scaling.std[j];
        gradient[k * (p + 1) + j] = (dataGradient + (t * inverseVariance) / C) / total;
      }
      gradient[k * (p + 1) + p] = residualSum / total;
    }
    return (loss + penalty / (2 * C)) / total;
  };
}

/** Σ w_i·(log(1 + e^z) − y·z); z becomes w_i·(σ(z) − y). */
function binaryLossResiduals(z: Float64Array, y: Int32Array, weights?: Float64Array): number {
  let loss = 0;
  for (let i = 0; i < z.length; i++) {
    const zi = z[i];
    const target = y[i];
    const w = weights ? weights[i] : 1;
    const e = Math.exp(-Math.abs(zi));
    loss += w * ((zi > 0 ? zi : 0) + Math.log1p(e) - target * zi);
    const probability = zi >= 0 ? 1 / (1 + e) : e / (1 + e);
    z[i] = w * (probability - target);
  }
  return loss;
}

/** Σ w_i·(logsumexp(z_i) − z_i,y_i); z becomes w_i·(softmax(z_i) − onehot(y_i)). */
function softmaxLossResiduals(z: Float64Array, rows: number, outputs: number, y: Int32Array, weights?: Float64Array): number {
  let loss = 0;
  for (let i = 0; i < rows; i++) {
    let max = -Infinity;
    for (let k = 0; k < outputs; k++) max = Math.max(max, z[k * rows + i]);
    const target = y[i];
    const targetScore = z[target * rows + i] - max;
    let total = 0;
    for (let k = 0; k < outputs; k++) {
      const e = Math.exp(z[k * rows + i] - max);
      z[k * rows + i] = e;
      total += e;
    }
    const w = weights ? weights[i] : 1;
    loss += w * (Math.log(total) - targetScore);
    for (let k = 0; k < outputs; k++) z[k * rows + i] = w * (z[k * rows + i] / total - (k === target ? 1 : 0));
  }
  return loss;
}

/** Mean log loss of probabilities (rows × classes, row-major), for the validation curve. */
export function meanLogLoss(probabilities: Float64Array, y: Int32Array, classes: number): number {
  let loss = 0;
  for (let i = 0; i < y.length; i++) loss -= Math.log(Math.max(probabilities[i * classes + y[i]], 1e-15));
  return loss / y.length;
}
