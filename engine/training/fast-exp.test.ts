import { describe, expect, test } from 'vitest';
import { createRandom } from '../kernels/random';
import { exp, sigmoid } from './fast-exp';

const bits = new Float64Array(1);
const word = new BigInt64Array(bits.buffer);
const ulpsBetween = (a: number, b: number) => {
  bits[0] = a;
  const x = word[0];
  bits[0] = b;
  const d = x - word[0];
  return Number(d < 0n ? -d : d);
};

describe('exp', () => {
  test.each([
    ['near zero', 1],
    ['scores', 40],
    ['the whole finite range', 745],
  ])('within 2 ulps of Math.exp over %s', (_, scale) => {
    const random = createRandom(7);
    let worst = 0;
    for (let i = 0; i < 200_000; i++) {
      const x = (2 * random() - 1) * scale;
      worst = Math.max(worst, ulpsBetween(exp(x), Math.exp(x)));
    }
    expect(worst).toBeLessThanOrEqual(2);
  });

  test('edges: zero, overflow, underflow, subnormal results, infinities and NaN', () => {
    expect(exp(0)).toBe(1);
    expect(exp(-0)).toBe(1);
    expect(exp(709.782712893384)).toBe(Math.exp(709.782712893384));
    expect(exp(709.79)).toBe(Infinity);
    expect(exp(Infinity)).toBe(Infinity);
    expect(exp(-745.14)).toBe(0);
    expect(exp(-Infinity)).toBe(0);
    expect(exp(NaN)).toBeNaN();
    for (const x of [-708.5, -720, -740, -745.1]) expect(ulpsBetween(exp(x), Math.exp(x)), String(x)).toBeLessThanOrEqual(2);
  });

  test('rounds x·64/ln2 as reading the shifted sum\'s low word does, at every half-integer boundary', () => {
    // The integer part, read back from the sum's bits, as exp did before `| 0`: saved models' scores depend on it.
    const shifted = new Float64Array(1);
    const words = new Int32Array(shifted.buffer);
    const low = new Uint8Array(Uint16Array.of(1).buffer)[0] === 1 ? 0 : 1;
    const inv = 64 / Math.LN2;
    for (let n = -68_800; n <= 65_535; n += 7) {
      for (const nudge of [-1e-9, 0, 1e-9]) {
        const x = (n + 0.5) / inv + nudge;
        shifted[0] = x * inv + 1.5 * 2 ** 52;
        expect((shifted[0] - 1.5 * 2 ** 52) | 0).toBe(words[low]);
      }
    }
  });

  test('sigmoid is 1 / (1 + e^-x), saturating without NaN', () => {
    for (const x of [-3, -0.5, 0, 0.25, 7]) expect(sigmoid(x)).toBeCloseTo(1 / (1 + Math.exp(-x)), 15);
    expect(sigmoid(-1000)).toBe(0);
    expect(sigmoid(1000)).toBe(1);
  });
});
