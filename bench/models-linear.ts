import { execFileSync } from 'node:child_process';
import { existsSync } from 'node:fs';
import { dirname, join } from 'node:path';
import { fileURLToPath } from 'node:url';
import { linearRegression } from '../engine/training/linear-regression';
import { logisticRegression } from '../engine/training/logistic-lbfgs';
import type { FitCallbacks, ModelArtifact, ModelFamily } from '../engine/training/model-family';
import { ensureModelData, loadModelData, MODEL_DATA_DIR, type BenchSet } from './model-data';
import { median } from './report';
import { prepareTrainingThreads } from '../engine/training/training-threads';

/**
 * Our logistic and linear regression against scikit-learn's LogisticRegression(), LinearRegression(),
 * Ridge() and Lasso() on the same rows and split (bench/model-data.ts), in the same run: fit seconds,
 * predict rows/s and test score, medians of BENCH_RUNS (≥ 3) runs, with ours/sklearn ratios.
 * Run alone with `npx tsx bench/models-linear.ts`, or as `BENCH_ONLY=linear npm run bench`.
 */
const HERE = dirname(fileURLToPath(import.meta.url));
const PYTHON = '/usr/bin/python3';

type Measured = { fit: number[]; predict: number[]; scores: Record<string, number> };
type Peer = { fit: number[]; predict: number[] } & Record<string, number | number[]>;
type Line = { model: string; peerName: string; rows: number; ours: Measured; peer?: Peer };

/**
 * A prediction over 25k rows takes about a millisecond, less than one scheduling slice of this loaded
 * machine, so both engines time it over more runs than a fit for a stable median.
 */
const predictRuns = (runs: number) => Math.max(runs, 21);

const quiet: FitCallbacks = { signal: new AbortController().signal, progress() {}, curve() {} };

async function measureOurs<P extends object>(family: ModelFamily, params: P, train: BenchSet, test: BenchSet, runs: number, score: (predicted: Float64Array) => Record<string, number>): Promise<Measured> {
  const fit: number[] = [];
  const predict: number[] = [];
  const task = family.tasks[0];
  const classes = task === 'classification' ? Math.max(...(train.y as Int32Array)) + 1 : 0;
  const data = { task, columns: train.columns, rows: train.rows, y: train.y, classes, seed: 0 };
  // Untimed, as sklearn-linear.py fits once first: the JIT compiles, and the Gram matrix's helper threads start.
  let artifact = await family.fit(data, family.params.parse(params), quiet);
  for (let run = 0; run < runs; run++) {
    const start = performance.now();
    artifact = await family.fit(data, family.params.parse(params), quiet);
    fit.push((performance.now() - start) / 1000);
  }
  let predicted: Float64Array = new Float64Array();
  for (let run = 0; run < predictRuns(runs); run++) {
    const start = performance.now();
    predicted = await family.predict(artifact, test.columns, test.rows);
    predict.push((performance.now() - start) / 1000);
  }
  return { fit, predict, scores: score(predicted) };
}

/**
 * One copy of the test features into a reused 256 kB block, 4,096 rows of a column at a time: what
 * linearScores (engine/training/predict-kernels.ts) does before its kernel can read them, since
 * WebAssembly cannot address the caller's arrays. It is one pass over every value, the least any
 * prediction on this thread costs, and the counterpart of scikit-learn's input check.
 */
function measureCopy(columns: Float64Array[], rows: number, runs: number): number[] {
  const block = 4096;
  const target = new Float64Array(8 * block);
  const seconds: number[] = [];
  for (let run = 0; run <= runs; run++) {
    const start = performance.now();
    for (let first = 0; first < rows; first += block) {
      const end = Math.min(rows, first + block);
      columns.forEach((column, j) => target.set(column.subarray(first, end), (j % 8) * block));
    }
    // The first run warms the JIT and the block, as an untimed fit does for predict.
    if (run > 0) seconds.push((performance.now() - start) / 1000);
  }
  return seconds;
}

function runPeer(runs: number): Record<string, Peer> | string {
  if (!existsSync(PYTHON)) return `${PYTHON} is missing; install python3-sklearn to compare`;
  try {
    return JSON.parse(execFileSync(PYTHON, [join(HERE, 'sklearn-linear.py'), MODEL_DATA_DIR, String(runs), String(predictRuns(runs))], { encoding: 'utf8', stdio: ['ignore', 'pipe', 'pipe'] }));
  } catch (error) {
    return `${error instanceof Error ? error.message.split('\n')[0] : String(error)}; install python3-sklearn to compare`;
  }
}

function classificationScores(y: Int32Array) {
  return (probabilities: Float64Array) => {
    const positive = Float64Array.from(y, (_, i) => probabilities[2 * i + 1]);
    let correct = 0;
    positive.forEach((p, i) => (correct += Number((p > 0.5 ? 1 : 0) === y[i])));
    return { accuracy: correct / y.length, auc: rocAuc(positive, y) };
  };
}

/** ROC AUC by the rank-sum (Mann–Whitney) formula, ties sharing their mean rank. */
function rocAuc(scores: Float64Array, y: Int32Array): number {
  const order = Array.from(scores.keys()).sort((a, b) => scores[a] - scores[b]);
  let rankSum = 0;
  let positives = 0;
  for (let start = 0; start < order.length; ) {
    let end = start;
    while (end + 1 < order.length && scores[order[end + 1]] === scores[order[start]]) end++;
    const meanRank = (start + end) / 2 + 1;
    for (let k = start; k <= end; k++) if (y[order[k]] === 1) (rankSum += meanRank), positives++;
    start = end + 1;
  }
  const negatives = y.length - positives;
  return (rankSum - (positives * (positives + 1)) / 2) / (positives * negatives);
}

