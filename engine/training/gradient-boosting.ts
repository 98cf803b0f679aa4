import { z } from 'zod';
import { createRandom } from '../kernels/random';
import { pickRandomRows } from '../kernels/sample-rows';
import { canStartThreads } from '../threads/can-start-threads';
import type { CurvePoint, FitCallbacks, ModelArtifact, ModelFamily, TrainingSet } from './model-family';
import { applyBins, binFeatures, MAX_BINS, type BinnedFeatures } from './trees/bin-features';
import { createLoss, gradientBlocks, gradientsByBlocks, type BoostingLoss, type LossSpec } from './trees/boosting-loss';
import { curveMetric } from './trees/curve-metric';
import { createCheckpoint } from './trees/fit-support';
import type { HistogramThreads } from './trees/histogram-threads';
import { TreeGrower } from './trees/grow-tree';
import { BIN_SLOTS } from './trees/histogram';
import { HistogramMemory } from './trees/histogram-memory';
import { sharedBuffers } from './trees/shared-arrays';
import { leafOfBinned, type Tree } from './trees/tree';
import { asEnsemble, ensembleImportance, packEnsemble, predictEnsembleBatch } from './trees/tree-ensemble';

/**
 * Histogram gradient boosting with scikit-learn's HistGradientBoosting defaults: 100 iterations of
 * leaf-wise trees with at most 31 leaves, learning rate 0.1, 20 rows per leaf, 255 bins. Each
 * iteration grows one tree per score (one per class for multiclass) on the loss's gradients and
 * hessians. With validation rows it stops once the validation loss has not improved by `tolerance`
 * for `n_iter_no_change` iterations (scikit-learn's rule; the trees already built are kept).
 */
const params = z.object({
  learning_rate: z.number().gt(0).max(1).default(0.1).meta({ title: 'Learning rate', description: 'Shrinks each tree’s contribution; smaller needs more iterations.' }),
  max_iter: z.number().int().min(1).max(10_000).default(100).meta({ title: 'Iterations', description: 'Boosting rounds (trees per class for multiclass).' }),
  max_leaf_nodes: z.number().int().min(2).max(4096).default(31).meta({ title: 'Leaves per tree', description: 'Trees grow best split first up to this many leaves.' }),
  max_depth: z.number().int().min(1).max(64).nullable().default(null).meta({ title: 'Maximum depth', description: 'Empty for no limit beyond the number of leaves.' }),
  min_samples_leaf: z.number().int().min(1).default(20).meta({ title: 'Rows per leaf', description: 'Smallest number of training rows a leaf may hold.' }),
  l2_regularization: z.number().min(0).default(0).meta({ title: 'L2 regularization', description: 'Added to the hessian sum of each leaf; shrinks leaf values.' }),
  max_bins: z.number().int().min(2).max(MAX_BINS).default(MAX_BINS).meta({ title: 'Bins per feature', description: 'Features are bucketed into at most this many quantile bins before training.' }),
  n_iter_no_change: z.number().int().min(1).default(10).meta({ title: 'Patience', description: 'With validation rows: stop after this many iterations without improvement.' }),
  tolerance: z.number().min(0).default(1e-7).meta({ title: 'Tolerance', description: 'With validation rows: the smallest drop in validation loss that counts as improvement.' }),
  threads: z.number().int().min(0).max(256).default(0).meta({ title: 'Threads', description: 'Threads building each tree’s histograms; 0 for one per core on large data.' }),
});
type Params = z.output<typeof params>;

function lossFor(data: TrainingSet): BoostingLoss {
  const spec: LossSpec = data.task === 'regression' ? { kind: 'squared_error' } : data.classes > 2 ? { kind: 'multinomial', classes: data.classes } : { kind: 'binary' };
  return createLoss(spec);
}

type Scores = { scores: Float64Array; binned?: BinnedFeatures; y?: Int32Array | Float64Array };

/**
 * The learning curve's training loss and score come from at most this many training rows, a seeded sample
 * when there are more: as scikit-learn scores its train_score_ on a 10,000-row subsample. On 75k rows the
 * full pass each iteration was a tenth of the fit.
 */
const CURVE_ROWS = 10_000;

/** The training rows the curve reads: their labels, weights and (refreshed each iteration) scores. */
type CurveRows = { pick: Int32Array | undefined; y: Int32Array | Float64Array; weights: Float64Array | undefined; scores: Float64Array };

