import type { Task } from '../model-family';
import { canStartThreads } from '../../threads/can-start-threads';
import { binaryProbabilities, softmaxInPlace } from '../class-probabilities';
import { addCompiledScores, compileEnsemble } from './compiled-ensemble';
import type { Tree } from './tree';

/**
 * A fitted forest or boosted ensemble (a single decision tree is an ensemble of one), stored as the
 * trees' node arrays concatenated, with child indices global and treeOffsets[t] the first node of tree t:
 * a few typed arrays however many nodes, which the port encoder writes as binary buffers.
 * Tree t adds its leaf values into score group t % groups (boosting: one tree per class per iteration),
 * times treeScale (1/trees for a forest's mean), on top of `init`; `link` turns scores into predictions.
 */
export type TreeEnsembleArtifact = {
  format: 'tree-ensemble';
  version: 1;
  task: Task;
  link: 'identity' | 'sigmoid' | 'softmax';
  classes: number;
  features: number;
  /** Values per leaf: class probabilities of a forest (one, the positive class, when binary), else 1. */
  outputs: number;
  groups: number;
  treeScale: number;
  init: Float64Array;
  treeOffsets: Int32Array;
  feature: Int32Array;
  threshold: Float64Array;
  bin: Uint8Array;
  left: Int32Array;
  right: Int32Array;
  value: Float64Array;
  gain: Float64Array;
};

export type EnsembleShape = Pick<TreeEnsembleArtifact, 'task' | 'link' | 'classes' | 'features' | 'outputs' | 'groups' | 'treeScale' | 'init'>;

/** Rows walk every tree a block at a time, so the block's feature values stay in cache across trees. */
const ROW_BLOCK = 2048;

export function packEnsemble(shape: EnsembleShape, trees: readonly Tree[]): TreeEnsembleArtifact {
  const treeOffsets = new Int32Array(trees.length + 1);
  trees.forEach((tree, t) => (treeOffsets[t + 1] = treeOffsets[t] + tree.feature.length));
  const nodes = treeOffsets[trees.length];
  const out = {
    feature: new Int32Array(nodes),
    threshold: new Float64Array(nodes),
    bin: new Uint8Array(nodes),
    left: new Int32Array(nodes),
    right: new Int32Array(nodes),
    value: new Float64Array(nodes * shape.outputs),
    gain: new Float64Array(nodes),
  };
  trees.forEach((tree, t) => {
    const base = treeOffsets[t];
    out.feature.set(tree.feature, base);
    out.threshold.set(tree.threshold, base);
    out.bin.set(tree.bin, base);
    out.value.set(tree.value, base * shape.outputs);
    out.gain.set(tree.gain, base);
    for (let i = 0; i < tree.feature.length; i++) {
      out.left[base + i] = tree.left[i] < 0 ? -1 : tree.left[i] + base;
      out.right[base + i] = tree.right[i] < 0 ? -1 : tree.right[i] + base;
    }
  });
  return { format: 'tree-ensemble', version: 1, ...shape, treeOffsets, ...out };
}

export function isTreeEnsemble(artifact: unknown): artifact is TreeEnsembleArtifact {
  return typeof artifact === 'object' && artifact !== null && (artifact as { format?: unknown }).format === 'tree-ensemble';
}

export function asEnsemble(artifact: unknown): TreeEnsembleArtifact {
  if (!isTreeEnsemble(artifact)) throw new Error('This model artifact is not a tree ensemble; retrain the model.');
  return artifact;
}

/** Scores before the link, rows × (groups·outputs) row-major, walking the compiled layout. */
export function ensembleScores(art: TreeEnsembleArtifact, columns: Float64Array[], rows: number): Float64Array {
  const scores = initScores(art, rows);
  addCompiledScores(compileEnsemble(art), art, columns, 0, rows, scores);
  return scores;
}

/**
 * The same scores walking the stored arrays: the reference the compiled walk is tested against. Raw features are copied a block of rows at a time into one
 * row-major buffer, so a row's walk down every tree reads one small stretch of memory from one monomorphic array.
 */
export function referenceEnsembleScores(art: TreeEnsembleArtifact, columns: Float64Array[], rows: number): Float64Array {
  const features = columns.length;
  const block = new Float64Array(ROW_BLOCK * features);
  const scores = initScores(art, rows);
  for (let start = 0; start < rows; start += ROW_BLOCK) {
    const end = Math.min(rows, start + ROW_BLOCK);
    for (let f = 0; f < features; f++) {
      const column = columns[f];
      for (let r = start; r < end; r++) block[(r - start) * features + f] = column[r];
    }
    addTrees(art, block, features, start, end, scores);
  }
  return scores;
}

