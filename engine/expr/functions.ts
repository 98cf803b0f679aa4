import { mapDictionary, mapNumbers, num, outputFor, ownedNum, perRowStrings, unifyStrings, type ExprType, type NumVec, type StrVec, type Vec } from './vectors';

/**
 * The allowlist of functions. Lookups go through a Map, so names such as `constructor` or
 * `__proto__` are simply unknown. `args` holds vectors already converted to the declared types.
 */
export type FunctionDef = {
  signature: string;
  /** One line for the editor's completion list and LANGUAGE.md's readers. */
  description: string;
  minArgs: number;
  maxArgs: number;
  /** The declared type of argument i given all argument types, or undefined if any type fits. */
  paramType(i: number, argTypes: ExprType[]): ExprType;
  result(argTypes: ExprType[]): ExprType;
  run(args: Vec[], n: number): Vec;
};

const nums = (args: Vec[]) => args as NumVec[];
const strs = (args: Vec[]) => args as StrVec[];

function numeric(arity: number, f: (...xs: number[]) => number, signature: string, description: string): FunctionDef {
  return { signature, description, minArgs: arity, maxArgs: arity, paramType: () => 'number', result: () => 'number', run: (args, n) => mapNumbers(nums(args), n, f) };
}

/**
 * One loop per one-argument math function: a shared loop calling `f` per row is megamorphic in V8
 * and several times slower. Results that are not finite become missing, as in mapNumbers.
 */
function unaryMath(name: 'abs' | 'floor' | 'ceil' | 'sqrt' | 'log' | 'exp', signature: string, description: string): FunctionDef {
  const run = (args: Vec[], n: number): Vec => {
    const a = nums(args)[0].values;
    const out = new Float64Array(n);
    switch (name) {
      case 'abs': for (let i = 0; i < n; i++) out[i] = Math.abs(a[i]); break;
      case 'floor': for (let i = 0; i < n; i++) out[i] = Math.floor(a[i]); break;
      case 'ceil': for (let i = 0; i < n; i++) out[i] = Math.ceil(a[i]); break;
      case 'sqrt': for (let i = 0; i < n; i++) out[i] = Math.sqrt(a[i]); break;
      case 'log': for (let i = 0; i < n; i++) out[i] = Math.log(a[i]); break;
      case 'exp': for (let i = 0; i < n; i++) out[i] = Math.exp(a[i]); break;
    }
    for (let i = 0; i < n; i++) if (out[i] - out[i] !== 0) out[i] = NaN;
    return num(out);
  };
  return { signature, description, minArgs: 1, maxArgs: 1, paramType: () => 'number', result: () => 'number', run };
}

function stringMap(f: (s: string) => string, signature: string, description: string): FunctionDef {
  return { signature, description, minArgs: 1, maxArgs: 1, paramType: () => 'string', result: () => 'string', run: (args) => mapDictionary(strs(args)[0], f) };
}

function stringTest(f: (s: string, t: string) => boolean, signature: string, description: string): FunctionDef {
  return {
    signature, description, minArgs: 2, maxArgs: 2, paramType: () => 'string', result: () => 'boolean',
    run: (args, n) => {
      const [text, part] = strs(args);
      if (!isConstant(part)) return num(perRowStrings([text, part], n, ([s, t]) => (f(s, t) ? 1 : 0)));
      // The usual case, contains(column, 'literal'): test each distinct value once.
      const hits = Float64Array.from(text.dictionary, (s) => (f(s, part.dictionary[0]) ? 1 : 0));
      const out = new Float64Array(n);
      for (let i = 0; i < n; i++) out[i] = text.codes[i] < 0 ? NaN : hits[text.codes[i]];
      return num(out);
    },
  };
}

/** A vector holding one non-missing value on every row (a literal). */
function isConstant(vec: StrVec): boolean {
  return vec.dictionary.length === 1 && !vec.codes.some((c) => c < 0);
}

/** The common type of polymorphic arguments (coalesce, if): the first one that is not null. */
export const commonType = (types: ExprType[]): ExprType => types.find((t) => t !== 'null') ?? 'null';

function roundHalfAway(x: number, digits = 0): number {
  const scale = 10 ** Math.max(-15, Math.min(15, Math.trunc(digits)));
  return (Math.sign(x) * Math.round(Math.abs(x) * scale)) / scale;
}

function coalesce(args: Vec[], n: number): Vec {
  if (args[0].kind === 'num') {
    const out = new Float64Array(nums(args)[0].values);
    for (const arg of nums(args).slice(1)) for (let i = 0; i < n; i++) if (out[i] !== out[i]) out[i] = arg.values[i];
    return num(out);
  }
  const unified = unifyStrings(strs(args));
  const codes = new Int32Array(unified[0].codes);
  for (const arg of unified.slice(1)) for (let i = 0; i < n; i++) if (codes[i] < 0) codes[i] = arg.codes[i];
  return { kind: 'str', codes, dictionary: unified[0].dictionary };
}

