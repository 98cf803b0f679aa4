import { binCounts, type BinnedFeatures } from './bin-features';
import type { TargetTotals } from './boosting-loss';
import { accumulateFeature, accumulateOrdered4, BIN_SLOTS, CHUNK_FEATURES, clearFeature, gatherOrdered, HistogramPool, removeFeatureRows, subtractHistogram } from './histogram';
import type { HistogramMemory } from './histogram-memory';
import type { HistogramThreads } from './histogram-threads';
import { bestSplit, resultsLength, chunkCount, runJobHere, type ChunkContext, type NodeJob, type ScanTotals } from './node-job';
import { accumulateTouched, clearTouched, scanFeature, SplitCandidate, type NodeTotals, type SplitLimits } from './split-finder';
import { TreeBuilder, type Tree } from './tree';

/**
 * Grows one tree over binned features. Each training row carries a weight (hessian or sample weight)
 * and `outputs` target sums (negative gradient, weighted one-hot class, weighted y); a leaf predicts
 * sums/(weight+λ). Leaf-wise (best gain first, LightGBM style) when maxLeaves is finite, else
 * depth-first to maxDepth. Nodes big enough keep a full histogram and hand it to their larger child
 * after subtracting the smaller one (the subtraction trick); small nodes sum only the bins they touch.
 * Single-output full histograms are filled, subtracted and scanned in node jobs (node-job.ts), across `threads`
 * when given (split by feature).
 * With `wasm` (single output only), full histograms live in its memory and its kernels fill them; the
 * rows and the target's arrays passed to `grow` must then be views of that memory too.
 */
export type TreeTarget = { outputs: number; weight: Float64Array; sums: Float64Array };
export type GrowOptions = {
  maxDepth: number;
  maxLeaves: number;
  minSamplesLeaf: number;
  /** Smallest weight (hessian sum) a child may have: scikit-learn's min_hessian_to_split. */
  minWeightLeaf: number;
  l2: number;
  /** Features drawn at random per node (random forest); all of them when equal to the feature count. */
  maxFeatures: number;
};

/** Below this many rows a node sums only its touched bins instead of clearing and scanning 256 per feature. */
const SMALL_NODE = 128;

type GrowNode = NodeTotals & { id: number; start: number; end: number; depth: number; hist?: Float64Array; split?: SplitCandidate };

export class TreeGrower {
  private readonly features: number;
  private readonly stride: number;
  private readonly pool: HistogramPool;
  private readonly scratch: Float64Array;
  private readonly ordered: Float64Array;
  private readonly partitionBuffer: Uint32Array;
  private readonly touched = new Uint8Array(BIN_SLOTS);
  private readonly seen = new Uint32Array(BIN_SLOTS / 32);
  private readonly left: Float64Array;
  private readonly right: Float64Array;
  private readonly candidates: Int32Array;
  private readonly subtraction: boolean;
  /** Single output: where node jobs' chunks read and write (shared with `threads`). */
  private readonly chunks: ChunkContext | undefined;
  private random: () => number = Math.random;

  constructor(
    private readonly binned: BinnedFeatures,
    private readonly outputs: number,
    private readonly options: GrowOptions,
    private readonly threads?: HistogramThreads,
    private readonly wasm?: HistogramMemory,
  ) {
    if ((threads || wasm) && outputs !== 1) throw new Error('Histogram threads and kernels fill single-output trees only.');
    this.features = binned.columns.length;
    this.stride = outputs + 2;
    this.pool = new HistogramPool(this.features * BIN_SLOTS * this.stride, threads ? (size) => threads.allocate(size) : wasm && ((size) => wasm.float64(size)));
    this.scratch = new Float64Array(this.features * BIN_SLOTS * this.stride);
    this.ordered = threads?.ordered ?? wasm?.float64(binned.rows * this.stride) ?? new Float64Array(binned.rows * this.stride);
    this.partitionBuffer = wasm?.uint32(binned.rows) ?? new Uint32Array(binned.rows);
    this.left = new Float64Array(outputs);
    this.right = new Float64Array(outputs);
    this.candidates = Int32Array.from({ length: this.features }, (_, f) => f);
    this.subtraction = options.maxFeatures >= this.features;
    this.chunks = outputs === 1 ? (threads?.chunks ?? this.localChunks()) : undefined;
  }

  private localChunks(): ChunkContext {
    const length = resultsLength(chunkCount(this.features, CHUNK_FEATURES));
    return { columns: this.binned.columns, binCounts: binCounts(this.binned), chunkFeatures: CHUNK_FEATURES, results: this.wasm?.float64(length) ?? new Float64Array(length), wasm: this.wasm };
  }