function curveRows(data: TrainingSet, groups: number, train: Scores): CurveRows {
  if (data.rows <= CURVE_ROWS) return { pick: undefined, y: data.y, weights: data.weights, scores: train.scores };
  // Ascending, so the gathers read forward.
  const pick = pickRandomRows(data.rows, CURVE_ROWS, data.seed ^ 0x2c1b3c6d);
  const y = data.y instanceof Int32Array ? Int32Array.from(pick, (r) => data.y[r]) : Float64Array.from(pick, (r) => data.y[r]);
  const weights = data.weights && Float64Array.from(pick, (r) => data.weights![r]);
  return { pick, y, weights, scores: new Float64Array(CURVE_ROWS * groups) };
}

/** The picked rows' current scores (every row's when nothing was picked). */
function refreshCurveScores(curve: CurveRows, train: Scores, groups: number): CurveRows {
  if (!curve.pick) return curve;
  for (let i = 0; i < curve.pick.length; i++) for (let g = 0; g < groups; g++) curve.scores[i * groups + g] = train.scores[curve.pick[i] * groups + g];
  return curve;
}

/** Below this many rows × features, histogram threads cost more to start than they save. */
const THREADED_MIN_CELLS = 1_000_000;

/** Helper threads for the histograms: none in the browser (the engine is bundled there too, and never fits) or on one core. */
async function helperThreads(data: TrainingSet, p: Params): Promise<number> {
  if (!canStartThreads()) return 0;
  if (p.threads > 0) return p.threads - 1;
  if (data.rows * data.columns.length < THREADED_MIN_CELLS) return 0;
  const { availableThreads } = await import('./trees/forest-threads');
  return (await availableThreads()) - 1;
}

async function fitGradientBoosting(data: TrainingSet, p: Params, callbacks: FitCallbacks): Promise<ModelArtifact> {
  const helperCount = await helperThreads(data, p);
  const module = helperCount > 0 ? await import('./trees/histogram-threads') : undefined;
  // Started first: they boot while this thread bins the features.
  const helpers = module ? await module.startHelpers(helperCount) : undefined;
  let threads: HistogramThreads | undefined;
  let wasm: HistogramMemory | undefined;
  let finished = false;
  try {
    const features = data.columns.length;
    // Room for the binned rows, the row order, the gathered rows, the gradients and a few histograms; it grows past that as needed.
    wasm = HistogramMemory.create(data.rows * (features + 4 + 3 * 8 + 2 * 8) + 8 * features * BIN_SLOTS * 3 * 8) ?? undefined;
    const memory = wasm;
    const binned = binFeatures(data.columns, data.rows, { maxBins: p.max_bins, seed: data.seed, allocate: memory ? (bytes) => memory.uint8(bytes) : helpers ? sharedBuffers.uint8 : undefined });
    const loss = lossFor(data);
    const boosting = { loss: loss.spec, groups: loss.groups, y: data.y, weights: data.weights };
    threads = module && helpers && new module.HistogramThreads(helpers, binned, boosting, wasm);
    const artifact = await boost(data, p, binned, loss, { threads, wasm }, callbacks);
    finished = true;
    return artifact;
  } finally {
    // Stopping the threads also wakes helpers waiting for a job; helpers never handed their arrays just end.
    if (threads) threads.stop();
    else if (module && helpers) module.stopHelpers(helpers);
    // The artifact holds copies: the memory is free for the next fit. After a failure a stalled helper may still write to it.
    if (finished) wasm?.recycle();
  }
}

type Histograms = { threads?: HistogramThreads; wasm?: HistogramMemory };

