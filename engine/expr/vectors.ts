/**
 * Values while an expression is evaluated, one per row. Numbers and booleans are Float64Array
 * (booleans as 0/1) with NaN for missing; strings keep the dictionary encoding of category columns
 * (code -1 = missing), so string functions run once per distinct value, not once per row.
 */
/** Dates are epoch milliseconds in a NumVec; only comparison and `is null` take them. */
export type ExprType = 'number' | 'string' | 'boolean' | 'date' | 'null';
/**
 * `owned`: the array was made during this evaluation and only the consumer of this vector holds it,
 * so an elementwise kernel may write its result into it instead of touching a fresh row-sized array.
 */
export type NumVec = { kind: 'num'; values: Float64Array; owned?: boolean };
export type StrVec = { kind: 'str'; codes: Int32Array; dictionary: string[] };
export type Vec = NumVec | StrVec;

export const num = (values: Float64Array): NumVec => ({ kind: 'num', values });
export const ownedNum = (values: Float64Array): NumVec => ({ kind: 'num', values, owned: true });

/** An output array for an elementwise kernel over `inputs`: the first one owned, else a new one. */
export function outputFor(inputs: readonly NumVec[], n: number): Float64Array {
  const reusable = inputs.find((v) => v.owned && v.values.length === n);
  return reusable ? reusable.values : new Float64Array(n);
}

export function constNum(value: number, n: number): NumVec {
  return ownedNum(new Float64Array(n).fill(value));
}

export function constStr(value: string | null, n: number): StrVec {
  return value === null ? { kind: 'str', codes: new Int32Array(n).fill(-1), dictionary: [] } : { kind: 'str', codes: new Int32Array(n), dictionary: [value] };
}

/** Maps every distinct string through `f`, merging results that coincide (e.g. lower('A'), lower('a')). */
export function mapDictionary(vec: StrVec, f: (s: string) => string): StrVec {
  const index = new Map<string, number>();
  const dictionary: string[] = [];
  const remap = vec.dictionary.map((s) => {
    const out = f(s);
    let code = index.get(out);
    if (code === undefined) index.set(out, (code = dictionary.push(out) - 1));
    return code;
  });
  const codes = new Int32Array(vec.codes.length);
  for (let i = 0; i < codes.length; i++) codes[i] = vec.codes[i] < 0 ? -1 : remap[vec.codes[i]];
  return { kind: 'str', codes, dictionary };
}

/** Re-encodes several string vectors over one shared dictionary, so their codes compare directly. */
export function unifyStrings(vecs: StrVec[]): StrVec[] {
  const index = new Map<string, number>();
  const dictionary: string[] = [];
  return vecs.map((vec) => {
    const remap = vec.dictionary.map((s) => {
      let code = index.get(s);
      if (code === undefined) index.set(s, (code = dictionary.push(s) - 1));
      return code;
    });
    const codes = new Int32Array(vec.codes.length);
    for (let i = 0; i < codes.length; i++) codes[i] = vec.codes[i] < 0 ? -1 : remap[vec.codes[i]];
    return { kind: 'str', codes, dictionary };
  });
}

/** Drops dictionary entries no row uses, so a derived category column lists only real values. */
export function compactStrings(vec: StrVec): StrVec {
  const used = new Int32Array(vec.dictionary.length).fill(-1);
  const dictionary: string[] = [];
  const codes = new Int32Array(vec.codes.length);
  for (let i = 0; i < codes.length; i++) {
    const c = vec.codes[i];
    if (c < 0) codes[i] = -1;
    else codes[i] = used[c] >= 0 ? used[c] : (used[c] = dictionary.push(vec.dictionary[c]) - 1);
  }
  return { kind: 'str', codes, dictionary };
}

/** Applies a per-row function of strings; missing in any argument gives missing. */
export function perRowStrings(args: StrVec[], n: number, f: (values: string[]) => number): Float64Array {
  const out = new Float64Array(n);
  const values: string[] = new Array(args.length);
  for (let i = 0; i < n; i++) {
    let missing = false;
    for (let a = 0; a < args.length; a++) {
      const c = args[a].codes[i];
      if (c < 0) missing = true;
      else values[a] = args[a].dictionary[c];
    }
    out[i] = missing ? NaN : f(values);
  }
  return out;
}

/** Elementwise numeric kernel; results that are not finite (x/0, log(0), sqrt(-1)) become missing. */
export function mapNumbers(args: NumVec[], n: number, f: (...xs: number[]) => number): NumVec {
  const out = new Float64Array(n);
  const [a, b, c] = args.map((v) => v.values);
  if (args.length === 1) for (let i = 0; i < n; i++) out[i] = f(a[i]);
  else if (args.length === 2) for (let i = 0; i < n; i++) out[i] = f(a[i], b[i]);
  else for (let i = 0; i < n; i++) out[i] = f(a[i], b[i], c[i]);
  for (let i = 0; i < n; i++) if (out[i] - out[i] !== 0) out[i] = NaN;
  return num(out);
}
