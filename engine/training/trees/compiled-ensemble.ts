import type { TreeEnsembleArtifact } from './tree-ensemble';
import { fillBlock } from './row-block';
import { addWasmScores } from './tree-walk';

/**
 * An ensemble laid out for batch prediction, built once per artifact and cached. None of it changes a
 * prediction (the fast-path test compares every score bit for bit with the stored arrays' walk):
 * - A node is [its feature's offset in a block of rows, first child] beside its threshold, its two children
 *   side by side (breadth-first order), so a step is `child + !(x <= threshold)`: arithmetic, not a branch to
 *   mispredict (and NaN goes right, as in the reference walk). Feature f's offset is (f + 1)·featureStep and a
 *   row starts rowStep after the one before, behind a column of zeros (row-block.ts; see layoutFor).
 * - A leaf is [0, itself] with threshold +∞ and reads the block's column 0, which is always 0: a row that
 *   reached its leaf stays there. That lets four rows walk a tree in lockstep until all four are at
 *   leaves, four independent chains of loads in flight instead of one (a deep forest's walk waits on memory);
 *   a single tree walks eight (tree-walk.wat's walkColumns8: 1.2× faster than four for one unpruned tree).
 * - Leaf values come premultiplied by the tree's scale (the product the reference walk computes per row).
 */
export type CompiledEnsemble = {
  nodes: Int32Array;
  threshold: Float64Array;
  /** Offset of a leaf's values in leafValues. */
  leafAt: Int32Array;
  /** First node of each tree, and one past the last. */
  roots: Int32Array;
  leafValues: Float64Array;
  /** Rows walked per block, and the block's layout (see layoutFor). */
  rowBlock: number;
  rowStep: number;
  featureStep: number;
};

const compiled = new WeakMap<TreeEnsembleArtifact, CompiledEnsemble>();

export function compileEnsemble(art: TreeEnsembleArtifact): CompiledEnsemble {
  let entry = compiled.get(art);
  if (!entry) {
    entry = buildCompiled(art);
    compiled.set(art, entry);
  }
  return entry;
}

function buildCompiled(art: TreeEnsembleArtifact): CompiledEnsemble {
  const { feature, threshold, left, right, value, outputs, treeScale, treeOffsets } = art;
  const trees = treeOffsets.length - 1;
  const nodeCount = treeOffsets[trees];
  const out: CompiledEnsemble = {
    nodes: new Int32Array(shareable(2 * nodeCount * 4)),
    threshold: new Float64Array(shareable(nodeCount * 8)),
    leafAt: new Int32Array(shareable(nodeCount * 4)),
    roots: new Int32Array(shareable((trees + 1) * 4)),
    leafValues: new Float64Array(shareable(value.length * 8)),
    ...layoutFor(trees, nodeCount, art.features),
  };
  // Compiled node `at` holds stored node order[at]; a split's children take the next two free slots.
  const order = new Int32Array(nodeCount);
  let next = 0;
  let leaves = 0;
  for (let t = 0; t < trees; t++) {
    out.roots[t] = next;
    order[next++] = treeOffsets[t];
    for (let at = out.roots[t]; at < next; at++) {
      const node = order[at];
      if (feature[node] < 0) {
        out.nodes[2 * at + 1] = at;
        out.threshold[at] = Infinity;
        out.leafAt[at] = leaves;
        for (let k = 0; k < outputs; k++) out.leafValues[leaves + k] = treeScale * value[node * outputs + k];
        leaves += outputs;
      } else {
        out.nodes[2 * at] = (feature[node] + 1) * out.featureStep;
        out.nodes[2 * at + 1] = next;
        out.threshold[at] = threshold[node];
        order[next++] = left[node];
        order[next++] = right[node];
      }
    }
  }
  out.roots[trees] = next;
  out.leafValues = out.leafValues.subarray(0, leaves);
  return out;
}

/** Shared memory where there is any (always in Node), so prediction threads read the trees in place. */
function shareable(bytes: number): ArrayBufferLike {
  return typeof SharedArrayBuffer === 'function' ? new SharedArrayBuffer(bytes) : new ArrayBuffer(bytes);
}

