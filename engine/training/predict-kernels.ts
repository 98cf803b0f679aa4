import { EXP_CONSTANTS, sigmoid } from './fast-exp';
import { addLinear } from './linear-kernels';
import { WASM_BASE64 } from './wasm/predict-kernels-wasm';

/**
 * Batch prediction's arithmetic on WebAssembly SIMD (engine/training/wasm/predict-kernels.wat): the
 * caller's columns are copied into a small block of wasm memory (thousands of rows of a few columns at a
 * time, or hundreds of rows for a network's layers: the copy is a memcpy that stays in cache), where
 * f64x2 / f32x4 lanes do the multiply-adds 2–4× faster than the same loops in JavaScript, and a binary
 * model's sigmoid. One instance and memory per thread, grown on demand and reused. Where WebAssembly
 * SIMD is missing the same sums run in JavaScript.
 */
type Exports = {
  gemv(x: number, p: number, w: number, y: number, bytes: number): void;
  dense(x: number, inputs: number, rowBytes: number, inputBytes: number, w: number, b: number, units: number, out: number, rows: number, relu: number): void;
  sigmoid_pairs(scores: number, out: number, constants: number, bytes: number): number;
};

type Instance = { exports: Exports; memory: WebAssembly.Memory };

const PAGE = 65536;
let instance: Instance | null | undefined;

function loadInstance(): Instance | null {
  if (instance !== undefined) return instance;
  const bytes = Uint8Array.from(atob(WASM_BASE64), (c) => c.charCodeAt(0));
  if (typeof WebAssembly !== 'object' || !WebAssembly.validate(bytes)) return (instance = null);
  const memory = new WebAssembly.Memory({ initial: 16 });
  const exports = new WebAssembly.Instance(new WebAssembly.Module(bytes), { env: { memory } }).exports as unknown as Exports;
  return (instance = { exports, memory });
}

/** The instance with at least `bytes` of memory; views of its buffer must be taken after this call. */
function instanceWith(bytes: number): Instance | null {
  const loaded = loadInstance();
  if (!loaded) return null;
  const have = loaded.memory.buffer.byteLength;
  if (have < bytes) loaded.memory.grow(Math.ceil((bytes - have) / PAGE));
  return loaded;
}

/** Rows per block: a block of features stays within ~512 kB (L2), a multiple of four rows, at most 1,024. */
function blockRows(bytesPerRow: number): number {
  return Math.max(4, Math.min(1024, Math.floor(2 ** 19 / bytesPerRow / 4) * 4));
}

const roundUp4 = (n: number) => Math.ceil(n / 4) * 4;

/** Rows per block of the gemv kernel, whose columns lie a fixed 32,768 bytes apart (predict-kernels.wat). */
const GEMV_BLOCK_ROWS = 4096;
/**
 * Features copied in and summed per step: eight columns of a block (256 kB) and its scores (32 kB) stay
 * in L2 while the kernel reads them, and each copy is 32 kB, so the per-call cost of TypedArray.set, paid
 * per column and block, is spread over four times the bytes of 1,024-row blocks (a fifth less copy time).
 */
const GEMV_CHUNK_FEATURES = 8;

/**
 * out[k·rows + i] = intercepts[k] + Σ_j weights[k·p + j]·columns[j][i] for each output k (class-major),
 * with the same bits as addLinear's order of sums. Rows go through in blocks of GEMV_BLOCK_ROWS and
 * features in chunks of GEMV_CHUNK_FEATURES (a multiple of four, so chunks keep addLinear's groups), which
 * bounds the wasm memory at about 300 kB plus the weights (outputs × features) however many the rows.
 */