function ifThen(args: Vec[], n: number): Vec {
  const cond = (args[0] as NumVec).values;
  if (args[1].kind === 'num') {
    const [a, b] = [nums(args)[1].values, nums(args)[2].values];
    const out = outputFor(nums(args), n);
    for (let i = 0; i < n; i++) out[i] = cond[i] !== cond[i] ? NaN : cond[i] ? a[i] : b[i];
    return ownedNum(out);
  }
  const [a, b] = unifyStrings([args[1] as StrVec, args[2] as StrVec]);
  const codes = new Int32Array(n);
  for (let i = 0; i < n; i++) codes[i] = cond[i] !== cond[i] ? -1 : cond[i] ? a.codes[i] : b.codes[i];
  return { kind: 'str', codes, dictionary: a.dictionary };
}

function extreme(pick: (a: number, b: number) => number): (args: Vec[], n: number) => Vec {
  return (args, n) => nums(args).slice(1).reduce((acc, arg) => mapNumbers([acc, arg], n, pick), nums(args)[0]);
}

export const FUNCTIONS = new Map<string, FunctionDef>([
  ['abs', unaryMath('abs', 'abs(number)', 'The value without its sign.')],
  ['floor', unaryMath('floor', 'floor(number)', 'Rounds down to a whole number.')],
  ['ceil', unaryMath('ceil', 'ceil(number)', 'Rounds up to a whole number.')],
  ['sqrt', unaryMath('sqrt', 'sqrt(number)', 'Square root; missing for negative numbers.')],
  ['log', unaryMath('log', 'log(number)', 'Natural logarithm; missing for 0 and negative numbers.')],
  ['exp', unaryMath('exp', 'exp(number)', 'e raised to the number.')],
  ['pow', numeric(2, Math.pow, 'pow(base, exponent)', 'base raised to exponent.')],
  ['round', {
    ...numeric(1, roundHalfAway, 'round(number[, digits])', 'Rounds to digits decimals (default 0), halves away from zero.'),
    maxArgs: 2, run: (args, n) => mapNumbers(nums(args), n, roundHalfAway),
  }],
  ['min', {
    signature: 'min(number, number, ...)', description: 'The smallest of the numbers on each row.',
    minArgs: 2, maxArgs: 16, paramType: () => 'number', result: () => 'number', run: extreme(Math.min),
  }],
  ['max', {
    signature: 'max(number, number, ...)', description: 'The largest of the numbers on each row.',
    minArgs: 2, maxArgs: 16, paramType: () => 'number', result: () => 'number', run: extreme(Math.max),
  }],
  ['lower', stringMap((s) => s.toLowerCase(), 'lower(text)', 'The text in lowercase.')],
  ['upper', stringMap((s) => s.toUpperCase(), 'upper(text)', 'The text in uppercase.')],
  ['trim', stringMap((s) => s.trim(), 'trim(text)', 'The text without leading and trailing spaces.')],
  ['length', {
    signature: 'length(text)', description: 'The number of characters in the text.',
    minArgs: 1, maxArgs: 1, paramType: () => 'string', result: () => 'number', run: (args, n) => num(perRowStrings(strs(args), n, ([s]) => [...s].length)),
  }],
  ['contains', stringTest((s, t) => s.includes(t), 'contains(text, part)', 'Whether the text contains part (case-sensitive).')],
  ['starts_with', stringTest((s, t) => s.startsWith(t), 'starts_with(text, prefix)', 'Whether the text starts with prefix (case-sensitive).')],
  ['replace', {
    signature: 'replace(text, find, replacement)', description: 'Replaces every occurrence of find (plain text, not a pattern).',
    minArgs: 3, maxArgs: 3, paramType: () => 'string', result: () => 'string', run: (args, n) => replaceAll(strs(args), n),
  }],
  ['coalesce', {
    signature: 'coalesce(value, fallback, ...)', description: 'The first argument that is not missing.',
    minArgs: 2, maxArgs: 16, paramType: (_i, types) => commonType(types), result: commonType, run: coalesce,
  }],
  ['if', {
    signature: 'if(condition, then, else)', description: 'then where the condition is true, else where it is false; missing if the condition is.',
    minArgs: 3, maxArgs: 3,
    paramType: (i, types) => (i === 0 ? 'boolean' : commonType(types.slice(1))), result: (types) => commonType(types.slice(1)), run: ifThen,
  }],
]);

/** Literal (not pattern) replacement of every occurrence; per distinct value when find/replacement are constants. */
function replaceAll([text, find, replacement]: StrVec[], n: number): StrVec {
  if (isConstant(find) && isConstant(replacement)) {
    const [f, r] = [find.dictionary[0], replacement.dictionary[0]];
    return mapDictionary(text, (s) => (f === '' ? s : s.split(f).join(r)));
  }
  const out: string[] = [];
  const missing = new Uint8Array(n);
  for (let i = 0; i < n; i++) {
    const [a, b, c] = [text.codes[i], find.codes[i], replacement.codes[i]];
    if (a < 0 || b < 0 || c < 0) missing[i] = 1;
    else out[i] = find.dictionary[b] === '' ? text.dictionary[a] : text.dictionary[a].split(find.dictionary[b]).join(replacement.dictionary[c]);
  }
  const index = new Map<string, number>();
  const dictionary: string[] = [];
  const codes = new Int32Array(n);
  for (let i = 0; i < n; i++) {
    if (missing[i]) { codes[i] = -1; continue; }
    let code = index.get(out[i]);
    if (code === undefined) index.set(out[i], (code = dictionary.push(out[i]) - 1));
    codes[i] = code;
  }
  return { kind: 'str', codes, dictionary };
}

