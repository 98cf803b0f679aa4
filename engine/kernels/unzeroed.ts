/**
 * Arrays a kernel is about to write in full, without zeroing them first. `new Float64Array(n)` asks for
 * zeroed memory, and memory the allocator hands back from a freed column is zeroed by a pass of its own:
 * ~17 ms of a split's 1M-row gathers. Node's Buffer offers memory as it lies; only for loops that write
 * every cell, since a cell left unwritten would hold bytes of an earlier table. Small arrays, and places
 * without Buffer (the browser), get ordinary zeroed arrays.
 */
const UNZEROED_MIN_BYTES = 1 << 20;

type Unzeroed = { allocUnsafeSlow(size: number): Uint8Array };
const buffers = (globalThis as { Buffer?: Unzeroed }).Buffer;

function unzeroedBytes(bytes: number): ArrayBuffer | undefined {
  if (!buffers || bytes < UNZEROED_MIN_BYTES) return undefined;
  // allocUnsafeSlow gives a buffer of its own (never a slice of Node's shared pool), starting at offset 0.
  return buffers.allocUnsafeSlow(bytes).buffer as ArrayBuffer;
}

export function unzeroedFloat64(n: number): Float64Array {
  const buffer = unzeroedBytes(n * 8);
  return buffer ? new Float64Array(buffer, 0, n) : new Float64Array(n);
}

export function unzeroedInt32(n: number): Int32Array {
  const buffer = unzeroedBytes(n * 4);
  return buffer ? new Int32Array(buffer, 0, n) : new Int32Array(n);
}
