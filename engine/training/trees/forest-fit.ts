import type { FitCallbacks, TrainingSet } from '../model-family';
import { canStartThreads } from '../../threads/can-start-threads';
import { applyBins, binFeatures, type BinnedFeatures } from './bin-features';
import { sharedBuffers } from './shared-arrays';
import { createCheckpoint } from './fit-support';
import { curveMetric } from './curve-metric';
import { ForestTreeBuilder, forestOutputs, type BuiltForestTree, type ForestSpec, type ForestTree } from './forest-tree';
import { packEnsemble, type TreeEnsembleArtifact } from './tree-ensemble';
import { leafOfBinned } from './tree';

/**
 * Fits `trees` trees (a random forest, or one decision tree) and averages them. Trees are built in
 * worker threads when there are several trees, enough rows and more than one core (see
 * forest-threads.ts), else here, one after another. Either way each tree reports progress and a curve
 * point: the out-of-bag loss of the trees so far (the training loss without bootstrap) and the
 * validation loss when there are validation rows.
 */
/** threads: at most this many worker threads, 0 for one per core. */
export type ForestFit = { spec: ForestSpec; trees: number; maxBins: number; threads: number };

/** Below this many rows × trees a thread pool costs more to start than it saves. */
const THREADED_MIN_WORK = 2_000_000;
/**
 * From this many rows × features, a lone tree (a decision tree) grows in one thread: growing it takes
 * seconds, during which this thread could neither hear a cancel nor renew the node's lease.
 */
const LONE_TREE_THREAD_CELLS = 1_000_000;

export async function fitForest(data: TrainingSet, fit: ForestFit, callbacks: FitCallbacks): Promise<TreeEnsembleArtifact> {
  const threads = await threadsFor(data, fit);
  const threaded = threads > 0;
  const binned = binFeatures(data.columns, data.rows, { maxBins: fit.maxBins, seed: fit.spec.seed, allocate: threaded ? sharedBuffers.uint8 : undefined });
  const curve = createForestCurve(data, binned, fit);
  const built: ForestTree[] = new Array(fit.trees);
  let done = 0;
  const onTree = (index: number, result: BuiltForestTree) => {
    built[index] = result.tree;
    done++;
    callbacks.progress(done / fit.trees, `Tree ${done} of ${fit.trees}`);
    callbacks.curve(curve.add(result, done));
  };
  if (threaded) {
    const { buildTreesInThreads } = await import('./forest-threads');
    await buildTreesInThreads({ binned, y: data.y, weights: data.weights, spec: fit.spec, trees: fit.trees, threads }, onTree, callbacks.signal);
  } else {
    const builder = new ForestTreeBuilder(binned, data.y, data.weights, fit.spec);
    const checkpoint = createCheckpoint(callbacks.signal);
    for (let t = 0; t < fit.trees; t++) {
      await checkpoint();
      onTree(t, builder.build(t));
    }
  }
  const outputs = forestOutputs(data.task, data.classes);
  const shape = { task: data.task, link: 'identity' as const, classes: data.classes, features: data.columns.length, outputs, groups: 1, treeScale: 1 / fit.trees, init: new Float64Array(outputs) };
  return packEnsemble(shape, built.map((tree) => ({ ...tree, leafStart: new Int32Array(0), leafEnd: new Int32Array(0), rows: new Uint32Array(0) })));
}

/** Worker threads to grow the trees in; 0 to grow them on this thread (and outside Node: the browser never fits). */
async function threadsFor(data: TrainingSet, fit: ForestFit): Promise<number> {
  if (!canStartThreads()) return 0;
  if (fit.trees === 1) return data.rows * data.columns.length >= LONE_TREE_THREAD_CELLS ? 1 : 0;
  if (data.rows * fit.trees < THREADED_MIN_WORK) return 0;
  const { availableThreads } = await import('./forest-threads');
  const threads = Math.min(fit.trees, fit.threads > 0 ? fit.threads : await availableThreads());
  // One thread for many trees only adds the thread's start-up: they are grown here, between cancel checks.
  return threads > 1 ? threads : 0;
}

/** Running sums of the out-of-bag (or training) and validation predictions of the trees built so far. */
function createForestCurve(data: TrainingSet, binned: BinnedFeatures, fit: ForestFit) {
  const outputs = forestOutputs(data.task, data.classes);
  const evaluation = { sums: new Float64Array(data.rows * outputs), counts: new Uint32Array(data.rows) };
  const validation = data.validation && {
    binned: applyBins(data.validation.columns, data.validation.rows, binned.edges),
    sums: new Float64Array(data.validation.rows * outputs),
    y: data.validation.y,
  };
  /** Mean log loss or squared error of the averaged predictions sums[r] / divisor(r), over rows whose divisor is positive. */
  const loss = (sums: Float64Array, divisor: (r: number) => number, y: Int32Array | Float64Array) => {
    let total = 0;
    let counted = 0;
    for (let r = 0; r < y.length; r++) {
      const d = divisor(r);
      if (d <= 0) continue;
      counted++;
      if (data.task === 'regression') total += (sums[r] / d - y[r]) ** 2;
      else {
        const p = outputs === 1 ? (y[r] === 1 ? sums[r] / d : 1 - sums[r] / d) : sums[r * outputs + y[r]] / d;
        total -= Math.log(Math.min(1 - 1e-15, Math.max(1e-15, p)));
      }
    }
    return counted > 0 ? total / counted : 0;
  };
  return {
    add({ tree, evaluationLeaf }: BuiltForestTree, done: number) {
      for (let r = 0; r < data.rows; r++) {
        const leaf = evaluationLeaf[r];
        if (leaf < 0) continue;
        evaluation.counts[r]++;
        for (let k = 0; k < outputs; k++) evaluation.sums[r * outputs + k] += tree.value[leaf * outputs + k];
      }
      if (validation) {
        for (let r = 0; r < validation.binned.rows; r++) {
          const leaf = leafOfBinned(tree, validation.binned.columns, r);
          for (let k = 0; k < outputs; k++) validation.sums[r * outputs + k] += tree.value[leaf * outputs + k];
        }
      }
      const trainLoss = loss(evaluation.sums, (r) => evaluation.counts[r], data.y);
      const validationLoss = validation ? loss(validation.sums, () => done, validation.y) : undefined;
      // Averaged probabilities: with one output (two classes), class 1 wins above one half.
      const metric = curveMetric(data.task, data.y, evaluation.sums, outputs, 0.5, evaluation.counts);
      const validationMetric = validation && curveMetric(data.task, validation.y, validation.sums, outputs, 0.5, done);
      return {
        step: done,
        loss: trainLoss,
        ...(validationLoss === undefined ? {} : { validationLoss }),
        ...(metric === undefined ? {} : { metric }),
        ...(validationMetric === undefined ? {} : { validationMetric }),
      };
    },
  };
}
