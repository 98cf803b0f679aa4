import { execFile } from 'node:child_process';
import { describe, expect, it } from 'vitest';
import { createRandom } from '../../kernels/random';
import { gradientBoosting } from '../gradient-boosting';
import type { ModelFamily, Task, TrainingSet } from '../model-family';
import { randomForest } from '../random-forest';
import { decisionTree } from '../decision-tree';
import { addCompiledScores, addScoresInJs, compileEnsemble } from './compiled-ensemble';
import { asEnsemble, ensembleScores, predictEnsemble, predictEnsembleBatch, referenceEnsembleScores } from './tree-ensemble';

const quiet = { signal: new AbortController().signal, progress() {}, curve() {} };

/** Random rows with a noisy label, so the trees are deep and irregular; `holes` of the values are NaN or ±∞. */
function randomSet(rows: number, features: number, seed: number, task: Task, classes: number, holes = 0): TrainingSet {
  const random = createRandom(seed);
  const columns = Array.from({ length: features }, () => Float64Array.from({ length: rows }, () => random() * 20 - 10));
  const y = task === 'classification' ? new Int32Array(rows) : new Float64Array(rows);
  for (let r = 0; r < rows; r++) {
    const signal = columns[0][r] + columns[1][r] * columns[2 % features][r] / 5 + random() * 6;
    y[r] = task === 'classification' ? Math.abs(Math.floor(signal)) % classes : signal;
  }
  for (const column of columns) for (let r = 0; r < rows; r++) if (random() < holes) column[r] = [NaN, Infinity, -Infinity][Math.floor(random() * 3)];
  return { task, columns, rows, y, classes: task === 'classification' ? classes : 0, seed };
}

const CASES: [string, ModelFamily, Record<string, unknown>, Task, number][] = [
  ['decision tree, regression', decisionTree, {}, 'regression', 0],
  ['decision tree, 3 classes', decisionTree, {}, 'classification', 3],
  ['random forest, binary', randomForest, { n_estimators: 7, threads: 1 }, 'classification', 2],
  ['random forest, 4 classes', randomForest, { n_estimators: 5, threads: 1 }, 'classification', 4],
  ['gradient boosting, binary', gradientBoosting, { max_iter: 20 }, 'classification', 2],
  ['gradient boosting, 3 classes', gradientBoosting, { max_iter: 10 }, 'classification', 3],
  ['gradient boosting, regression', gradientBoosting, { max_iter: 20, max_bins: 40 }, 'regression', 0],
];