function r2Score(y: Float64Array) {
  return (predicted: Float64Array) => {
    let mean = 0;
    y.forEach((v) => (mean += v / y.length));
    let residual = 0;
    let totalSquares = 0;
    y.forEach((v, i) => ((residual += (v - predicted[i]) ** 2), (totalSquares += (v - mean) ** 2)));
    return { r2: 1 - residual / totalSquares };
  };
}

function formatLines(lines: Line[]): string {
  const ratio = (ours: number, peer?: number) => (peer ? `${(ours / peer).toFixed(2)}×` : '—');
  const rows: string[][] = [['figure', 'ours', 'sklearn', 'ours/sklearn']];
  for (const { model, peerName, rows: testRows, ours, peer } of lines) {
    const fitOurs = median(ours.fit);
    const fitPeer = peer ? median(peer.fit) : undefined;
    rows.push([`${model} fit (vs ${peerName})`, `${fitOurs.toFixed(3)} s`, fitPeer === undefined ? '—' : `${fitPeer.toFixed(3)} s`, ratio(fitOurs, fitPeer)]);
    const rate = (seconds: number[]) => testRows / median(seconds);
    const peerRate = peer ? rate(peer.predict) : undefined;
    rows.push([`${model} predict rows/s`, `${(rate(ours.predict) / 1e6).toFixed(1)}M`, peerRate === undefined ? '—' : `${(peerRate / 1e6).toFixed(1)}M`, ratio(rate(ours.predict), peerRate)]);
    // The fastest run is the least disturbed by the other sessions' load on this machine.
    const best = (seconds: number[]) => testRows / Math.min(...seconds);
    const peerBest = peer ? best(peer.predict) : undefined;
    rows.push([`${model} predict rows/s, best run`, `${(best(ours.predict) / 1e6).toFixed(1)}M`, peerBest === undefined ? '—' : `${(peerBest / 1e6).toFixed(1)}M`, ratio(best(ours.predict), peerBest)]);
    for (const [name, value] of Object.entries(ours.scores)) {
      const peerValue = peer?.[name];
      const difference = typeof peerValue === 'number' ? `${((value - peerValue) * 100).toFixed(2)} pt` : '—';
      rows.push([`${model} ${name}`, value.toFixed(4), typeof peerValue === 'number' ? peerValue.toFixed(4) : '—', difference]);
    }
  }
  const widths = rows[0].map((_, i) => Math.max(...rows.map((row) => row[i].length)));
  return rows.map((row) => row.map((cell, i) => (i === 0 ? cell.padEnd(widths[i]) : cell.padStart(widths[i]))).join('  ')).join('\n');
}

/** Where one linear prediction's time goes on each side: a pass over the features, and the rest. */
function describePredictTime({ ours, peer }: Line, copy: number[]): string {
  const ms = (seconds: number) => `${(seconds * 1000).toFixed(3)} ms`;
  const total = median(ours.predict);
  const lines = [`linear regression (none) predict, where the time goes: ours ${ms(total)} = copy of the features into the kernel's memory ${ms(median(copy))} + the rest ${ms(total - median(copy))}`];
  const check = peer?.check;
  const product = peer?.product;
  if (peer && Array.isArray(check) && Array.isArray(product)) {
    lines.push(`  sklearn ${ms(median(peer.predict))}, its parts timed alone: input check (a pass over X) ${ms(median(check))}, BLAS product (every core) ${ms(median(product))}`);
  }
  return lines.join('\n');
}

export async function measureLinearModels(runs: number): Promise<string> {
  const missing = ensureModelData(PYTHON);
  if (missing) return `linear models: skipped: ${missing}`;
  const classification = loadModelData('classification');
  const regression = loadModelData('regression');
  const peer = runPeer(runs);
  // As a worker does on taking its first node (worker/boot.ts), and as numpy starts its BLAS threads on import.
  await prepareTrainingThreads();
  const peers = typeof peer === 'string' ? {} : peer;
  const lines: Line[] = [];
  const { train, test } = classification;
  lines.push({ model: 'logistic regression', peerName: 'LogisticRegression()', rows: test.rows, ours: await measureOurs(logisticRegression, {}, train, test, runs, classificationScores(test.y as Int32Array)), peer: peers.logistic });
  for (const [key, penalty, peerName] of [['ols', 'none', 'LinearRegression()'], ['ridge', 'ridge', 'Ridge()'], ['lasso', 'lasso', 'Lasso()']] as const) {
    const ours = await measureOurs(linearRegression, { penalty }, regression.train, regression.test, runs, r2Score(regression.test.y as Float64Array));
    lines.push({ model: `linear regression (${penalty})`, peerName, rows: regression.test.rows, ours, peer: peers[key] });
  }
  const header = `linear models: ${train.rows.toLocaleString('en')} train / ${test.rows.toLocaleString('en')} test rows × ${train.columns.length} features; medians of ${runs} fits and ${predictRuns(runs)} predictions after an untimed fit`;
  const ols = lines.find((line) => line.peerName === 'LinearRegression()')!;
  const breakdown = describePredictTime(ols, measureCopy(regression.test.columns, regression.test.rows, predictRuns(runs)));
  return [header, ...(typeof peer === 'string' ? [`sklearn: skipped: ${peer}`] : []), formatLines(lines), breakdown].join('\n');
}

if (process.argv[1] === fileURLToPath(import.meta.url)) {
  console.log(await measureLinearModels(Math.max(3, Number(process.env.BENCH_RUNS ?? 5))));
}
