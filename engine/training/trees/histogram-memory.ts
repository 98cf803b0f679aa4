import { WASM_BASE64 } from '../wasm/histogram-kernels-wasm';
import { BIN_SLOTS, type SingleOutputRows } from './histogram';
import { RESULT, RESULT_FIELDS, type ScanTotals } from './node-job';
import { singleLeafScore, type NodeTotals, type SplitCandidate, type SplitLimits } from './split-finder';

type Exports = {
  ordered4(hist: number, c0: number, c1: number, c2: number, c3: number, rows: number, start: number, end: number, ordered: number): void;
  all4(hist: number, c0: number, c1: number, c2: number, c3: number, n: number, weight: number, sums: number): void;
  ordered1(hist: number, c0: number, rows: number, start: number, end: number, ordered: number): void;
  all1(hist: number, c0: number, n: number, weight: number, sums: number): void;
  clear(at: number, bytes: number): void;
  partition(rows: number, start: number, end: number, column: number, bin: number, other: number): number;
  gather(rows: number, start: number, end: number, weight: number, sums: number, ordered: number): void;
  subtract(parent: number, child: number, n: number): void;
  scan(hist: number, bins: number, weight: number, count: number, sum: number, l2: number, minSamples: number, minWeight: number, parentScore: number, best: number, out: number): number;
};

const PAGE = 65536;
/** 4 GiB, wasm32's whole address space: only reserved, pages are committed as the fit grows into them. */
const MAX_PAGES = 65536;
const ALIGN = 16;
/** A feature's histogram in bytes: the kernels step from one feature's bins to the next by this much. */
const FEATURE_BYTES = BIN_SLOTS * 3 * 8;

let compiled: WebAssembly.Module | null | undefined;

/**
 * Memories of fits that ended, kept a while for the next fit: on the VMs Pipewright runs on a page's first write
 * costs ten times a later one (16 MiB: 50 ms, then 5 ms), and every fit writes its whole memory. At most
 * KEEP_COUNT memories of at most KEEP_MAX_BYTES each are kept, until KEEP_MS after the last one came back.
 */
const KEEP_COUNT = 2;
const KEEP_MAX_BYTES = 256 << 20;
const KEEP_MS = 60_000;
const kept: WebAssembly.Memory[] = [];
let forget: ReturnType<typeof setTimeout> | undefined;

const instantiate = (module: WebAssembly.Module, memory: WebAssembly.Memory) => new WebAssembly.Instance(module, { env: { memory } }).exports as unknown as Exports;

function kernelModule(): WebAssembly.Module | null {
  if (compiled !== undefined) return compiled;
  if (typeof WebAssembly !== 'object' || typeof SharedArrayBuffer !== 'function') return (compiled = null);
  const bytes = Uint8Array.from(atob(WASM_BASE64), (c) => c.charCodeAt(0));
  return (compiled = WebAssembly.validate(bytes) ? new WebAssembly.Module(bytes) : null);
}

/**
 * A boosting fit's histogram arrays in one shared WebAssembly memory, where the kernels of
 * engine/training/wasm/histogram-kernels.wat fill, clear, subtract and scan single-output histograms
 * without JavaScript's bounds checks: the binned features, the row order, the gathered rows, the gradients and every full histogram
 * are views of it, handed out by a bump allocator and never freed before the fit ends. Shared, so
 * growing it leaves the views already handed out valid, and histogram threads attach the same memory
 * and reach the same arrays at the same offsets (an attached copy only reads and writes: it never allocates).
 * The kernels take byte offsets, so every array handed to them must be one of these views (`owns`).
 */
export class HistogramMemory {
  private top = 0;
  private readonly handedOut = new WeakSet<ArrayBufferView>();
  private recycled = false;
  /** Where scanFeature's kernel writes its winner (node-job.ts's RESULT layout). */
  private scanOut: Float64Array | undefined;

