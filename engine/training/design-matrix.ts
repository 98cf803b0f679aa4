import { canStartThreads } from '../threads/can-start-threads';
import { WASM_BASE64 } from './wasm/linear-kernels-wasm';

/**
 * A linear model's features as one column-major block in WebAssembly memory, with work vectors (target,
 * residuals, scores) beside it, and the products the fits spend their time in as SIMD kernels
 * (engine/training/wasm/linear-kernels.wat): the Gram matrix XᵀX, Xᵀv, X·w, dots and axpys. f64x2 lanes
 * and no bounds checks make them 3–4× faster than the same loops in JavaScript; where WebAssembly SIMD
 * is missing (or the block does not fit in 2 GB of wasm memory) the same kernels run in JavaScript.
 *
 * Every column and vector is `stride` long: the rows rounded up to a multiple of four, the pad rows kept
 * at 0 so the kernels step two or four rows at a time with no tail and pads add nothing to any sum. Columns and
 * vectors are views into one buffer; the methods take those views, not copies.
 */
export class DesignMatrix {
  readonly stride: number;
  private readonly workspace: Workspace;
  private readonly data: Float64Array;
  private released = false;

  constructor(readonly rows: number, readonly features: number, readonly vectors: number, engine: KernelEngine = 'auto') {
    this.stride = Math.ceil(rows / 4) * 4;
    this.workspace = acquireWorkspace((features + vectors) * this.stride, scratchFor(features, this.stride), engine);
    this.data = this.workspace.data;
    // A reused workspace holds the previous fit's numbers: clear the pads and vectors, which callers only
    // partly write; columns are written by the caller over every row.
    for (let j = 0; j < features; j++) this.data.fill(0, j * this.stride + rows, (j + 1) * this.stride);
    this.data.fill(0, features * this.stride, (features + vectors) * this.stride);
  }

  get engine(): 'wasm' | 'js' {
    return this.workspace.engine;
  }

  column(j: number): Float64Array {
    return this.data.subarray(j * this.stride, (j + 1) * this.stride);
  }

  /** `count` consecutive work vectors from `first` as one view (vector k + 1 starts `stride` after vector k). */
  vector(first: number, count = 1): Float64Array {
    const start = (this.features + first) * this.stride;
    return this.data.subarray(start, start + count * this.stride);
  }

  /** Copies values into column j (its first `rows` entries), centres it and returns the mean it took off. */
  setCentredColumn(j: number, values: Float64Array): number {
    const column = this.column(j);
    column.set(values.subarray(0, this.rows));
    const mean = this.workspace.kernels.sum(this.at(column), this.stride) / this.rows;
    this.affine(column, -mean, 1);
    return mean;
  }

  /** column = (column + shift)·factor on the real rows; pads stay 0. */
  affine(column: Float64Array, shift: number, factor: number): void {
    this.workspace.kernels.affine(this.at(column), this.stride, shift, factor);
    column.fill(0, this.rows);
  }

  /** XᵀX, p × p row-major with both triangles: the upper triangle's blocks summed slice by slice (addGramSlice). */
  gram(): Float64Array {
    const { kernels, scratch } = this.workspace;
    scratch.values.fill(0, 0, gramBlockCount(this.features) * 8);
    for (let slice = 0; slice < gramSlices(this.stride); slice++) addGramSlice(kernels, this.stride, this.features, slice, scratch.offset);
    return this.gramFromBlocks();
  }

  /**
   * gram() with helper threads taking slices of rows (gram-threads.ts): each slice's sums go to a block of
   * their own, added up here slice by slice, which are the additions gram() makes, so the matrix is gram()'s
   * bit for bit. Computed here alone when the matrix is small, there is no WebAssembly memory to share, or
   * the helpers are not up yet (the first large call starts them and does not wait for them).
   */
  async gramInThreads(): Promise<Float64Array> {
    const { memory, kernels, scratch } = this.workspace;
    const p = this.features;
    const slices = gramSlices(this.stride);
    // The same test that gave the scratch room for the partial sums.
    if (!memory || !threadedGram(this.stride, p) || !canStartThreads()) return this.gram();
    const sums = gramBlockCount(p) * 8;
    const partials = scratch.offset + sums;
    const { addGramInThreads } = await import('./gram-threads');
    await addGramInThreads({ memory, stride: this.stride, features: p, partials, slices }, kernels);
    const values = scratch.values;
    const partial = new Float64Array(memory.buffer, partials * 8, slices * sums);
    values.fill(0, 0, sums);
    for (let slice = 0; slice < slices; slice++) for (let k = 0; k < sums; k++) values[k] += partial[slice * sums + k];
    return this.gramFromBlocks();
  }

