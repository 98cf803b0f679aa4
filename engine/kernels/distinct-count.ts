/**
 * Counts distinct Float64 values: exactly while there are at most EXACT_LIMIT of them (an open-addressing
 * hash set over the values), then by HyperLogLog (2^14 registers, standard error ≈ 0.81 %), seeded with
 * every value the exact set held. NaN (missing) is never counted; -0 and 0 count as one value.
 */
export const EXACT_LIMIT = 1 << 16;
const HLL_BITS = 14;
const HLL_REGISTERS = 1 << HLL_BITS;
/** Caps a register's rank at the hash bits left after the register index. */
const RANK_GUARD = 1 << (HLL_BITS - 1);

export type DistinctCount = { distinct: number; exact: boolean };

/** A 32-bit hash of a double's two halves (murmur3's finaliser over a multiplicative mix). */
function hash(lo: number, hi: number): number {
  let h = lo ^ Math.imul(hi, 0x9e3779b1);
  h ^= h >>> 16;
  h = Math.imul(h, 0x85ebca6b);
  h ^= h >>> 13;
  h = Math.imul(h, 0xc2b2ae35);
  return h ^ (h >>> 16);
}

export function countDistinct(values: Float64Array): DistinctCount {
  // The column's bits, read two 32-bit words per value, so hashing never copies a number.
  const bits = new Uint32Array(values.buffer, values.byteOffset, values.length * 2);
  // Sized by the row count so a short column does not zero a large table; load factor ≤ 0.5.
  const tableSize = 2 ** Math.ceil(Math.log2(Math.max(8, 2 * Math.min(values.length, EXACT_LIMIT))));
  const mask = tableSize - 1;
  const table = new Float64Array(tableSize);
  const used = new Uint8Array(tableSize);
  let size = 0;
  let i = 0;
  for (; i < values.length && size <= EXACT_LIMIT; i++) {
    const v = values[i];
    if (v !== v) continue;
    const h = v === 0 ? hash(0, 0) : hash(bits[2 * i], bits[2 * i + 1]);
    let slot = h & mask;
    const key = v === 0 ? 0 : v;
    while (used[slot] && table[slot] !== key) slot = (slot + 1) & mask;
    if (used[slot]) continue;
    used[slot] = 1;
    table[slot] = key;
    size++;
  }
  if (size <= EXACT_LIMIT) return { distinct: size, exact: true };

  const registers = new Uint8Array(HLL_REGISTERS);
  const tableBits = new Uint32Array(table.buffer);
  for (let s = 0; s < tableSize; s++) if (used[s]) addToSketch(registers, hash(tableBits[2 * s], tableBits[2 * s + 1]));
  for (; i < values.length; i++) {
    const v = values[i];
    if (v !== v) continue;
    addToSketch(registers, v === 0 ? hash(0, 0) : hash(bits[2 * i], bits[2 * i + 1]));
  }
  return { distinct: Math.round(estimate(registers)), exact: false };
}

function addToSketch(registers: Uint8Array, h: number) {
  const index = h >>> (32 - HLL_BITS);
  const rank = Math.clz32((h << HLL_BITS) | RANK_GUARD) + 1;
  if (rank > registers[index]) registers[index] = rank;
}

/** The HyperLogLog estimate with linear counting for small cardinalities (Flajolet et al. 2007). */
function estimate(registers: Uint8Array): number {
  const m = registers.length;
  let sum = 0;
  let zeros = 0;
  for (let r = 0; r < m; r++) {
    sum += 2 ** -registers[r];
    if (registers[r] === 0) zeros++;
  }
  const raw = ((0.7213 / (1 + 1.079 / m)) * m * m) / sum;
  return raw <= 2.5 * m && zeros > 0 ? m * Math.log(m / zeros) : raw;
}
