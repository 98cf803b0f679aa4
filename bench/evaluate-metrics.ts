/**
 * Evaluate's kernels against scikit-learn on the model benchmark's test rows (25k × 50): the full
 * classification report with curves, permutation importance (10k rows × 50 features × 5 repeats,
 * sklearn's LogisticRegression coefficients as the model on both sides, each side predicting as its product
 * does: ours through the logistic family's predict, which Evaluate calls, sklearn through its accuracy scorer,
 * which calls predict)
 * and the regression scores. Run alone: `npx tsx bench/evaluate-metrics.ts`.
 */
import { execFileSync } from 'node:child_process';
import { existsSync } from 'node:fs';
import { fileURLToPath } from 'node:url';
import { classificationReport } from '../engine/training/metrics/classification-report';
import { accuracyOf } from '../engine/training/metrics/classification-scores';
import { permutationImportance } from '../engine/training/metrics/permutation-importance';
import { regressionReport } from '../engine/training/metrics/regression-report';
import { PERMUTATION_MAX_ROWS } from '../engine/training/evaluate-model';
import { logisticRegression } from '../engine/training/logistic-lbfgs';
import { ensureModelData, loadModelData, MODEL_DATA_DIR } from './model-data';

const PYTHON = '/usr/bin/python3';
const RUNS = Number(process.env.BENCH_RUNS ?? 5);

type Peer = { coef: number[]; intercept: number; reg_coef: number[]; reg_intercept: number; report_s: number; auc: number; perm_s: number; perm_top: number; regression_s: number; r2: number };
export type EvaluateFigure = { name: string; ours: number; sklearn: number; note: string };

const median = (xs: number[]) => [...xs].sort((a, b) => a - b)[Math.floor(xs.length / 2)]!;

async function timeRuns<T>(fn: () => T | Promise<T>): Promise<{ seconds: number; result: T }> {
  // One untimed call first, so the medians measure optimised code rather than V8's first compile.
  let result = await fn();
  const seconds: number[] = [];
  for (let i = 0; i < RUNS; i++) {
    const start = performance.now();
    result = await fn();
    seconds.push((performance.now() - start) / 1000);
  }
  return { seconds: median(seconds), result };
}

function linear(columns: Float64Array[], coef: number[], intercept: number): Float64Array {
  const out = new Float64Array(columns[0]!.length).fill(intercept);
  columns.forEach((col, j) => {
    for (let i = 0; i < col.length; i++) out[i] += coef[j]! * col[i]!;
  });
  return out;
}

function probabilities(columns: Float64Array[], peer: Peer): Float64Array {
  const z = linear(columns, peer.coef, peer.intercept);
  const out = new Float64Array(z.length * 2);
  for (let i = 0; i < z.length; i++) {
    out[2 * i + 1] = 1 / (1 + Math.exp(-z[i]!));
    out[2 * i] = 1 - out[2 * i + 1]!;
  }
  return out;
}

export async function measureEvaluate(): Promise<EvaluateFigure[] | string> {
  const missing = ensureModelData(PYTHON);
  if (missing) return missing;
  if (!existsSync(PYTHON)) return `${PYTHON} is missing`;
  const script = fileURLToPath(new URL('./sklearn-evaluate.py', import.meta.url));
  const peer = JSON.parse(execFileSync(PYTHON, [script, MODEL_DATA_DIR, String(RUNS), String(PERMUTATION_MAX_ROWS)], { encoding: 'utf8', maxBuffer: 1 << 24 })) as Peer;
  const { test } = loadModelData('classification');
  const truth = test.y as Int32Array;
  const proba = probabilities(test.columns, peer);
  const report = await timeRuns(() => classificationReport(truth, proba, ['0', '1'], 1));
  // Both sides score the first PERMUTATION_MAX_ROWS rows, so only the shuffles differ.
  const rows = Math.min(PERMUTATION_MAX_ROWS, test.rows);
  const permColumns = test.columns.map((c) => c.subarray(0, rows));
  // The peer's fitted model as a logistic regression artifact of ours (binary: one row of raw-scale weights).
  const model = { classes: 2, weights: Float64Array.from(peer.coef), intercepts: Float64Array.of(peer.intercept) };
  const perm = await timeRuns(() =>
    permutationImportance({ columns: permColumns, truth: truth.subarray(0, rows), predict: (cols) => logisticRegression.predict(model, cols, cols[0]!.length), score: (t, p) => accuracyOf(t as Int32Array, p, 2), repeats: 5, seed: 0, maxRows: rows }),
  );
  const ourTop = perm.result.reduce((best, r, j, all) => (r.mean > all[best]!.mean ? j : best), 0);
  const regression = loadModelData('regression').test;
  const predicted = linear(regression.columns, peer.reg_coef, peer.reg_intercept);
  const reg = await timeRuns(() => regressionReport(regression.y as Float64Array, predicted, 0));
  return [
    { name: `classification report + curves, ${test.rows.toLocaleString('en')} rows`, ours: report.seconds, sklearn: peer.report_s, note: `AUC ours ${report.result.metrics.roc_auc!.toFixed(4)} / sklearn ${peer.auc.toFixed(4)}` },
    { name: `permutation importance ${rows.toLocaleString('en')} rows × ${test.columns.length} × 5`, ours: perm.seconds, sklearn: peer.perm_s, note: `top feature ours ${ourTop} / sklearn ${peer.perm_top}` },
    { name: `regression scores + plots, ${regression.rows.toLocaleString('en')} rows`, ours: reg.seconds, sklearn: peer.regression_s, note: `R² ours ${reg.result.metrics.r2!.toFixed(4)} / sklearn ${peer.r2.toFixed(4)}` },
  ];
}

export function formatEvaluateTable(figures: EvaluateFigure[]): string {
  const lines = figures.map((f) => `${f.name.padEnd(52)} ${(f.ours * 1000).toFixed(1).padStart(9)} ms ${(f.sklearn * 1000).toFixed(1).padStart(9)} ms ${(f.ours / f.sklearn).toFixed(2).padStart(6)}×  ${f.note}`);
  return [`${'evaluate (medians of ' + RUNS + ' runs)'.padEnd(52)} ${'ours'.padStart(12)} ${'sklearn'.padStart(12)} ${'ratio'.padStart(7)}`, ...lines].join('\n');
}

if (process.argv[1] === fileURLToPath(import.meta.url)) {
  const figures = await measureEvaluate();
  console.log(typeof figures === 'string' ? `evaluate: skipped: ${figures}` : formatEvaluateTable(figures));
}
