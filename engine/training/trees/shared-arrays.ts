/**
 * Where a fit makes the arrays its threads share: a HistogramMemory (views of one shared WebAssembly
 * memory, which it satisfies), or plain SharedArrayBuffers where WebAssembly threads are missing.
 */
export type SharedArrays = {
  uint8(length: number): Uint8Array;
  uint32(length: number): Uint32Array;
  float64(length: number): Float64Array;
};

export const sharedBuffers: SharedArrays = {
  uint8: (length) => new Uint8Array(new SharedArrayBuffer(length)),
  uint32: (length) => new Uint32Array(new SharedArrayBuffer(length * 4)),
  float64: (length) => new Float64Array(new SharedArrayBuffer(length * 8)),
};
