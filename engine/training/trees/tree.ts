/**
 * One fitted tree as parallel typed arrays indexed by node (root 0). A leaf has feature −1 and its
 * `outputs` values at value[node·outputs …]; an internal node sends a row left when
 * x[feature] <= threshold (equivalently its bin <= bin). leafStart/leafEnd give each leaf's rows in
 * the row order the grower left behind, so boosting updates its training predictions without a walk.
 */
export type Tree = {
  outputs: number;
  feature: Int32Array;
  bin: Uint8Array;
  threshold: Float64Array;
  left: Int32Array;
  right: Int32Array;
  value: Float64Array;
  gain: Float64Array;
  leafStart: Int32Array;
  leafEnd: Int32Array;
  /** The tree's rows, grouped by leaf. */
  rows: Uint32Array;
};

export class TreeBuilder {
  private feature: number[] = [];
  private bin: number[] = [];
  private threshold: number[] = [];
  private left: number[] = [];
  private right: number[] = [];
  private gain: number[] = [];
  private value: number[] = [];
  private leafStart: number[] = [];
  private leafEnd: number[] = [];

  constructor(private readonly outputs: number) {}

  addNode(): number {
    const id = this.feature.length;
    this.feature.push(-1);
    this.bin.push(0);
    this.threshold.push(0);
    this.left.push(-1);
    this.right.push(-1);
    this.gain.push(0);
    this.leafStart.push(-1);
    this.leafEnd.push(-1);
    for (let k = 0; k < this.outputs; k++) this.value.push(0);
    return id;
  }

  setSplit(id: number, feature: number, bin: number, threshold: number, left: number, right: number, gain: number): void {
    this.feature[id] = feature;
    this.bin[id] = bin;
    this.threshold[id] = threshold;
    this.left[id] = left;
    this.right[id] = right;
    this.gain[id] = gain;
  }

  /** The leaf predicts sums / denominator (the weighted mean, or −G/(H+λ) for boosting). */
  setLeaf(id: number, sums: Float64Array, denominator: number, start: number, end: number): void {
    for (let k = 0; k < this.outputs; k++) this.value[id * this.outputs + k] = denominator > 0 ? sums[k] / denominator : 0;
    this.leafStart[id] = start;
    this.leafEnd[id] = end;
  }

  finish(rows: Uint32Array): Tree {
    return {
      outputs: this.outputs,
      feature: Int32Array.from(this.feature),
      bin: Uint8Array.from(this.bin),
      threshold: Float64Array.from(this.threshold),
      left: Int32Array.from(this.left),
      right: Int32Array.from(this.right),
      value: Float64Array.from(this.value),
      gain: Float64Array.from(this.gain),
      leafStart: Int32Array.from(this.leafStart),
      leafEnd: Int32Array.from(this.leafEnd),
      rows,
    };
  }
}

/** Leaf reached by one row of binned features. */
export function leafOfBinned(tree: Pick<Tree, 'feature' | 'bin' | 'left' | 'right'>, columns: Uint8Array[], row: number): number {
  let node = 0;
  while (tree.feature[node] >= 0) node = columns[tree.feature[node]][row] <= tree.bin[node] ? tree.left[node] : tree.right[node];
  return node;
}