  /**
   * `rows` lists the rows in the tree (each once); it is reordered so every leaf's rows are contiguous.
   * `random` draws the features tried at each node when maxFeatures is below the feature count.
   * `rootTotals` (single output): the sums of target.weight and target.sums over `rows`, added in a fixed order,
   * when the caller has them already (boosting adds them up with the gradients); else the root adds them.
   */
  grow(target: TreeTarget, rows: Uint32Array, random: () => number, rootTotals?: TargetTotals): Tree {
    this.random = random;
    // The feature draws shuffle this order in place: every tree starts from the same one, so a tree depends only on
    // its own random numbers, not on the trees this grower grew before (a forest's threads each grow other trees).
    for (let f = 0; f < this.features; f++) this.candidates[f] = f;
    if (target.outputs !== this.outputs) throw new Error(`TreeGrower built for ${this.outputs} outputs got ${target.outputs}.`);
    // The kernels read by offset: an array outside the memory would be read as whatever lies at its offset there.
    if (this.wasm && !(this.wasm.owns(rows) && this.wasm.owns(target.weight) && this.wasm.owns(target.sums))) {
      throw new Error('TreeGrower with histogram kernels needs its rows and target arrays in their memory (HistogramMemory).');
    }
    const tree = new TreeBuilder(this.outputs);
    const root = this.makeRoot(tree, target, rows, rootTotals);
    const limits = this.limits(root);
    const full = this.canSplit(root) && this.subtraction && root.count >= SMALL_NODE;
    if (full && this.chunks) this.runNodeJob(target, rows, root, limits);
    else {
      if (full) root.hist = this.buildFull(target, rows, root);
      this.findSplit(root, target, rows, limits);
    }
    if (Number.isFinite(this.options.maxLeaves)) this.growLeafWise(tree, root, target, rows, limits);
    else this.growDepthFirst(tree, root, target, rows, limits);
    return tree.finish(rows);
  }

  private growLeafWise(tree: TreeBuilder, root: GrowNode, target: TreeTarget, rows: Uint32Array, limits: SplitLimits): void {
    const open = [root];
    let leaves = 1;
    while (leaves < this.options.maxLeaves) {
      let pick = -1;
      for (let i = 0; i < open.length; i++) if (open[i].split && (pick < 0 || open[i].split!.gain > open[pick].split!.gain)) pick = i;
      if (pick < 0) break;
      const [node] = open.splice(pick, 1);
      leaves++;
      // The split that reaches the leaf budget makes two leaves: their histograms and best splits would go unused.
      open.push(...this.split(tree, node, target, rows, limits, leaves === this.options.maxLeaves));
    }
    for (const node of open) this.makeLeaf(tree, node, limits);
  }

  private growDepthFirst(tree: TreeBuilder, root: GrowNode, target: TreeTarget, rows: Uint32Array, limits: SplitLimits): void {
    const stack = [root];
    while (stack.length > 0) {
      const node = stack.pop()!;
      if (node.split) stack.push(...this.split(tree, node, target, rows, limits));
      else this.makeLeaf(tree, node, limits);
    }
  }

  private limits(root: GrowNode): SplitLimits {
    const { minSamplesLeaf, minWeightLeaf, l2 } = this.options;
    // Gains below rounding noise of the root's sums would split pure nodes on float dust.
    let scale = root.weight;
    for (let k = 0; k < this.outputs; k++) scale += Math.abs(root.sums[k]);
    return { minSamplesLeaf, minWeightLeaf, l2, minGain: 1e-12 * scale };
  }

  private makeRoot(tree: TreeBuilder, target: TreeTarget, rows: Uint32Array, totals?: TargetTotals): GrowNode {
    const sums = new Float64Array(this.outputs);
    let weight = 0;
    if (this.outputs === 1 && totals) {
      weight = totals.weight;
      sums[0] = totals.sum;
    } else if (this.outputs === 1) {
      // Every boosting tree starts here: scalar sums without the per-output loop run several times faster.
      let sum = 0;
      for (let i = 0; i < rows.length; i++) {
        const r = rows[i];
        weight += target.weight[r];
        sum += target.sums[r];
      }
      sums[0] = sum;
    } else {
      for (let i = 0; i < rows.length; i++) {
        const r = rows[i];
        weight += target.weight[r];
        for (let k = 0; k < this.outputs; k++) sums[k] += target.sums[r * this.outputs + k];
      }
    }
    return { id: tree.addNode(), start: 0, end: rows.length, depth: 0, weight, count: rows.length, sums };
  }

  /** The children's totals come from the split's histogram sums (right = parent − left), as scikit-learn's do, not from another pass over the rows. */
  private makeChildren(tree: TreeBuilder, node: GrowNode, mid: number): [GrowNode, GrowNode] {
    const split = node.split!;
    const depth = node.depth + 1;
    const leftSums = Float64Array.from(split.leftSums);
    const rightSums = Float64Array.from(node.sums, (sum, k) => sum - leftSums[k]);
    const left = { id: tree.addNode(), start: node.start, end: mid, depth, weight: split.leftWeight, count: mid - node.start, sums: leftSums };
    const right = { id: tree.addNode(), start: mid, end: node.end, depth, weight: node.weight - split.leftWeight, count: node.end - mid, sums: rightSums };
    return [left, right];
  }

