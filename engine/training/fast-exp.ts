/**
 * e^x within 2 ulps of Math.exp, for the loops that turn a batch's scores into probabilities.
 * Optimised code calls out of JavaScript for every Math.exp, which made the logistic link a third of a
 * batch prediction's time; this stays inline. x = (64k + j)·ln2/64 + r with |r| ≤ ln2/128: e^r is a
 * degree-5 polynomial (its truncation error is under 4e-17), 2^(j/64) and 2^k come from tables, and r is
 * reduced with ln2 split in two (fdlibm's constants), exact for every |x| that does not overflow.
 */
const N = 64;
const INV_LN2_N = N / Math.LN2;
/** fdlibm's ln2 split: the high part's low 21 bits are zero, so n·LN2_HI is exact for |n| < 2^21. */
const LN2_HI_N = 6.93147180369123816490e-1 / N;
const LN2_LO_N = 1.90821492927058770002e-10 / N;
const OVERFLOW = 709.782712893384;
const UNDERFLOW = -745.1332191019412;

const TWO_POW_J = Float64Array.from({ length: N }, (_, j) => 2 ** (j / N));
/** 2^k for the normal range k = -1022…1023; the rest scale in two steps. */
const TWO_POW_K = Float64Array.from({ length: 2046 }, (_, i) => 2 ** (i - 1022));
/**
 * Adding 1.5·2^52 rounds x·64/ln2 to an integer, exactly representable, so subtracting it back gives that
 * integer as a double and `| 0` reads it: Math.round and its conversion took a third of the time, and
 * reading the sum's low bits through a typed-array view cost a sixth more than this.
 */
const SHIFTER = 1.5 * 2 ** 52;

export function exp(x: number): number {
  if (!(x <= OVERFLOW)) return x > OVERFLOW ? Infinity : NaN;
  if (x < UNDERFLOW) return 0;
  const nd = x * INV_LN2_N + SHIFTER - SHIFTER;
  const n = nd | 0;
  const r = x - nd * LN2_HI_N - nd * LN2_LO_N;
  const k = n >> 6;
  const p = r + r * r * (0.5 + r * (1 / 6 + r * (1 / 24 + r * (1 / 120))));
  const m = TWO_POW_J[n & (N - 1)];
  const mantissa = m + m * p;
  if (k >= -1022 && k <= 1023) return mantissa * TWO_POW_K[k + 1022];
  return k > 0 ? mantissa * 2 * TWO_POW_K[k - 1 + 1022] : mantissa * TWO_POW_K[k + 60 + 1022] * 2 ** -60;
}

/**
 * exp's constants in the order the SIMD sigmoid reads them (predict-kernels.wat's sigmoid_pairs): 64/ln2,
 * the shifter, ln2/64 high and low, the polynomial's 1/6, 1/24 and 1/120, a pad, then 2^(j/64).
 */
export const EXP_CONSTANTS = Float64Array.of(INV_LN2_N, SHIFTER, LN2_HI_N, LN2_LO_N, 1 / 6, 1 / 24, 1 / 120, 0, ...TWO_POW_J);

/** 1 / (1 + e^-x): a binary model's probability of its positive class. */
export const sigmoid = (x: number): number => 1 / (1 + exp(-x));