export function linearScores(columns: Float64Array[], rows: number, weights: Float64Array, intercepts: Float64Array, out: Float64Array): void {
  const p = columns.length;
  const outputs = intercepts.length;
  const p4 = roundUp4(p);
  const block = GEMV_BLOCK_ROWS;
  const chunk = GEMV_CHUNK_FEATURES;
  // Layout (bytes): one chunk of features (chunk × block, column-major), weights outputs × p4, a score vector of block per output.
  const weightsAt = chunk * block * 8;
  const scoresAt = weightsAt + outputs * p4 * 8;
  const wasm = rows > 0 && p > 0 ? instanceWith(scoresAt + outputs * block * 8) : null;
  if (!wasm) {
    for (let k = 0; k < outputs; k++) {
      const z = out.subarray(k * rows, (k + 1) * rows);
      z.fill(intercepts[k]);
      addLinear(columns, weights.subarray(k * p, (k + 1) * p), z);
    }
    return;
  }
  const memory = new Float64Array(wasm.memory.buffer);
  for (let k = 0; k < outputs; k++) {
    memory.set(weights.subarray(k * p, (k + 1) * p), weightsAt / 8 + k * p4);
    memory.fill(0, weightsAt / 8 + k * p4 + p, weightsAt / 8 + (k + 1) * p4);
  }
  const scores = (k: number) => memory.subarray(scoresAt / 8 + k * block, scoresAt / 8 + (k + 1) * block);
  for (let start = 0; start < rows; start += block) {
    const n = Math.min(block, rows - start);
    for (let k = 0; k < outputs; k++) scores(k).fill(intercepts[k]);
    for (let first = 0; first < p; first += chunk) {
      const width = Math.min(chunk, p - first);
      for (let j = 0; j < width; j++) memory.set(columns[first + j].subarray(start, start + n), j * block);
      // Pad columns have zero weights, but stale memory could hold NaN bit patterns: 0·NaN is NaN.
      memory.fill(0, width * block, roundUp4(width) * block);
      for (let k = 0; k < outputs; k++) {
        // Pairs of rows per SIMD step: an odd tail row reads one stale row whose score is never copied out.
        wasm.exports.gemv(0, roundUp4(width), weightsAt + (k * p4 + first) * 8, scoresAt + k * block * 8, Math.ceil(n / 2) * 16);
      }
    }
    for (let k = 0; k < outputs; k++) out.set(scores(k).subarray(0, n), k * rows + start);
  }
}

/** Rows per block of sigmoidPairs: 32 kB of scores and 64 kB of probabilities. */
const SIGMOID_BLOCK_ROWS = 4096;

/**
 * out[2r] = 1 − p, out[2r + 1] = p with p = sigmoid(scores[r]), the bits fast-exp.ts's sigmoid gives, on
 * SIMD lanes a block of rows at a time; a block holding a score whose e^−s fast-exp takes another branch
 * for (NaN, beyond ±708) is computed by that sigmoid instead. `scores` may be `out`'s first half: blocks go
 * last to first, so a block's pairs land only on its own scores (read by then) and on later blocks'.
 * False when WebAssembly SIMD is missing, having done nothing.
 */
export function sigmoidPairs(scores: Float64Array, rows: number, out: Float64Array): boolean {
  const block = SIGMOID_BLOCK_ROWS;
  // Layout (bytes): the constants, the block's scores, its probabilities.
  const scoresAt = 1024;
  const outAt = scoresAt + block * 8;
  const wasm = rows > 0 ? instanceWith(outAt + block * 16) : null;
  if (!wasm) return false;
  const memory = new Float64Array(wasm.memory.buffer);
  memory.set(EXP_CONSTANTS, 0);
  for (let start = Math.floor((rows - 1) / block) * block; start >= 0; start -= block) {
    const n = Math.min(block, rows - start);
    const held = memory.subarray(scoresAt / 8, scoresAt / 8 + n);
    held.set(scores.subarray(start, start + n));
    // An odd block's last pair reads one row past it, whose result is not copied out: zero, not stale NaN.
    if (n % 2 === 1) memory[scoresAt / 8 + n] = 0;
    if (wasm.exports.sigmoid_pairs(scoresAt, outAt, 0, Math.ceil(n / 2) * 16) === 0) {
      out.set(memory.subarray(outAt / 8, outAt / 8 + 2 * n), 2 * start);
      continue;
    }
    for (let i = 0; i < n; i++) {
      const p = sigmoid(held[i]);
      out[2 * (start + i)] = 1 - p;
      out[2 * (start + i) + 1] = p;
    }
  }
  return true;
}

