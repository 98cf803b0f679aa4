import { WASM_BASE64 } from '../wasm/tree-walk-wasm';
import type { CompiledEnsemble } from './compiled-ensemble';
import { fillBlock } from './row-block';

/**
 * The compiled walk on WebAssembly (engine/training/wasm/tree-walk.wat): the same steps and sums as
 * compiled-ensemble.ts's JavaScript walk, without a bounds check and a boolean-to-number conversion on
 * every step. The compiled arrays are copied into this thread's wasm memory once per ensemble (kept
 * there until another ensemble comes), then each block of rows is copied in beside them (fillBlock).
 */
type Exports = {
  walk(roots: number, trees: number, groups: number, outputs: number, n: number, rowBytes: number, nodes: number, thresholds: number, leafAt: number, values: number, block: number, scores: number, scoreBytes: number): void;
  walkColumns8(root: number, outputs: number, n: number, nodes: number, thresholds: number, leafAt: number, values: number, block: number, scores: number, scoreBytes: number): number;
};

/** Byte offsets of the resident ensemble's arrays; `end` is where a call's block and scores may start. */
type Layout = { roots: number; nodes: number; thresholds: number; leafAt: number; values: number; end: number };

type Walker = { exports: Exports; memory: WebAssembly.Memory; resident?: { model: CompiledEnsemble; layout: Layout } };

const PAGE = 65536;
let walker: Walker | null | undefined;

function loadWalker(): Walker | null {
  if (walker !== undefined) return walker;
  if (typeof WebAssembly !== 'object') return (walker = null);
  const bytes = Uint8Array.from(atob(WASM_BASE64), (c) => c.charCodeAt(0));
  if (!WebAssembly.validate(bytes)) return (walker = null);
  const memory = new WebAssembly.Memory({ initial: 16 });
  const exports = new WebAssembly.Instance(new WebAssembly.Module(bytes), { env: { memory } }).exports as unknown as Exports;
  return (walker = { exports, memory });
}

function growTo(memory: WebAssembly.Memory, bytes: number): void {
  const have = memory.buffer.byteLength;
  if (have < bytes) memory.grow(Math.ceil((bytes - have) / PAGE));
}

const align8 = (n: number) => Math.ceil(n / 8) * 8;

/** Copies the ensemble into wasm memory unless it is already there. */
function residentLayout(wasm: Walker, model: CompiledEnsemble): Layout {
  if (wasm.resident?.model === model) return wasm.resident.layout;
  const { nodes, threshold, leafAt, roots, leafValues } = model;
  const thresholds = 0;
  const values = thresholds + threshold.byteLength;
  const nodesAt = values + leafValues.byteLength;
  const leafAtAt = nodesAt + nodes.byteLength;
  const rootsAt = leafAtAt + leafAt.byteLength;
  const layout = { thresholds, values, nodes: nodesAt, leafAt: leafAtAt, roots: rootsAt, end: align8(rootsAt + roots.byteLength) };
  growTo(wasm.memory, layout.end);
  const buffer = wasm.memory.buffer;
  new Float64Array(buffer, thresholds, threshold.length).set(threshold);
  new Float64Array(buffer, values, leafValues.length).set(leafValues);
  new Int32Array(buffer, nodesAt, nodes.length).set(nodes);
  new Int32Array(buffer, leafAtAt, leafAt.length).set(leafAt);
  new Int32Array(buffer, rootsAt, roots.length).set(roots);
  wasm.resident = { model, layout };
  return layout;
}

/**
 * addCompiledScores on WebAssembly: the same scores bit for bit. Returns false, having done nothing,
 * where WebAssembly is missing.
 */
export function addWasmScores(model: CompiledEnsemble, groups: number, outputs: number, columns: Float64Array[], start: number, end: number, scores: Float64Array): boolean {
  const wasm = loadWalker();
  if (!wasm) return false;
  const { rowBlock, rowStep } = model;
  const width = groups * outputs;
  const layout = residentLayout(wasm, model);
  const blockAt = layout.end;
  const scoresAt = blockAt + rowBlock * (columns.length + 1) * 8;
  growTo(wasm.memory, scoresAt + rowBlock * width * 8);
  const memory = new Float64Array(wasm.memory.buffer);
  const block = memory.subarray(blockAt / 8, scoresAt / 8);
  const blockScores = memory.subarray(scoresAt / 8, scoresAt / 8 + rowBlock * width);
  // Column 0 is what a leaf reads: 0, so that 0 ≤ +∞ keeps the row at its leaf (stale memory could hold NaN).
  for (let r = 0; r < rowBlock; r++) block[r * rowStep] = 0;
  for (let from = start; from < end; from += rowBlock) {
    const to = Math.min(end, from + rowBlock);
    fillBlock(block, model, columns, from, to);
    blockScores.set(scores.subarray(from * width, to * width));
    const { roots, nodes, thresholds, leafAt, values } = layout;
    const trees = model.roots.length - 1;
    // A single tree over columns: eight rows at a time, then walk takes the last few.
    const done = trees === 1 && rowStep === 1 ? wasm.exports.walkColumns8(model.roots[0]!, outputs, to - from, nodes, thresholds, leafAt, values, blockAt, scoresAt, width * 8) : 0;
    wasm.exports.walk(roots, trees, groups, outputs, to - from - done, rowStep * 8, nodes, thresholds, leafAt, values, blockAt + done * 8, scoresAt + done * width * 8, width * 8);
    scores.set(blockScores.subarray(0, (to - from) * width), from * width);
  }
  return true;
}
