import { execFileSync } from 'node:child_process';
import { existsSync } from 'node:fs';
import { dirname, join } from 'node:path';
import { fileURLToPath } from 'node:url';
import { neuralNetwork, neuralNetworkParams } from '../engine/training/neural-network';
import type { TrainingSet } from '../engine/training/model-family';
import { ensureModelData, loadModelData } from './model-data';

/**
 * The neural-network family at its defaults against scikit-learn's MLPClassifier(hidden_layer_sizes=(64, 64))
 * at its defaults, on the same 75k/25k classification split, in the same run: fit time (total and per epoch),
 * epochs run, test accuracy, predict rows/s. The two sets of defaults are the same training: 2×64 ReLU,
 * Adam lr 1e-3, batch 200, L2 alpha 1e-4, at most 200 epochs, stop after 10 epochs without the training
 * loss improving by 1e-4. Run alone with `npx tsx bench/models-nn.ts` or `BENCH_ONLY=nn npm run bench`.
 */
const HERE = dirname(fileURLToPath(import.meta.url));
const PYTHON = process.env.BENCH_PYTHON ?? '/usr/bin/python3';
const RUNS = Number(process.env.BENCH_RUNS ?? 3);
/** Caps the epochs of both (scikit-learn's max_iter) for a quicker per-epoch comparison on a loaded machine. */
const EPOCHS = Number(process.env.BENCH_NN_EPOCHS ?? 200);

/** Timed predictions per fitted model, after an untimed one (sklearn-nn.py takes the same). */
const PREDICTS_PER_FIT = 5;

type Figures = { fitSeconds: number; accuracy: number; predictRowsPerSecond: number; epochs: number };

const median = (values: number[]) => [...values].sort((a, b) => a - b)[Math.floor(values.length / 2)];

async function measureOurs(runs: number): Promise<Figures> {
  const { train, test } = loadModelData('classification');
  const y = train.y as Int32Array;
  const fits: number[] = [];
  const predicts: number[] = [];
  let accuracy = 0;
  let epochs = 0;
  for (let run = 0; run < runs; run++) {
    const set: TrainingSet = { task: 'classification', columns: train.columns, rows: train.rows, y, classes: 2, seed: run };
    let last = 0;
    const started = performance.now();
    const artifact = await neuralNetwork.fit(set, neuralNetworkParams.parse({ epochs: EPOCHS }), { signal: new AbortController().signal, progress() {}, curve: (p) => (last = p.step) });
    fits.push((performance.now() - started) / 1000);
    // An untimed prediction first on both sides, as the linear and tree benches do: our first call on a
    // new model also pays for its setup and for collecting the fit's garbage.
    let probabilities = await neuralNetwork.predict(artifact, test.columns, test.rows);
    for (let k = 0; k < PREDICTS_PER_FIT; k++) {
      const predictStarted = performance.now();
      probabilities = await neuralNetwork.predict(artifact, test.columns, test.rows);
      predicts.push((performance.now() - predictStarted) / 1000);
    }
    let correct = 0;
    for (let i = 0; i < test.rows; i++) if ((probabilities[2 * i + 1] > probabilities[2 * i] ? 1 : 0) === test.y[i]) correct++;
    accuracy = correct / test.rows;
    epochs = last;
  }
  return { fitSeconds: median(fits), accuracy, predictRowsPerSecond: test.rows / median(predicts), epochs };
}

function measureSklearn(runs: number): Figures | string {
  if (!existsSync(PYTHON)) return `skipped: ${PYTHON} is missing (install python3-sklearn)`;
  try {
    const out = execFileSync(PYTHON, [join(HERE, 'sklearn-nn.py'), join('/tmp/pipewright-bench-models', 'classification'), String(runs), String(EPOCHS), String(PREDICTS_PER_FIT)], { encoding: 'utf8' });
    const parsed = JSON.parse(out.trim().split('\n').at(-1)!) as { fit_seconds: number; accuracy: number; predict_rows_per_second: number; epochs: number };
    return { fitSeconds: parsed.fit_seconds, accuracy: parsed.accuracy, predictRowsPerSecond: parsed.predict_rows_per_second, epochs: parsed.epochs };
  } catch (error) {
    return `skipped: scikit-learn did not run (${error instanceof Error ? error.message.split('\n')[0] : String(error)})`;
  }
}

export async function measureNeuralNetwork(runs = RUNS): Promise<string> {
  const missing = ensureModelData(PYTHON);
  if (missing) return `neural network: skipped: ${missing}`;
  const ours = await measureOurs(runs);
  const peer = measureSklearn(runs);
  const row = (name: string, unit: string, a: number, b: number | undefined, digits: number) =>
    `${name.padEnd(34)} ${unit.padEnd(7)} ${a.toFixed(digits).padStart(12)} ${(b === undefined ? '-' : b.toFixed(digits)).padStart(12)} ${(b === undefined ? '-' : (a / b).toFixed(2)).padStart(7)}`;
  const p = typeof peer === 'string' ? undefined : peer;
  return [
    `neural network on 75k × 50 (classification), medians of ${runs} fits (and of ${PREDICTS_PER_FIT} predictions after an untimed one per fit), both at their defaults: 2×64 ReLU, Adam lr 1e-3, batch 200, alpha 1e-4, at most ${EPOCHS} epochs, stop after 10 without the training loss improving by 1e-4; peer: MLPClassifier(hidden_layer_sizes=(64, 64), max_iter=${EPOCHS})${typeof peer === 'string' ? ` — ${peer}` : ''}`,
    `${'figure'.padEnd(34)} ${'unit'.padEnd(7)} ${'ours'.padStart(12)} ${'sklearn'.padStart(12)} ${'ratio'.padStart(7)}`,
    row('fit', 's', ours.fitSeconds, p?.fitSeconds, 2),
    row('fit per epoch', 'ms', (1000 * ours.fitSeconds) / ours.epochs, p && (1000 * p.fitSeconds) / p.epochs, 0),
    row('epochs run', 'epochs', ours.epochs, p?.epochs, 0),
    row('test accuracy', '', ours.accuracy, p?.accuracy, 4),
    row('predict 25k rows', 'rows/s', ours.predictRowsPerSecond, p?.predictRowsPerSecond, 0),
  ].join('\n');
}

if (process.argv[1] && fileURLToPath(import.meta.url) === process.argv[1]) console.log(await measureNeuralNetwork());