async function boost(data: TrainingSet, p: Params, binned: BinnedFeatures, loss: BoostingLoss, { threads, wasm }: Histograms, callbacks: FitCallbacks): Promise<ModelArtifact> {
  const groups = loss.groups;
  const init = loss.init(data.y, data.weights);
  const train: Scores = { scores: initialScores(init, data.rows, threads?.scores) };
  const valid: Scores | undefined = data.validation && {
    scores: initialScores(init, data.validation.rows),
    binned: applyBins(data.validation.columns, data.validation.rows, binned.edges),
    y: data.validation.y,
  };
  const grower = new TreeGrower(binned, 1, {
    maxDepth: p.max_depth ?? Infinity,
    maxLeaves: p.max_leaf_nodes,
    minSamplesLeaf: p.min_samples_leaf,
    minWeightLeaf: 1e-3,
    l2: p.l2_regularization,
    maxFeatures: data.columns.length,
  }, threads, wasm);
  const array = (length: number) => wasm?.float64(length) ?? new Float64Array(length);
  const target = { outputs: 1, weight: threads?.weight ?? array(data.rows), sums: threads?.sums ?? array(data.rows) };
  const rows = threads?.order ?? wasm?.uint32(data.rows) ?? new Uint32Array(data.rows);
  const blockTotals = new Float64Array(2 * gradientBlocks(data.rows));
  // Helpers compute a rowwise loss's gradients with their own copy of it; multinomial ones need this thread's softmax.
  const gradients = (group: number) =>
    threads && loss.rowwise ? threads.gradients(loss, group) : gradientsByBlocks(loss, train.scores, data.y, data.weights, group, target, blockTotals);
  const trees: Tree[] = [];
  const curveTrain = curveRows(data, groups, train);
  const validationScores: number[] = [];
  const checkpoint = createCheckpoint(callbacks.signal);
  const random = createRandom(data.seed);
  const total = p.max_iter * groups;
  for (let iteration = 1; iteration <= p.max_iter; iteration++) {
    loss.prepare(train.scores);
    for (let group = 0; group < groups; group++) {
      await checkpoint();
      const totals = gradients(group);
      // Rows in ascending order at the root keep every node's rows ascending, so its histogram reads the bins front to
      // back.
      for (let r = 0; r < data.rows; r++) rows[r] = r;
      const tree = grower.grow(target, rows, random, totals);
      for (let i = 0; i < tree.value.length; i++) tree.value[i] *= p.learning_rate;
      addTrainingLeaves(tree, train.scores, groups, group);
      if (valid) addBinnedTree(tree, valid, groups, group);
      trees.push(tree);
      callbacks.progress(trees.length / total, `Tree ${trees.length} of ${total}`);
    }
    const validationLoss = valid ? loss.loss(valid.scores, valid.y!, undefined) : undefined;
    const seen = refreshCurveScores(curveTrain, train, groups);
    callbacks.curve({ step: iteration, loss: loss.loss(seen.scores, seen.y, seen.weights), ...(validationLoss === undefined ? {} : { validationLoss }), ...scoresOf(data.task, groups, seen, valid) });
    if (validationLoss !== undefined && shouldStop(validationScores, -validationLoss, p)) break;
  }
  const shape = { task: data.task, link: loss.link, classes: data.classes, features: data.columns.length, outputs: 1, groups, treeScale: 1, init };
  return packEnsemble(shape, trees);
}

function initialScores(init: Float64Array, rows: number, scores: Float64Array = new Float64Array(rows * init.length)): Float64Array {
  for (let r = 0; r < rows; r++) scores.set(init, r * init.length);
  return scores;
}

/** The grower left each leaf's rows contiguous, so training scores update without walking the tree. */
function addTrainingLeaves(tree: Tree, scores: Float64Array, groups: number, group: number): void {
  for (let node = 0; node < tree.feature.length; node++) {
    if (tree.feature[node] >= 0) continue;
    const value = tree.value[node];
    for (let i = tree.leafStart[node]; i < tree.leafEnd[node]; i++) scores[tree.rows[i] * groups + group] += value;
  }
}

function addBinnedTree(tree: Tree, set: Scores, groups: number, group: number): void {
  const columns = set.binned!.columns;
  for (let r = 0; r < set.binned!.rows; r++) set.scores[r * groups + group] += tree.value[leafOfBinned(tree, columns, r)];
}

/** Accuracy or R² of the scores so far, on the curve's training rows and the validation rows when there are some; a logit above 0 is class 1. */
function scoresOf(task: TrainingSet['task'], groups: number, train: CurveRows, valid: Scores | undefined): Pick<CurvePoint, 'metric' | 'validationMetric'> {
  const metric = curveMetric(task, train.y, train.scores, groups, 0);
  const validationMetric = valid && curveMetric(task, valid.y!, valid.scores, groups, 0);
  return { ...(metric === undefined ? {} : { metric }), ...(validationMetric === undefined ? {} : { validationMetric }) };
}

/** scikit-learn's rule: stop when none of the last n scores beats the one before them by more than tol. */
function shouldStop(scores: number[], score: number, p: Params): boolean {
  scores.push(score);
  if (scores.length <= p.n_iter_no_change) return false;
  const reference = scores[scores.length - 1 - p.n_iter_no_change] + p.tolerance;
  return scores.slice(-p.n_iter_no_change).every((s) => s <= reference);
}

export const gradientBoosting: ModelFamily<typeof params> = {
  id: 'gradient_boosting',
  title: 'Gradient-boosted trees',
  description: 'Trees fitted one after another on the errors so far (histogram-based, like LightGBM and scikit-learn’s HistGradientBoosting). Usually the most accurate on tabular data.',
  tasks: ['classification', 'regression'],
  params,
  fit: fitGradientBoosting,
  predict: (artifact, columns, rows) => predictEnsembleBatch(asEnsemble(artifact), columns, rows),
  importance: (artifact, features) => ensembleImportance(asEnsemble(artifact), features),
};