  private canSplit(node: GrowNode): boolean {
    return node.depth < this.options.maxDepth && node.count >= 2 * this.options.minSamplesLeaf && node.count >= 2;
  }

  /** A full histogram of a node's rows, for several outputs (single-output ones are node jobs'). */
  private buildFull(target: TreeTarget, rows: Uint32Array, node: GrowNode): Float64Array {
    const hist = this.pool.take();
    this.gather(rows, node.start, node.end, target);
    for (let f = 0; f < this.features; f++) {
      clearFeature(hist, f, this.stride);
      accumulateFeature(hist, f, this.binned.columns[f], rows, node.start, node.end, this.ordered, this.stride);
    }
    return hist;
  }

  /**
   * Single output: fills `node`'s full histogram and finds its best split in one node job. With `sibling`, whose
   * parent's histogram is `parentHist`, the sibling's histogram is the parent's minus the node's, scanned in the same job.
   */
  private runNodeJob(target: TreeTarget, rows: Uint32Array, node: GrowNode, limits: SplitLimits, sibling?: GrowNode, parentHist?: Float64Array): void {
    const chunks = this.chunks!;
    const hist = this.pool.take();
    const allRows = node.count === this.binned.rows;
    if (!allRows) this.gather(rows, node.start, node.end, target);
    const src = { allRows, rows, start: node.start, end: node.end, ordered: this.ordered, weight: target.weight, sums: target.sums };
    const job: NodeJob = { src, hist, parent: parentHist, filled: totalsOf(node), sibling: sibling && totalsOf(sibling), limits };
    if (this.threads) this.threads.run(job);
    else runJobHere(job, chunks);
    node.hist = hist;
    this.settle(node, bestSplit(chunks.results, this.features, chunks.chunkFeatures, false, limits.minGain));
    if (!sibling) return;
    sibling.hist = parentHist;
    this.settle(sibling, bestSplit(chunks.results, this.features, chunks.chunkFeatures, true, limits.minGain));
  }

  /** A node keeps its best split, or its histogram goes back to the pool when it has none. */
  private settle(node: GrowNode, split: SplitCandidate | undefined): void {
    if (split) node.split = split;
    else this.release(node);
  }

  private findSplit(node: GrowNode, target: TreeTarget, rows: Uint32Array, limits: SplitLimits): void {
    if (!this.canSplit(node)) return;
    const best = new SplitCandidate(this.outputs, limits.minGain);
    const candidates = this.drawCandidates();
    const binCount = (f: number) => this.binned.edges[f].length + 1;
    if (node.hist) {
      if (this.wasm) for (const f of candidates) this.wasm.scanFeature(node.hist, f, binCount(f), node, limits, best);
      else for (const f of candidates) scanFeature(node.hist, f, f, binCount(f), undefined, node, limits, best, this.left, this.right);
    } else {
      this.gather(rows, node.start, node.end, target);
      const small = node.count < SMALL_NODE;
      let c = 0;
      if (!small && this.stride === 3) {
        // Four candidates per pass over the node's rows (slots 0–3 of the scratch), as node jobs fill full histograms.
        const columns = this.binned.columns;
        for (; c + 4 <= candidates.length; c += 4) {
          accumulateOrdered4(this.scratch, 0, columns[candidates[c]], columns[candidates[c + 1]], columns[candidates[c + 2]], columns[candidates[c + 3]], rows, node.start, node.end, this.ordered);
          for (let j = 0; j < 4; j++) scanFeature(this.scratch, j, candidates[c + j], binCount(candidates[c + j]), undefined, node, limits, best, this.left, this.right);
          this.scratch.fill(0, 0, 4 * BIN_SLOTS * 3);
        }
      }
      for (const f of candidates.subarray(c)) {
        const column = this.binned.columns[f];
        if (small) {
          const touched = accumulateTouched(this.scratch, column, rows, node.start, node.end, this.ordered, this.stride, this.touched, this.seen);
          scanFeature(this.scratch, 0, f, touched, this.touched, node, limits, best, this.left, this.right);
          clearTouched(this.scratch, this.touched, touched, this.stride);
        } else {
          // Cleared after use, as the small path clears its touched bins: that path takes the scratch to be all zeros.
          accumulateFeature(this.scratch, 0, column, rows, node.start, node.end, this.ordered, this.stride);
          scanFeature(this.scratch, 0, f, binCount(f), undefined, node, limits, best, this.left, this.right);
          clearFeature(this.scratch, 0, this.stride);
        }
      }
    }
    if (best.feature >= 0) node.split = best;
    else this.release(node);
  }

