import { DesignMatrix } from './design-matrix';
import { exp } from './fast-exp';
import type { Objective } from './lbfgs';
import { dot, sum } from './linear-kernels';

/**
 * The L2-penalised log-loss scikit-learn's LogisticRegression minimises, Σ w_i·logloss_i + ‖W‖²/(2C)
 * (intercepts not penalised), divided by Σ w_i as scikit-learn ≥ 1.4 does so the tolerance reads the same
 * for any number of rows. L-BFGS works in standardised coordinates θ_kj = W_kj·std_j over a standardised
 * copy of the features (a DesignMatrix, whose SIMD kernels do X·θ and Xᵀr): the same objective and
 * minimum, but a far better-conditioned problem. Binary problems fit one weight vector (sigmoid), more
 * classes one per class (softmax).
 */
export type LogisticData = { rows: number; y: Int32Array; classes: number; weights?: Float64Array };
/** The standardised features, with one score vector per output after them. */
export type StandardizedDesign = { x: DesignMatrix; scaling: Scaling };
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

/**
 * Copies the features into a DesignMatrix as (x − mean) / std, population std as scikit-learn's
 * StandardScaler (weighted when rows are). A constant column carries no signal: it is stored as zeros
 * (so its gradient is exactly the penalty's, not rounding noise) with std 1, and flagged in `constant`.
 */
export function standardizeDesign(columns: Float64Array[], rows: number, outputs: number, weights?: Float64Array): StandardizedDesign {
  const x = new DesignMatrix(rows, columns.length, outputs);
  const p = columns.length;
  const scaling: Scaling = { mean: new Float64Array(p), std: new Float64Array(p), constant: new Uint8Array(p) };
  const total = weights ? sum(weights) : rows;
  for (let j = 0; j < p; j++) {
    const column = x.column(j);
    let squares = 0;
    if (weights) {
      const m = (scaling.mean[j] = dot(columns[j], weights) / total);
      for (let i = 0; i < rows; i++) {
        const d = (column[i] = columns[j][i] - m);
        squares += weights[i] * d * d;
      }
    } else {
      scaling.mean[j] = x.setCentredColumn(j, columns[j]);
      squares = x.dot(column, column);
    }
    const s = Math.sqrt(squares / total);
    const constant = !(s > 1e-12 * Math.max(1, Math.abs(scaling.mean[j])));
    scaling.constant[j] = constant ? 1 : 0;
    scaling.std[j] = constant ? 1 : s;
    if (constant) column.fill(0);
    else x.affine(column, 0, 1 / s);
  }
  return { x, scaling };
}

export function createLogisticObjective(data: LogisticData, C: number, design: StandardizedDesign): Objective {
  const { rows, y, weights } = data;
  const { x, scaling } = design;
  const p = x.features;
  const stride = x.stride;
  const outputs = outputsFor(data.classes);
  const total = weights ? sum(weights) : rows;
  const scores = x.vector(0, outputs);
  const rawGradient = new Float64Array(p);
  return (theta, gradient) => {
    for (let k = 0; k < outputs; k++) {
      const z = scores.subarray(k * stride, (k + 1) * stride);
      // Pad rows are never written, so they stay 0 and add nothing to the sums below.
      z.fill(theta[k * (p + 1) + p], 0, rows);
      x.addLinear(theta.subarray(k * (p + 1), k * (p + 1) + p), z);
    }
    // After this call `scores` holds the residuals ∂loss/∂z (weighted).
    const loss = outputs === 1 ? binaryLossResiduals(scores, rows, y, weights) : softmaxLossResiduals(scores, rows, stride, outputs, y, weights);
    let penalty = 0;
    for (let k = 0; k < outputs; k++) {
      const residual = scores.subarray(k * stride, (k + 1) * stride);
      x.dotColumns(residual, rawGradient);
      for (let j = 0; j < p; j++) {
        const t = theta[k * (p + 1) + j];
        const inverseVariance = 1 / (scaling.std[j] * scaling.std[j]);
        penalty += t * t * inverseVariance;
        gradient[k * (p + 1) + j] = (rawGradient[j] + (t * inverseVariance) / C) / total;
      }
      gradient[k * (p + 1) + p] = x.sum(residual) / total;
    }
    return (loss + penalty / (2 * C)) / total;
  };
}

/** Σ w_i·(log(1 + e^z) − y·z); z becomes w_i·(σ(z) − y). */
function binaryLossResiduals(z: Float64Array, rows: number, y: Int32Array, weights?: Float64Array): number {
  let loss = 0;
  for (let i = 0; i < rows; i++) {
    const zi = z[i];
    const target = y[i];
    const w = weights ? weights[i] : 1;
    const e = exp(-Math.abs(zi));
    loss += w * ((zi > 0 ? zi : 0) + Math.log1p(e) - target * zi);
    const probability = zi >= 0 ? 1 / (1 + e) : e / (1 + e);
    z[i] = w * (probability - target);
  }
  return loss;
}

/** Σ w_i·(logsumexp(z_i) − z_i,y_i); z becomes w_i·(softmax(z_i) − onehot(y_i)). Output k's scores start at k·stride. */
function softmaxLossResiduals(z: Float64Array, rows: number, stride: number, outputs: number, y: Int32Array, weights?: Float64Array): number {
  let loss = 0;
  for (let i = 0; i < rows; i++) {
    let max = -Infinity;
    for (let k = 0; k < outputs; k++) max = Math.max(max, z[k * stride + i]);
    const target = y[i];
    const targetScore = z[target * stride + i] - max;
    let total = 0;
    for (let k = 0; k < outputs; k++) {
      const e = exp(z[k * stride + i] - max);
      z[k * stride + i] = e;
      total += e;
    }
    const w = weights ? weights[i] : 1;
    loss += w * (Math.log(total) - targetScore);
    for (let k = 0; k < outputs; k++) z[k * stride + i] = w * (z[k * stride + i] / total - (k === target ? 1 : 0));
  }
  return loss;
}

/** Mean log loss of probabilities (rows × classes, row-major), for the validation curve. */
export function meanLogLoss(probabilities: Float64Array, y: Int32Array, classes: number): number {
  let loss = 0;
  for (let i = 0; i < y.length; i++) loss -= Math.log(Math.max(probabilities[i * classes + y[i]], 1e-15));
  return loss / y.length;
}