export type DenseLayer = {
  /** inputs × units, row-major (TensorFlow's kernel layout). */
  kernel: Float32Array;
  bias: Float32Array;
  units: number;
  relu: boolean;
};

/**
 * A stack of dense layers over rows in blocks: `fill(block, start, n, stride)` writes rows start…start+n
 * as float32, column-major (input j of row r at block[j·stride + r], as the caller's columns lie, so
 * nothing is transposed), into `block`; `finish(values, start, n, stride)`
 * reads the last layer's outputs for those rows (row r's unit u at values[r·stride + u]) before the block
 * is reused. Activations other than ReLU are the caller's, applied in `between(layer, values, n, stride)`
 * after that layer's products. Float32 throughout, as TensorFlow.js computes. Returns false when
 * WebAssembly SIMD is missing, having done nothing.
 */
export function forwardDense(
  inputs: number,
  layers: DenseLayer[],
  rows: number,
  fill: (block: Float32Array, start: number, n: number, stride: number) => void,
  between: (layer: number, values: Float32Array, n: number, stride: number) => void,
  finish: (values: Float32Array, start: number, n: number, stride: number) => void,
): boolean {
  const widths = layers.map((layer) => roundUp4(layer.units));
  const widest = Math.max(...widths);
  const block = blockRows(4 * (inputs + 2 * widest));
  // Layout (floats): per layer its padded kernel (previous width × width) and bias, then the input block
  // and two activation blocks used in turn.
  const offsets: { kernel: number; bias: number }[] = [];
  let at = 0;
  for (let l = 0; l < layers.length; l++) {
    const rowsIn = l === 0 ? inputs : widths[l - 1];
    offsets.push({ kernel: at, bias: at + rowsIn * widths[l] });
    at += rowsIn * widths[l] + widths[l];
  }
  const xAt = at;
  const hAt = [xAt + block * inputs, xAt + block * inputs + block * widest];
  const wasm = instanceWith((hAt[1] + block * widest) * 4);
  if (!wasm) return false;
  const memory = new Float32Array(wasm.memory.buffer);
  layers.forEach((layer, l) => {
    const { kernel, bias } = offsets[l];
    // Pad rows and units are zero, so a pad unit (whatever its activation makes of 0) adds nothing downstream.
    memory.fill(0, kernel, bias + widths[l]);
    const sourceInputs = l === 0 ? inputs : layers[l - 1].units;
    for (let i = 0; i < sourceInputs; i++) memory.set(layer.kernel.subarray(i * layer.units, (i + 1) * layer.units), kernel + i * widths[l]);
    memory.set(layer.bias, bias);
  });
  const x = memory.subarray(xAt, xAt + block * inputs);
  for (let start = 0; start < rows; start += block) {
    const n = Math.min(block, rows - start);
    fill(x, start, n, block);
    let input = xAt;
    let inputWidth = inputs;
    layers.forEach((layer, l) => {
      const output = hAt[l % 2];
      // The features column-major (a column every `block` rows), later layers' activations row-major.
      const [rowBytes, inputBytes] = l === 0 ? [4, block * 4] : [inputWidth * 4, 4];
      wasm.exports.dense(input * 4, inputWidth, rowBytes, inputBytes, offsets[l].kernel * 4, offsets[l].bias * 4, widths[l], output * 4, roundUp4(n), layer.relu ? 1 : 0);
      const values = memory.subarray(output, output + block * widths[l]);
      if (l < layers.length - 1) between(l, values, n, widths[l]);
      else finish(values, start, n, widths[l]);
      input = output;
      inputWidth = widths[l];
    });
  }
  return true;
}