describe('compiled ensemble prediction', () => {
  it.each(CASES)('%s: scores equal the stored arrays’ walk bit for bit, NaN and ±∞ included', async (_name, family, params, task, classes) => {
    const train = randomSet(3000, 5, 21, task, classes);
    const art = asEnsemble(await family.fit(train, family.params.parse(params), quiet));
    // 9001 rows: several row blocks, and a tail that is not a multiple of the four rows walked together.
    const test = randomSet(9001, 5, 22, task, classes, 0.02);
    const fast = ensembleScores(art, test.columns, test.rows);
    const reference = referenceEnsembleScores(art, test.columns, test.rows);
    expect(fast).toEqual(reference);
    // The JavaScript walk (where WebAssembly is missing) adds the same bits as the wasm one used above.
    const width = art.groups * art.outputs;
    const inJs = new Float64Array(test.rows * width);
    const inWasm = new Float64Array(test.rows * width);
    addScoresInJs(compileEnsemble(art), art, test.columns, 0, test.rows, inJs);
    addCompiledScores(compileEnsemble(art), art, test.columns, 0, test.rows, inWasm);
    expect(inJs).toEqual(inWasm);
    expect(Array.from(fast).some((v, i) => v !== fast[0] && i > 0)).toBe(true);
    // Batches of fewer rows than the four walked together.
    for (const rows of [1, 3]) expect(ensembleScores(art, test.columns, rows)).toEqual(referenceEnsembleScores(art, test.columns, rows));
    // Filled column by column: one copy per feature; a single tree in long blocks (9,001 rows end in a short one).
    const block = family === decisionTree ? 2048 : 256;
    expect(compileEnsemble(art)).toMatchObject({ rowBlock: block, rowStep: 1, featureStep: block });
  });

  it('deep trees walk 4,096-row blocks, with the same scores', async () => {
    const train = randomSet(12_000, 5, 23, 'classification', 2);
    const art = asEnsemble(await randomForest.fit(train, randomForest.params.parse({ n_estimators: 2, threads: 1 }), quiet));
    // Filled row by row: each row's five features (and the leaves' zero) together.
    expect(compileEnsemble(art)).toMatchObject({ rowBlock: 4096, rowStep: 6, featureStep: 1 });
    const test = randomSet(9001, 5, 24, 'classification', 2, 0.02);
    expect(ensembleScores(art, test.columns, test.rows)).toEqual(referenceEnsembleScores(art, test.columns, test.rows));
    const inJs = new Float64Array(test.rows * art.groups * art.outputs);
    const inWasm = new Float64Array(test.rows * art.groups * art.outputs);
    addScoresInJs(compileEnsemble(art), art, test.columns, 0, test.rows, inJs);
    addCompiledScores(compileEnsemble(art), art, test.columns, 0, test.rows, inWasm);
    expect(inJs).toEqual(inWasm);
  });
});

describe('threaded batch prediction', () => {
  it('equals the single-threaded prediction, with the pool cold and then warm', async () => {
    const train = randomSet(4000, 6, 31, 'classification', 3);
    const art = asEnsemble(await randomForest.fit(train, randomForest.params.parse({ n_estimators: 6, threads: 1 }), quiet));
    const test = randomSet(30_001, 6, 32, 'classification', 3, 0.01);
    const single = predictEnsemble(art, test.columns, test.rows);
    for (let run = 0; run < 3; run++) expect(await predictEnsembleBatch(art, test.columns, test.rows, 0)).toEqual(single);
  });

  it('reuses its shared buffers across batches of other sizes and concurrent batches without mixing them up', async () => {
    const train = randomSet(4000, 6, 33, 'classification', 3);
    const art = asEnsemble(await randomForest.fit(train, randomForest.params.parse({ n_estimators: 6, threads: 1 }), quiet));
    const sets = [randomSet(30_000, 6, 34, 'classification', 3), randomSet(9_000, 6, 35, 'classification', 3, 0.01), randomSet(41_000, 6, 36, 'classification', 3)];
    const single = sets.map((set) => predictEnsemble(art, set.columns, set.rows));
    // Larger, smaller (a spare holding the larger batch's rows beyond its own), larger again.
    for (const i of [0, 1, 2, 1, 0]) expect(await predictEnsembleBatch(art, sets[i]!.columns, sets[i]!.rows, 0)).toEqual(single[i]);
    const together = await Promise.all(sets.map((set) => predictEnsembleBatch(art, set.columns, set.rows, 0)));
    together.forEach((scores, i) => expect(scores).toEqual(single[i]));
  });

  it('lets a process that fitted and predicted with threads end by itself', async () => {
    const fixture = new URL('./threads-exit.fixture.ts', import.meta.url).pathname;
    // Killed after the timeout: a thread that held the process open fails the test instead of hanging it.
    const ended = await new Promise<{ code: number | null; stdout: string; killed: boolean }>((resolve) => {
      const child = execFile(process.execPath, ['--import', 'tsx', fixture], { timeout: 30_000 }, (error, stdout) =>
        resolve({ code: child.exitCode, stdout, killed: error?.killed ?? false }),
      );
    });
    expect(ended).toMatchObject({ code: 0, killed: false });
    expect(ended.stdout).toContain('predicted 3000 rows');
  }, 40_000);
});