/**
 * Rows per block, and how they are laid out. Small trees (boosting's few dozen nodes) stay in L1 whatever the
 * block, so the block is kept small enough to stay in L2 beside them (256 rows × 50 features is 100 kB): 1.5×
 * faster than 4,096 rows for 100 boosted trees. Such a block is filled column by column, one copy per feature:
 * transposing it row by row took most of one deep tree's prediction. A single tree is walked once per block,
 * so its blocks are long (2,048 rows): a copy per feature and block cost more than the walk's cache misses,
 * and 256-row blocks took 1.15–1.3× as long for an unpruned tree (25k rows, paired runs). Deep forests read
 * each tree (hundreds of kB) from memory once per block, so their blocks are long too (4,096 rows: 1.4× faster
 * than 256 for 20 unpruned trees), and row by row, each row's features together: 25 unpruned trees took 1.2×
 * as long over columns. Measured on the bench's 100k × 50 rows.
 */
function layoutFor(trees: number, nodes: number, features: number) {
  if (trees === 1) return { rowBlock: 2048, rowStep: 1, featureStep: 2048 };
  return nodes / trees <= 4096 ? { rowBlock: 256, rowStep: 1, featureStep: 256 } : { rowBlock: 4096, rowStep: features + 1, featureStep: 1 };
}

/**
 * Adds every tree's leaf values for rows [start, end) into scores (rows × width, row-major, tree t into
 * column (t % groups)·outputs), exactly as the reference walk would: on WebAssembly (tree-walk.ts,
 * 2–3× faster) where there is any, else in JavaScript.
 */
export function addCompiledScores(model: CompiledEnsemble, shape: Pick<TreeEnsembleArtifact, 'groups' | 'outputs'>, columns: Float64Array[], start: number, end: number, scores: Float64Array): void {
  if (!addWasmScores(model, shape.groups, shape.outputs, columns, start, end, scores)) addScoresInJs(model, shape, columns, start, end, scores);
}

/**
 * The walk in JavaScript, the fallback (and the wasm kernel's twin: same steps, same sums). Raw features
 * are copied a block of rows at a time behind the leaves' zero column (fillBlock).
 */
export function addScoresInJs(model: CompiledEnsemble, shape: Pick<TreeEnsembleArtifact, 'groups' | 'outputs'>, columns: Float64Array[], start: number, end: number, scores: Float64Array): void {
  const { nodes, threshold, leafAt, roots, leafValues, rowBlock, rowStep } = model;
  const { groups, outputs } = shape;
  const width = groups * outputs;
  const trees = roots.length - 1;
  const block = new Float64Array(rowBlock * (columns.length + 1));
  const add = (row: number, column: number, node: number) => {
    const at = row * width + column;
    const leaf = leafAt[node];
    if (outputs === 1) scores[at] += leafValues[leaf];
    else for (let k = 0; k < outputs; k++) scores[at + k] += leafValues[leaf + k];
  };
  for (let from = start; from < end; from += rowBlock) {
    const to = Math.min(end, from + rowBlock);
    fillBlock(block, model, columns, from, to);
    for (let t = 0; t < trees; t++) {
      const root = roots[t];
      const column = (t % groups) * outputs;
      let r = from;
      for (; r + 4 <= to; r += 4) {
        const a0 = (r - from) * rowStep, a1 = a0 + rowStep, a2 = a1 + rowStep, a3 = a2 + rowStep;
        let n0 = root, n1 = root, n2 = root, n3 = root;
        let f0 = nodes[2 * root], f1 = f0, f2 = f0, f3 = f0;
        while ((f0 | f1 | f2 | f3) !== 0) {
          n0 = nodes[2 * n0 + 1] + +!(block[a0 + f0] <= threshold[n0]);
          n1 = nodes[2 * n1 + 1] + +!(block[a1 + f1] <= threshold[n1]);
          n2 = nodes[2 * n2 + 1] + +!(block[a2 + f2] <= threshold[n2]);
          n3 = nodes[2 * n3 + 1] + +!(block[a3 + f3] <= threshold[n3]);
          f0 = nodes[2 * n0];
          f1 = nodes[2 * n1];
          f2 = nodes[2 * n2];
          f3 = nodes[2 * n3];
        }
        add(r, column, n0);
        add(r + 1, column, n1);
        add(r + 2, column, n2);
        add(r + 3, column, n3);
      }
      for (; r < to; r++) {
        const a = (r - from) * rowStep;
        let n = root;
        for (let f = nodes[2 * n]; f !== 0; f = nodes[2 * n]) n = nodes[2 * n + 1] + +!(block[a + f] <= threshold[n]);
        add(r, column, n);
      }
    }
  }
}