  /** The scratch's blocks (see addGramSlice) as the p × p matrix. */
  private gramFromBlocks(): Float64Array {
    const p = this.features;
    const values = this.workspace.scratch.values;
    const gram = new Float64Array(p * p);
    let block = 0;
    for (let a = 0; a < p; a += 2) {
      for (let b = a; b < p; b += 4, block += 8) {
        for (let r = 0; r < 2; r++) {
          for (let c = 0; c < 4; c++) {
            const row = a + r;
            const col = b + c;
            if (row < p && col < p && col >= row) gram[row * p + col] = gram[col * p + row] = values[block + r * 4 + c];
          }
        }
      }
    }
    return gram;
  }

  /** out[j] = Σ_i X[i, j]·v[i]. */
  dotColumns(v: Float64Array, out: Float64Array): void {
    const p = this.features;
    const { kernels, scratch } = this.workspace;
    const at = this.at(v);
    let j = 0;
    for (; j + 4 <= p; j += 4) {
      kernels.dot4(j * this.stride, (j + 1) * this.stride, (j + 2) * this.stride, (j + 3) * this.stride, at, this.stride, scratch.offset);
      for (let k = 0; k < 4; k++) out[j + k] = scratch.values[k];
    }
    for (; j < p; j++) out[j] = kernels.dot(j * this.stride, at, this.stride);
  }

  /** v += X·coef. */
  addLinear(coef: Float64Array, v: Float64Array): void {
    const p = this.features;
    const s = this.stride;
    const kernels = this.workspace.kernels;
    const at = this.at(v);
    let j = 0;
    for (; j + 4 <= p; j += 4) kernels.axpy4(coef[j], coef[j + 1], coef[j + 2], coef[j + 3], j * s, (j + 1) * s, (j + 2) * s, (j + 3) * s, at, s);
    for (; j < p; j++) kernels.axpy(coef[j], j * s, at, s);
  }

  dot(a: Float64Array, b: Float64Array): number {
    return this.workspace.kernels.dot(this.at(a), this.at(b), this.stride);
  }

  sum(a: Float64Array): number {
    return this.workspace.kernels.sum(this.at(a), this.stride);
  }

  /** y += alpha·x. */
  axpy(alpha: number, x: Float64Array, y: Float64Array): void {
    this.workspace.kernels.axpy(alpha, this.at(x), this.at(y), this.stride);
  }

  /** Hands the memory back for the next fit; the matrix and its views must not be used after. */
  release(): void {
    if (this.released) return;
    this.released = true;
    releaseWorkspace(this.workspace);
  }

  /** A view's position in the workspace, in elements. */
  private at(view: Float64Array): number {
    if (view.buffer !== this.data.buffer) throw new Error('DesignMatrix: a vector from another buffer was passed to a kernel.');
    return (view.byteOffset - this.data.byteOffset) / 8;
  }
}

export type KernelEngine = 'auto' | 'wasm' | 'js';

/**
 * The kernels over a workspace, positions and lengths in elements (lengths a multiple of 4). The wasm module takes
 * byte offsets; its wrapper converts.
 */
export interface Kernels {
  cross2x4(a0: number, a1: number, b0: number, b1: number, b2: number, b3: number, length: number, out: number): void;
  dot4(c0: number, c1: number, c2: number, c3: number, v: number, length: number, out: number): void;
  dot(a: number, b: number, length: number): number;
  sum(a: number, length: number): number;
  axpy(alpha: number, x: number, y: number, length: number): void;
  axpy4(w0: number, w1: number, w2: number, w3: number, c0: number, c1: number, c2: number, c3: number, y: number, length: number): void;
  affine(x: number, length: number, shift: number, factor: number): void;
}

type Workspace = {
  engine: 'wasm' | 'js';
  data: Float64Array;
  kernels: Kernels;
  /** Doubles after the data where the blocked kernels write their sums. */
  scratch: { offset: number; values: Float64Array };
  memory?: WebAssembly.Memory;
};

/** Rows per slice of the Gram matrix (a multiple of 4): 50 columns' slices (800 kB) fit in a 2 MB L2 cache. */
const GRAM_ROWS = 2048;
/** Rows × features² from which the Gram matrix is shared with helper threads (75k × 50² is 190M). */
const THREADED_GRAM_WORK = 20_000_000;

