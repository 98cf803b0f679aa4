import { execFileSync } from 'node:child_process';
import { existsSync } from 'node:fs';
import { dirname, join } from 'node:path';
import { fileURLToPath } from 'node:url';
import { getModelFamily } from '../engine/training/model-families';
import type { ModelFamily, Task, TrainingSet } from '../engine/training/model-family';
import { ensureModelData, loadModelData, MODEL_DATA_DIR, type BenchData } from './model-data';
import { median } from './report';
import { prepareTrainingThreads } from '../engine/training/training-threads';

/**
 * Our decision tree, random forest and gradient boosting against scikit-learn (DecisionTree,
 * RandomForest with n_jobs=-1, HistGradientBoosting) and XGBoost (hist, 2 threads) on the same rows and
 * split, fitted in the same run: fit seconds, batch prediction rows/s, accuracy and AUC or R².
 * `npx tsx bench/models-trees.ts`, or `BENCH_ONLY=trees npm run bench`. Random forests are fitted
 * once each (scikit-learn's takes ~30 s here); everything else BENCH_RUNS times (≥ 3), medians quoted.
 * The regression forest (every feature at every split: minutes in scikit-learn) runs with BENCH_TREES_RF_REGRESSION=1.
 * BENCH_TREES_TASKS=classification and BENCH_TREES_MODELS=gradient_boosting,random_forest narrow the run.
 */
const RUNS = Math.max(3, Number(process.env.BENCH_RUNS ?? 3));
/** A batch takes 5–250 ms, so a median of three is at the mercy of one descheduling or collection: ours and the peers predict this many times. */
const PREDICT_RUNS = Math.max(RUNS, 9);
const PYTHON = '/usr/bin/python3';
const HERE = dirname(fileURLToPath(import.meta.url));

type Quality = { accuracy?: number; auc?: number; r2?: number };
type Measured = Quality & { fit: number[]; predict_rows_per_s: number };
type PeerResult = Measured | { skipped: string };
type Line = { task: Task; ours: string; peer: string; fit: [number, number?]; predict: [number, number?]; quality: [Quality, Quality?] };

const PAIRS: { family: string; peers: string[] }[] = [
  { family: 'decision_tree', peers: ['decision_tree'] },
  { family: 'random_forest', peers: ['random_forest'] },
  { family: 'gradient_boosting', peers: ['xgboost', 'hist_gbt'] },
];

function quality(task: Task, predicted: Float64Array, y: Int32Array | Float64Array): Quality {
  if (task === 'regression') {
    let mean = 0;
    for (let r = 0; r < y.length; r++) mean += y[r] / y.length;
    let residual = 0;
    let total = 0;
    for (let r = 0; r < y.length; r++) {
      residual += (predicted[r] - y[r]) ** 2;
      total += (y[r] - mean) ** 2;
    }
    return { r2: 1 - residual / total };
  }
  const positive = Float64Array.from({ length: y.length }, (_, r) => predicted[2 * r + 1]);
  let right = 0;
  for (let r = 0; r < y.length; r++) if ((positive[r] > 0.5 ? 1 : 0) === y[r]) right++;
  return { accuracy: right / y.length, auc: rocAuc(positive, y) };
}

/** Mann–Whitney AUC with tied scores sharing their average rank. */
function rocAuc(scores: Float64Array, y: Int32Array | Float64Array): number {
  const order = Array.from(scores.keys()).sort((a, b) => scores[a] - scores[b]);
  let rankSum = 0;
  let positives = 0;
  for (let i = 0; i < order.length; ) {
    let j = i;
    while (j < order.length && scores[order[j]] === scores[order[i]]) j++;
    const rank = (i + j + 1) / 2;
    for (let t = i; t < j; t++) if (y[order[t]] === 1) (rankSum += rank), positives++;
    i = j;
  }
  const negatives = order.length - positives;
  return (rankSum - (positives * (positives + 1)) / 2) / (positives * negatives);
}

async function measureOurs(family: ModelFamily, task: Task, data: BenchData): Promise<Measured> {
  const set: TrainingSet = { task, columns: data.train.columns, rows: data.train.rows, y: data.train.y, classes: task === 'classification' ? 2 : 0, seed: 0 };
  const callbacks = { signal: new AbortController().signal, progress: () => {}, curve: () => {} };
  const fit: number[] = [];
  let artifact!: Awaited<ReturnType<ModelFamily['fit']>>;
  // Untimed, as sklearn-trees.py fits once first (the JIT compiles; XGBoost starts its thread pool), but for
  // random forests, fitted once on both sides.
  if (family.id !== 'random_forest') await family.fit(set, family.params.parse({}), callbacks);
  for (let i = 0; i < (family.id === 'random_forest' ? 1 : RUNS); i++) {
    const start = performance.now();
    artifact = await family.fit(set, family.params.parse({}), callbacks);
    fit.push((performance.now() - start) / 1000);
  }
  const predictSeconds: number[] = [];
  // Untimed, as sklearn-trees.py predicts once first: the walk's WebAssembly is compiled in tiers as it runs,
  // and the model's compiled layout is built on its first batch.
  let predicted = await family.predict(artifact, data.test.columns, data.test.rows);
  for (let i = 0; i < PREDICT_RUNS; i++) {
    const start = performance.now();
    predicted = await family.predict(artifact, data.test.columns, data.test.rows);
    predictSeconds.push((performance.now() - start) / 1000);
  }
  return { fit, predict_rows_per_s: data.test.rows / median(predictSeconds), ...quality(task, predicted, data.test.y) };
}

