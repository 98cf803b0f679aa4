import { createRandom } from '../../kernels/random';
import type { Task } from '../model-family';
import type { BinnedFeatures } from './bin-features';
import { treeSeed } from './fit-support';
import { TreeGrower, type GrowOptions } from './grow-tree';
import type { Tree } from './tree';

/**
 * One tree of a random forest (or the single decision tree): a bootstrap sample drawn from the tree's
 * own seed, so the forest is the same whichever thread built which tree. Rows are weighted by how
 * often the bootstrap drew them (times the user's row weight); a leaf predicts the weighted class
 * shares (the positive class's alone when binary) or the weighted mean.
 */
export type ForestSpec = {
  task: Task;
  classes: number;
  seed: number;
  bootstrap: boolean;
  grow: GrowOptions;
};

/** A tree without its training-row bookkeeping: what goes into the artifact and across threads. */
export type ForestTree = Pick<Tree, 'outputs' | 'feature' | 'bin' | 'threshold' | 'left' | 'right' | 'value' | 'gain'>;

/** The tree, and for each training row the leaf it falls in when the row was out of the bag (else −1); every row's leaf without bootstrap. */
export type BuiltForestTree = { tree: ForestTree; evaluationLeaf: Int32Array };

export function forestOutputs(task: Task, classes: number): number {
  return task === 'regression' || classes === 2 ? 1 : classes;
}

export class ForestTreeBuilder {
  private readonly grower: TreeGrower;
  private readonly outputs: number;
  private readonly weight: Float64Array;
  private readonly sums: Float64Array;
  private readonly counts: Uint32Array;

  constructor(
    private readonly binned: BinnedFeatures,
    private readonly y: Int32Array | Float64Array,
    private readonly rowWeights: Float64Array | undefined,
    private readonly spec: ForestSpec,
  ) {
    this.outputs = forestOutputs(spec.task, spec.classes);
    this.grower = new TreeGrower(binned, this.outputs, spec.grow);
    this.weight = new Float64Array(binned.rows);
    this.sums = new Float64Array(binned.rows * this.outputs);
    this.counts = new Uint32Array(binned.rows);
  }

  build(index: number): BuiltForestTree {
    const random = createRandom(treeSeed(this.spec.seed, index));
    const rows = this.drawRows(random);
    this.fillTarget();
    const tree = this.grower.grow({ outputs: this.outputs, weight: this.weight, sums: this.sums }, rows, random);
    const evaluationLeaf = new Int32Array(this.binned.rows).fill(-1);
    if (this.spec.bootstrap) this.markOutOfBag(tree, evaluationLeaf);
    else markLeaves(tree, evaluationLeaf);
    const { outputs, feature, bin, threshold, left, right, value, gain } = tree;
    return { tree: { outputs, feature, bin, threshold, left, right, value, gain }, evaluationLeaf };
  }

  /** scikit-learn's bootstrap: n draws with replacement; a row drawn c times weighs c. */
  private drawRows(random: () => number): Uint32Array {
    const n = this.binned.rows;
    this.counts.fill(this.spec.bootstrap ? 0 : 1);
    if (this.spec.bootstrap) for (let i = 0; i < n; i++) this.counts[Math.floor(random() * n)]++;
    let inBag = 0;
    for (let r = 0; r < n; r++) if (this.counts[r] > 0) inBag++;
    const rows = new Uint32Array(inBag);
    for (let r = 0, j = 0; r < n; r++) if (this.counts[r] > 0) rows[j++] = r;
    return rows;
  }

  private fillTarget(): void {
    const k = this.outputs;
    const binary = this.spec.task === 'classification' && k === 1;
    this.sums.fill(0);
    for (let r = 0; r < this.binned.rows; r++) {
      const w = this.counts[r] * (this.rowWeights ? this.rowWeights[r] : 1);
      this.weight[r] = w;
      if (this.spec.task === 'regression') this.sums[r] = w * this.y[r];
      else if (binary) this.sums[r] = this.y[r] === 1 ? w : 0;
      else this.sums[r * k + this.y[r]] = w;
    }
  }

  private markOutOfBag(tree: Tree, evaluationLeaf: Int32Array): void {
    const columns = this.binned.columns;
    for (let r = 0; r < this.binned.rows; r++) {
      if (this.counts[r] > 0) continue;
      let node = 0;
      while (tree.feature[node] >= 0) node = columns[tree.feature[node]][r] <= tree.bin[node] ? tree.left[node] : tree.right[node];
      evaluationLeaf[r] = node;
    }
  }
}

/** Without bootstrap every row is in the tree; the grower already grouped them by leaf. */
function markLeaves(tree: Tree, evaluationLeaf: Int32Array): void {
  for (let node = 0; node < tree.feature.length; node++) {
    for (let i = tree.leafStart[node]; i < tree.leafEnd[node]; i++) evaluationLeaf[tree.rows[i]] = node;
  }
}