  /** A partial Fisher–Yates shuffle: the first maxFeatures entries are a uniform draw without replacement. */
  private drawCandidates(): Int32Array {
    const all = this.candidates;
    if (this.subtraction) return all;
    for (let i = 0; i < this.options.maxFeatures; i++) {
      const j = i + Math.floor(this.random() * (all.length - i));
      const t = all[i];
      all[i] = all[j];
      all[j] = t;
    }
    return all.subarray(0, this.options.maxFeatures);
  }

  /** Splits `node` and looks for its children's best splits, unless they are to be `leavesOnly`. */
  private split(tree: TreeBuilder, node: GrowNode, target: TreeTarget, rows: Uint32Array, limits: SplitLimits, leavesOnly = false): GrowNode[] {
    const split = node.split!;
    const mid = this.partition(rows, node.start, node.end, this.binned.columns[split.feature], split.bin);
    const [left, right] = this.makeChildren(tree, node, mid);
    tree.setSplit(node.id, split.feature, split.bin, this.binned.edges[split.feature][split.bin], left.id, right.id, split.gain);
    if (leavesOnly) {
      this.release(node);
      return [left, right];
    }
    if (node.hist && this.handDownHistogram(node, left, right, target, rows, limits)) return [left, right];
    this.findSplit(left, target, rows, limits);
    this.findSplit(right, target, rows, limits);
    return [left, right];
  }

  /**
   * The larger child inherits the parent's histogram minus the smaller child's rows. True when a node job also
   * found both children's splits (single output, a smaller child big enough for a full histogram).
   */
  private handDownHistogram(parent: GrowNode, left: GrowNode, right: GrowNode, target: TreeTarget, rows: Uint32Array, limits: SplitLimits): boolean {
    const [smaller, larger] = left.count <= right.count ? [left, right] : [right, left];
    const hist = parent.hist!;
    parent.hist = undefined;
    const fullSmaller = this.canSplit(smaller) && smaller.count >= SMALL_NODE;
    if (fullSmaller && this.chunks) {
      if (this.canSplit(larger)) this.runNodeJob(target, rows, smaller, limits, larger, hist);
      else {
        this.runNodeJob(target, rows, smaller, limits);
        this.pool.give(hist);
      }
      return true;
    }
    const smallerHist = fullSmaller ? this.buildFull(target, rows, smaller) : undefined;
    if (smallerHist) smaller.hist = smallerHist;
    if (!this.canSplit(larger)) {
      this.pool.give(hist);
      return false;
    }
    if (smallerHist) subtractHistogram(hist, smallerHist);
    else {
      this.gather(rows, smaller.start, smaller.end, target);
      for (let f = 0; f < this.features; f++) removeFeatureRows(hist, f, this.binned.columns[f], rows, smaller.start, smaller.end, this.ordered, this.stride);
    }
    larger.hist = hist;
    return false;
  }

  /** Each of rows[start, end)'s weight, 1 and sums into `ordered`, in order (gatherOrdered, or its kernel). */
  private gather(rows: Uint32Array, start: number, end: number, target: TreeTarget): void {
    if (this.wasm) this.wasm.gather(rows, start, end, target.weight, target.sums, this.ordered);
    else gatherOrdered(rows, start, end, target.weight, target.sums, this.outputs, this.ordered);
  }

  /** Stable partition of rows[start, end) by bin ≤ threshold; returns where the right side starts. HistogramMemory.partition runs the same loop in WebAssembly. */
  private partition(rows: Uint32Array, start: number, end: number, column: Uint8Array, bin: number): number {
    if (this.wasm) return this.wasm.partition(rows, start, end, column, bin, this.partitionBuffer);
    let l = start;
    let r = 0;
    const other = this.partitionBuffer;
    // Branch-free: which side a row goes is a coin flip the branch predictor cannot learn. Both slots
    // are written and only the chosen side's cursor moves (rows[l] is at or before i, already read).
    for (let i = start; i < end; i++) {
      const row = rows[i];
      const right = (bin - column[row]) >>> 31;
      rows[l] = row;
      other[r] = row;
      l += right ^ 1;
      r += right;
    }
    rows.set(other.subarray(0, r), l);
    return l;
  }

  private makeLeaf(tree: TreeBuilder, node: GrowNode, limits: SplitLimits): void {
    this.release(node);
    tree.setLeaf(node.id, node.sums, node.weight + limits.l2, node.start, node.end);
  }

  private release(node: GrowNode): void {
    if (node.hist) this.pool.give(node.hist);
    node.hist = undefined;
  }
}

const totalsOf = (node: GrowNode): ScanTotals => ({ weight: node.weight, count: node.count, sum: node.sums[0] });