  private constructor(
    readonly memory: WebAssembly.Memory,
    private readonly kernels: Exports,
    /** False in an attached copy: its allocator would start at 0, over the creator's arrays. */
    private readonly allocates: boolean,
  ) {}

  /** A new memory of about `bytes` to start with; null where WebAssembly threads are missing (the JavaScript loops then fill histograms). */
  static create(bytes: number): HistogramMemory | null {
    const module = kernelModule();
    const pages = Math.max(1, Math.ceil(bytes / PAGE));
    if (!module || pages > MAX_PAGES) return null;
    let memory = kept.pop();
    if (memory) {
      const have = memory.buffer.byteLength / PAGE;
      if (have < pages) memory.grow(pages - have);
    } else {
      try {
        memory = new WebAssembly.Memory({ initial: pages, maximum: MAX_PAGES, shared: true });
      } catch {
        // The address space could not be reserved (a ulimit, a 32-bit runtime): the JavaScript loops still fit.
        return null;
      }
    }
    return new HistogramMemory(memory, instantiate(module, memory), true);
  }

  /**
   * Gives the memory back for the next fit's `create`, which overwrites it: only once nothing reads or writes any
   * view of it (the fit's histogram threads idle or gone, its arrays unused). Allocating after this throws.
   */
  recycle(): void {
    if (!this.allocates || this.recycled) return;
    this.recycled = true;
    if (this.memory.buffer.byteLength > KEEP_MAX_BYTES || kept.length >= KEEP_COUNT) return;
    kept.push(this.memory);
    clearTimeout(forget);
    forget = setTimeout(() => (kept.length = 0), KEEP_MS);
    forget.unref?.();
  }

  /** The kernels over a memory another thread created (a histogram thread's view of the fit's arrays). */
  static attach(memory: WebAssembly.Memory): HistogramMemory {
    const module = kernelModule();
    if (!module) throw new Error('This runtime has no WebAssembly threads, so it cannot fill histograms in shared memory.');
    return new HistogramMemory(memory, instantiate(module, memory), false);
  }

  /** Whether `view` was handed out by this memory (the kernels can only reach those). */
  owns(view: ArrayBufferView): boolean {
    return this.handedOut.has(view);
  }

  uint8(length: number): Uint8Array {
    const at = this.reserve(length);
    return this.handOut(new Uint8Array(this.memory.buffer, at, length));
  }

  uint32(length: number): Uint32Array {
    const at = this.reserve(length * 4);
    return this.handOut(new Uint32Array(this.memory.buffer, at, length));
  }

  float64(length: number): Float64Array {
    const at = this.reserve(length * 8);
    return this.handOut(new Float64Array(this.memory.buffer, at, length));
  }

  private handOut<T extends ArrayBufferView>(view: T): T {
    this.handedOut.add(view);
    return view;
  }

  /** The offset of `bytes` more, growing the memory first when needed (so read `memory.buffer` after this). */
  private reserve(bytes: number): number {
    if (!this.allocates) throw new Error('An attached HistogramMemory cannot allocate: its offsets would overwrite the arrays of the thread that created it.');
    if (this.recycled) throw new Error('This HistogramMemory was recycled: another fit may be using it.');
    const at = this.top;
    this.top = Math.ceil((at + bytes) / ALIGN) * ALIGN;
    const have = this.memory.buffer.byteLength;
    if (this.top > have) this.memory.grow(Math.ceil((this.top - have) / PAGE));
    return at;
  }