function measurePeers(task: Task, models: string[]): Record<string, PeerResult> {
  if (!existsSync(PYTHON)) return Object.fromEntries(models.map((m) => [m, { skipped: `${PYTHON} is missing` }]));
  try {
    const out = execFileSync(PYTHON, [join(HERE, 'sklearn-trees.py'), MODEL_DATA_DIR, task, String(RUNS), models.join(','), String(PREDICT_RUNS)], { encoding: 'utf8', stdio: ['ignore', 'pipe', 'pipe'], maxBuffer: 1 << 20 });
    return JSON.parse(out);
  } catch (error) {
    const why = `${error instanceof Error ? error.message.split('\n')[0] : String(error)}; install python3-sklearn and python3-xgboost to compare`;
    return Object.fromEntries(models.map((m) => [m, { skipped: why }]));
  }
}

const fmt = (value: number | undefined, digits: number) => (value === undefined || Number.isNaN(value) ? '—' : value.toFixed(digits));
const ratio = (ours: number, peer: number | undefined) => (peer ? `${(ours / peer).toFixed(2)}×` : '—');
const rate = (value: number | undefined) => (value === undefined ? '—' : `${Math.round(value / 1000)}k`);

function formatLines(lines: Line[]): string {
  const header = ['task', 'ours vs peer', 'fit s ours', 'peer', 'ratio', 'predict rows/s ours', 'peer', 'ours/peer', 'acc ours / peer', 'AUC ours / peer', 'R² ours / peer'];
  const rows = lines.map((l) => [
    l.task,
    `${l.ours} vs ${l.peer}`,
    fmt(l.fit[0], 3),
    fmt(l.fit[1], 3),
    ratio(l.fit[0], l.fit[1]),
    rate(l.predict[0]),
    rate(l.predict[1]),
    ratio(l.predict[0], l.predict[1]),
    ...(['accuracy', 'auc', 'r2'] as const).map((key) => (l.quality[0][key] === undefined ? '—' : `${fmt(l.quality[0][key], 4)} / ${fmt(l.quality[1]?.[key], 4)}`)),
  ]);
  const widths = header.map((h, i) => Math.max(h.length, ...rows.map((r) => r[i].length)));
  const line = (cells: string[]) => cells.map((c, i) => (i < 2 ? c.padEnd(widths[i]) : c.padStart(widths[i]))).join('  ');
  return [line(header), line(widths.map((w) => '-'.repeat(w))), ...rows.map(line)].join('\n');
}

export async function benchTrees(): Promise<string> {
  const missing = ensureModelData(PYTHON);
  if (missing) return `trees: skipped: ${missing}`;
  // As a worker does on taking its first node (worker/boot.ts): a forest, fitted once, would otherwise wait on its threads' bundle.
  await prepareTrainingThreads();
  const lines: Line[] = [];
  const tasks = (['classification', 'regression'] as const).filter((task) => !process.env.BENCH_TREES_TASKS || process.env.BENCH_TREES_TASKS.split(',').includes(task));
  const models = process.env.BENCH_TREES_MODELS?.split(',');
  for (const task of tasks) {
    const data = loadModelData(task);
    const pairs = PAIRS.filter((p) => (!models || models.includes(p.family)) && (task === 'classification' || p.family !== 'random_forest' || process.env.BENCH_TREES_RF_REGRESSION === '1'));
    const peers = measurePeers(task, pairs.flatMap((p) => p.peers));
    for (const pair of pairs) {
      const ours = await measureOurs(getModelFamily(pair.family)!, task, data);
      for (const peerName of pair.peers) {
        const peer = peers[peerName];
        if (peer && 'skipped' in peer) console.log(`${task} ${peerName}: skipped: ${peer.skipped}`);
        const measured = peer && !('skipped' in peer) ? peer : undefined;
        lines.push({
          task,
          ours: pair.family,
          peer: peerName,
          fit: [median(ours.fit), measured && median(measured.fit)],
          predict: [ours.predict_rows_per_s, measured?.predict_rows_per_s],
          quality: [ours, measured],
        });
      }
    }
  }
  return `tree models on ${MODEL_DATA_DIR} (75/25 split of 100k × 50); fit medians of ${RUNS} runs after an untimed one (random forests: one run), predict medians of ${PREDICT_RUNS} after an untimed one\n${formatLines(lines)}`;
}

if (process.argv[1] && fileURLToPath(import.meta.url) === process.argv[1]) console.log(await benchTrees());