/** The Gram matrix's blocks: columns a, a+1 against b…b+3 for even a and b = a, a+4, … (the upper triangle). */
export function gramBlockCount(features: number): number {
  let blocks = 0;
  for (let a = 0; a < features; a += 2) blocks += Math.ceil((features - a) / 4);
  return blocks;
}

/** Slices of GRAM_ROWS rows in a column of `stride` rows. */
export const gramSlices = (stride: number) => Math.ceil(stride / GRAM_ROWS);

/**
 * Adds one slice of rows' share of every block of XᵀX into `out` (eight sums per block, in block order).
 * Every block of a slice reads the same few hundred kB, which stay in cache instead of streaming all of X
 * from memory once per block. Out-of-range columns repeat the last one; their sums are dropped when the
 * matrix is read out.
 */
export function addGramSlice(kernels: Kernels, stride: number, features: number, slice: number, out: number): void {
  const column = (j: number) => Math.min(j, features - 1) * stride;
  const start = slice * GRAM_ROWS;
  const length = Math.min(GRAM_ROWS, stride - start);
  let block = 0;
  for (let a = 0; a < features; a += 2) {
    for (let b = a; b < features; b += 4, block++) {
      kernels.cross2x4(column(a) + start, column(a + 1) + start, column(b) + start, column(b + 1) + start, column(b + 2) + start, column(b + 3) + start, length, out + block * 8);
    }
  }
}

/** Doubles after the data for the kernels' sums: eight per Gram block (at least eight), and gramInThreads' partial sums. */
function scratchFor(features: number, stride: number): number {
  const sums = Math.max(8, gramBlockCount(features) * 8);
  return sums + (threadedGram(stride, features) ? gramSlices(stride) * gramBlockCount(features) * 8 : 0);
}

/**
 * Whether gramInThreads shares the work: enough of it, more than one slice of rows to share, and partial
 * sums (a block of sums per slice) within a sixteenth of the design's memory. Their size grows with
 * features², so a wide design (a few hundred one-hot columns) is summed on one thread rather than pushed
 * past wasm's 2 GB into the JavaScript kernels.
 */
function threadedGram(stride: number, features: number): boolean {
  const slices = gramSlices(stride);
  return stride * features * features >= THREADED_GRAM_WORK && slices >= 2 && slices * gramBlockCount(features) * 8 <= (stride * features) / 16;
}
const PAGE = 65536;
/** wasm32 addresses 4 GB; staying under 2 GB keeps every byte offset a positive i32. */
const MAX_WASM_BYTES = 2 ** 31 - PAGE;
/** The shared memory's maximum (linear-kernels.wat declares the same): address space reserved, not memory. */
const MAX_PAGES = 2 ** 31 / PAGE;
/**
 * Page-faulting fresh memory costs about as much as the Gram matrix it holds (~16 ms for 30 MB), so
 * the last workspace is kept for the next fit in this thread, unless it is larger than this.
 */
const KEEP_BYTES = 256 * 2 ** 20;

let spare: WebAssembly.Memory | undefined;
let wasmModule: WebAssembly.Module | null | undefined;

function loadModule(): WebAssembly.Module | null {
  if (wasmModule !== undefined) return wasmModule;
  const bytes = Uint8Array.from(atob(WASM_BASE64), (c) => c.charCodeAt(0));
  wasmModule = typeof WebAssembly === 'object' && WebAssembly.validate(bytes) ? new WebAssembly.Module(bytes) : null;
  return wasmModule;
}

function acquireWorkspace(elements: number, scratch: number, engine: KernelEngine): Workspace {
  const bytes = (elements + scratch) * 8;
  const module = engine === 'js' ? null : loadModule();
  if (module && bytes <= MAX_WASM_BYTES) {
    const memory = takeMemory(bytes);
    if (memory) {
      const data = new Float64Array(memory.buffer, 0, elements);
      return { engine: 'wasm', data, kernels: wasmKernels(memory)!, scratch: { offset: elements, values: new Float64Array(memory.buffer, elements * 8, scratch) }, memory };
    }
  }
  if (engine === 'wasm') throw new Error('DesignMatrix: WebAssembly SIMD is not available here (or the matrix is over 2 GB).');
  const buffer = new Float64Array(elements + scratch);
  return { engine: 'js', data: buffer.subarray(0, elements), kernels: jsKernels(buffer), scratch: { offset: elements, values: buffer.subarray(elements) } };
}