  /** Adds the node's rows into features [from, to) of `hist`, four features at a time, then one. Every array must be a view of this memory. */
  fill(hist: Float64Array, columns: Uint8Array[], from: number, to: number, src: SingleOutputRows): void {
    const k = this.kernels;
    let f = from;
    for (; f + 4 <= to; f += 4) {
      const at = hist.byteOffset + f * FEATURE_BYTES;
      const [c0, c1, c2, c3] = [columns[f], columns[f + 1], columns[f + 2], columns[f + 3]];
      if (src.allRows) k.all4(at, c0.byteOffset, c1.byteOffset, c2.byteOffset, c3.byteOffset, src.weight.length, src.weight.byteOffset, src.sums.byteOffset);
      else k.ordered4(at, c0.byteOffset, c1.byteOffset, c2.byteOffset, c3.byteOffset, src.rows.byteOffset, src.start, src.end, src.ordered.byteOffset);
    }
    for (; f < to; f++) {
      const at = hist.byteOffset + f * FEATURE_BYTES;
      if (src.allRows) k.all1(at, columns[f].byteOffset, src.weight.length, src.weight.byteOffset, src.sums.byteOffset);
      else k.ordered1(at, columns[f].byteOffset, src.rows.byteOffset, src.start, src.end, src.ordered.byteOffset);
    }
  }

  /** grow-tree.ts's partition of rows[start, end) by column[row] ≤ bin, with `other` for the right side; every array a view of this memory. */
  partition(rows: Uint32Array, start: number, end: number, column: Uint8Array, bin: number, other: Uint32Array): number {
    return this.kernels.partition(rows.byteOffset, start, end, column.byteOffset, bin, other.byteOffset);
  }

  /** histogram.ts's gatherOrdered for one output; every array a view of this memory. */
  gather(rows: Uint32Array, start: number, end: number, weight: Float64Array, sums: Float64Array, ordered: Float64Array): void {
    this.kernels.gather(rows.byteOffset, start, end, weight.byteOffset, sums.byteOffset, ordered.byteOffset);
  }

  /** Zeroes hist[from, to), hist a view of this memory. */
  clear(hist: Float64Array, from: number, to: number): void {
    this.kernels.clear(hist.byteOffset + from * 8, (to - from) * 8);
  }

  /** parent -= child, both views of this memory of the same even length (subtractHistogram's sums, two at a time). */
  subtract(parent: Float64Array, child: Float64Array): void {
    this.kernels.subtract(parent.byteOffset, child.byteOffset, parent.length);
  }

  /**
   * The best threshold of feature `f` of a single-output node's full histogram (a view of this memory), into
   * `best` when it beats it: split-finder.ts's scanSingleOutput, the same sums and ties, in WebAssembly.
   */
  scanFeature(hist: Float64Array, f: number, binCount: number, totals: NodeTotals, limits: SplitLimits, best: SplitCandidate): void {
    const out = (this.scanOut ??= this.float64(RESULT_FIELDS));
    out[RESULT.gain] = best.gain;
    if (!this.scanInto(hist, f, binCount, { weight: totals.weight, count: totals.count, sum: totals.sums[0] }, limits, out, 0)) return;
    best.gain = out[RESULT.gain];
    best.feature = f;
    best.bin = out[RESULT.bin];
    best.leftWeight = out[RESULT.leftWeight];
    best.leftCount = out[RESULT.leftCount];
    best.leftSums[0] = out[RESULT.leftSum];
  }

  /**
   * scanFeature with the best so far kept in `results` (a view of this memory) at `at`, laid out as node-job.ts's
   * RESULT: beaten, it holds feature `f`'s winner, and this returns true.
   */
  scanInto(hist: Float64Array, f: number, binCount: number, totals: ScanTotals, limits: SplitLimits, results: Float64Array, at: number): boolean {
    const parentScore = singleLeafScore(totals.sum, totals.weight, limits.l2);
    const from = hist.byteOffset + f * FEATURE_BYTES;
    const out = results.byteOffset + at * 8;
    const bin = this.kernels.scan(from, binCount, totals.weight, totals.count, totals.sum, limits.l2, limits.minSamplesLeaf, limits.minWeightLeaf, parentScore, results[at + RESULT.gain], out);
    if (bin < 0) return false;
    results[at + RESULT.bin] = bin;
    results[at + RESULT.feature] = f;
    return true;
  }
}