function initScores(art: TreeEnsembleArtifact, rows: number): Float64Array {
  const width = art.groups * art.outputs;
  const scores = new Float64Array(rows * width);
  const { init } = art;
  for (let r = 0; r < rows; r++) for (let k = 0; k < width; k++) scores[r * width + k] = init[k]!;
  return scores;
}

function addTrees(art: TreeEnsembleArtifact, block: Float64Array, features: number, start: number, end: number, scores: Float64Array): void {
  const width = art.groups * art.outputs;
  const { feature, threshold, left, right, value, outputs, treeScale, treeOffsets, groups } = art;
  for (let t = 0; t < treeOffsets.length - 1; t++) {
    const root = treeOffsets[t];
    const column = (t % groups) * outputs;
    for (let r = start; r < end; r++) {
      const at = (r - start) * features;
      let node = root;
      while (feature[node] >= 0) node = block[at + feature[node]] <= threshold[node] ? left[node] : right[node];
      const out = r * width + column;
      for (let k = 0; k < outputs; k++) scores[out + k] += treeScale * value[node * outputs + k];
    }
  }
}

/** The same scores from the training binning (bins instead of raw values): what the trees saw while fitting. */
export function ensembleScoresBinned(art: TreeEnsembleArtifact, columns: Uint8Array[], rows: number): Float64Array {
  const width = art.groups * art.outputs;
  const scores = initScores(art, rows);
  const { feature, bin, left, right, value, outputs, treeScale, treeOffsets, groups } = art;
  for (let t = 0; t < treeOffsets.length - 1; t++) {
    for (let r = 0; r < rows; r++) {
      let node = treeOffsets[t];
      while (feature[node] >= 0) node = columns[feature[node]][r] <= bin[node] ? left[node] : right[node];
      for (let k = 0; k < outputs; k++) scores[r * width + (t % groups) * outputs + k] += treeScale * value[node * outputs + k];
    }
  }
  return scores;
}

/** Below this many rows × trees, prediction threads cost more than they save (and stay single-threaded in the browser). */
const THREADED_MIN_WORK = 1_000_000;

/**
 * What the tree families' predict returns: predictEnsemble's values, computed with worker threads when
 * the batch is large, this runs in Node and there is more than one core. `minWork` is for tests.
 */
export async function predictEnsembleBatch(art: TreeEnsembleArtifact, columns: Float64Array[], rows: number, minWork = THREADED_MIN_WORK): Promise<Float64Array> {
  const trees = art.treeOffsets.length - 1;
  if (rows * trees < minWork || !canStartThreads()) return predictEnsemble(art, columns, rows);
  if (columns.length !== art.features) throw new Error(`This tree model was fitted on ${art.features} features but got ${columns.length}.`);
  const { availableThreads } = await import('./forest-threads');
  const helpers = (await availableThreads()) - 1;
  if (helpers < 1) return predictEnsemble(art, columns, rows);
  const { addScoresInThreads } = await import('./predict-threads');
  return applyLink(art, await addScoresInThreads(compileEnsemble(art), { groups: art.groups, outputs: art.outputs }, columns, rows, initScores(art, rows), helpers), rows);
}

/** Classification: probabilities rows × classes; regression: one value per row. */
export function predictEnsemble(art: TreeEnsembleArtifact, columns: Float64Array[], rows: number): Float64Array {
  if (columns.length !== art.features) throw new Error(`This tree model was fitted on ${art.features} features but got ${columns.length}.`);
  return applyLink(art, ensembleScores(art, columns, rows), rows);
}

export function predictEnsembleBinned(art: TreeEnsembleArtifact, columns: Uint8Array[], rows: number): Float64Array {
  return applyLink(art, ensembleScoresBinned(art, columns, rows), rows);
}

export function applyLink(art: Pick<TreeEnsembleArtifact, 'task' | 'link' | 'classes'>, scores: Float64Array, rows: number): Float64Array {
  if (art.task === 'regression') return scores;
  const k = art.classes;
  if (k === 2 && scores.length === rows) return binaryProbabilities(scores, rows, art.link === 'sigmoid' ? 'sigmoid' : 'identity');
  if (art.link === 'softmax') for (let r = 0; r < rows; r++) softmaxInPlace(scores, r * k, k);
  return scores;
}

/** Total split gain per feature, normalised to sum 1 (all zeros for a model without splits). */
export function ensembleImportance(art: TreeEnsembleArtifact, features: number): Float64Array {
  const importance = new Float64Array(features);
  for (let node = 0; node < art.feature.length; node++) if (art.feature[node] >= 0) importance[art.feature[node]] += art.gain[node];
  const total = importance.reduce((a, b) => a + b, 0);
  if (total > 0) for (let f = 0; f < features; f++) importance[f] /= total;
  return importance;
}