/** The spare memory grown to `bytes`, or a new one; undefined when the engine cannot give that much. */
function takeMemory(bytes: number): WebAssembly.Memory | undefined {
  const pages = Math.ceil(bytes / PAGE);
  const memory = spare;
  spare = undefined;
  try {
    if (!memory) return new WebAssembly.Memory({ initial: pages, maximum: MAX_PAGES, shared: true });
    const have = memory.buffer.byteLength / PAGE;
    if (have < pages) memory.grow(pages - have);
    return memory;
  } catch (error) {
    // RangeError: no room; TypeError: no shared WebAssembly memory here. The JavaScript kernels still fit.
    if (error instanceof RangeError || error instanceof TypeError) return undefined;
    throw error;
  }
}

function releaseWorkspace(workspace: Workspace): void {
  if (workspace.memory && workspace.memory.buffer.byteLength <= KEEP_BYTES) spare = workspace.memory;
}

/** The kernels on a workspace's memory (a helper thread's own instance on the same memory), or null without WebAssembly SIMD. */
export function wasmKernels(memory: WebAssembly.Memory): Kernels | null {
  const module = loadModule();
  return module && byteOffsets(new WebAssembly.Instance(module, { env: { memory } }).exports as unknown as Kernels);
}

function byteOffsets(wasm: Kernels): Kernels {
  return {
    cross2x4: (a0, a1, b0, b1, b2, b3, length, out) => wasm.cross2x4(a0 * 8, a1 * 8, b0 * 8, b1 * 8, b2 * 8, b3 * 8, length * 8, out * 8),
    dot4: (c0, c1, c2, c3, v, length, out) => wasm.dot4(c0 * 8, c1 * 8, c2 * 8, c3 * 8, v * 8, length * 8, out * 8),
    dot: (a, b, length) => wasm.dot(a * 8, b * 8, length * 8),
    sum: (a, length) => wasm.sum(a * 8, length * 8),
    axpy: (alpha, x, y, length) => wasm.axpy(alpha, x * 8, y * 8, length * 8),
    axpy4: (w0, w1, w2, w3, c0, c1, c2, c3, y, length) => wasm.axpy4(w0, w1, w2, w3, c0 * 8, c1 * 8, c2 * 8, c3 * 8, y * 8, length * 8),
    affine: (x, length, shift, factor) => wasm.affine(x * 8, length * 8, shift, factor),
  };
}

/** The same kernels in plain JavaScript over one Float64Array, for runtimes without WebAssembly SIMD. */
export function jsKernels(m: Float64Array): Kernels {
  return {
    cross2x4(a0, a1, b0, b1, b2, b3, length, out) {
      let s00 = 0, s01 = 0, s02 = 0, s03 = 0, s10 = 0, s11 = 0, s12 = 0, s13 = 0;
      for (let i = 0; i < length; i++) {
        const p0 = m[a0 + i], p1 = m[a1 + i];
        const q0 = m[b0 + i], q1 = m[b1 + i], q2 = m[b2 + i], q3 = m[b3 + i];
        s00 += p0 * q0; s01 += p0 * q1; s02 += p0 * q2; s03 += p0 * q3;
        s10 += p1 * q0; s11 += p1 * q1; s12 += p1 * q2; s13 += p1 * q3;
      }
      m[out] += s00; m[out + 1] += s01; m[out + 2] += s02; m[out + 3] += s03;
      m[out + 4] += s10; m[out + 5] += s11; m[out + 6] += s12; m[out + 7] += s13;
    },
    dot4(c0, c1, c2, c3, v, length, out) {
      let s0 = 0, s1 = 0, s2 = 0, s3 = 0;
      for (let i = 0; i < length; i++) {
        const x = m[v + i];
        s0 += m[c0 + i] * x; s1 += m[c1 + i] * x; s2 += m[c2 + i] * x; s3 += m[c3 + i] * x;
      }
      m[out] = s0; m[out + 1] = s1; m[out + 2] = s2; m[out + 3] = s3;
    },
    dot(a, b, length) {
      let s = 0;
      for (let i = 0; i < length; i++) s += m[a + i] * m[b + i];
      return s;
    },
    sum(a, length) {
      let s = 0;
      for (let i = 0; i < length; i++) s += m[a + i];
      return s;
    },
    axpy(alpha, x, y, length) {
      for (let i = 0; i < length; i++) m[y + i] += alpha * m[x + i];
    },
    axpy4(w0, w1, w2, w3, c0, c1, c2, c3, y, length) {
      for (let i = 0; i < length; i++) m[y + i] += w0 * m[c0 + i] + w1 * m[c1 + i] + (w2 * m[c2 + i] + w3 * m[c3 + i]);
    },
    affine(x, length, shift, factor) {
      for (let i = 0; i < length; i++) m[x + i] = (m[x + i] + shift) * factor;
    },
  };
}
