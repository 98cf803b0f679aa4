import type { MetricsValue } from '../../define-node';
import { regressionPlots, scoreRegression } from './regression-scores';

/** Points drawn in the predicted-vs-actual and residual plots: enough to see the spread, small to send. */
export const MAX_SCATTER_POINTS = 1000;

/** Everything Evaluate reports for a regressor: R², RMSE, MAE, MAPE and a seeded sample for the plots. */
export function regressionReport(truth: Float64Array, predicted: ArrayLike<number>, seed: number): MetricsValue {
  const s = scoreRegression(truth, predicted);
  const metrics: Record<string, number> = { r2: s.r2, rmse: s.rmse, mae: s.mae, mape: s.mape, rows: s.rows };
  const plots = regressionPlots(truth, predicted, MAX_SCATTER_POINTS, seed);
  const notes = s.mapeSkipped
    ? [`MAPE leaves out ${s.mapeSkipped.toLocaleString('en-US')} row${s.mapeSkipped === 1 ? '' : 's'} whose target is 0 (a percentage of 0 is undefined).`]
    : [];
  return {
    kind: 'metrics',
    task: 'regression',
    metrics: Object.fromEntries(Object.entries(metrics).filter(([, v]) => Number.isFinite(v))),
    curves: { scatter: { label: 'Predicted vs actual', ...plots.scatter }, residuals: { label: 'Residuals', ...plots.residuals } },
    ...(notes.length ? { notes } : {}),
  };
}
