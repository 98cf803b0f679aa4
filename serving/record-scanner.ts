import type { ModelInputSchema } from '../engine/define-node';
import type { InputColumn, Kind } from '../engine/training/record-predictor';
import { takesBooleans } from './record-validation';

/**
 * A prediction body read straight from its bytes into the model's input columns, for the common case only:
 * `{"records": [{...}, ...]}` whose records hold exactly the model's columns (and perhaps its target), numbers
 * in number columns, text in text columns (true/false too, in those that take them), null anywhere. That is
 * what JSON.parse followed by validatePredictBody's check and RecordPredictor.features read, without building
 * an object per record or walking them twice (together about a third of a batch request's CPU).
 *
 * Anything else gives null, and the caller takes the general path, which accepts or refuses it with every
 * problem named: escapes in strings, other keys, a missing or repeated column, a value of the wrong kind,
 * too many records, a number of more than 64 characters, invalid JSON. So the scanner never has to refuse or
 * explain anything, and every value it does read is the one JSON.parse reads (Scan.number says how).
 */
export type RecordScanner = (bytes: Uint8Array, maxRecords: number) => { rows: number; columns: InputColumn[] } | null;

const QUOTE = 0x22;
const BACKSLASH = 0x5c;
const COMMA = 0x2c;
const COLON = 0x3a;
const OPEN_BRACE = 0x7b;
const CLOSE_BRACE = 0x7d;
const OPEN_BRACKET = 0x5b;
const CLOSE_BRACKET = 0x5d;
const MINUS = 0x2d;
const DOT = 0x2e;
const ZERO = 0x30;
const NINE = 0x39;
const LOWER_E = 0x65;
const UPPER_E = 0x45;
const PLUS = 0x2b;

const encoder = new TextEncoder();
// ignoreBOM: a text value may begin with U+FEFF, which JSON.parse keeps.
const utf8 = new TextDecoder('utf-8', { ignoreBOM: true });
/** A key's bytes, and its whole four-byte groups as little-endian words. */
type Name = { bytes: Uint8Array; words: Uint32Array };
const nameOf = (text: string): Name => {
  const bytes = encoder.encode(text);
  const view = new DataView(bytes.buffer);
  return { bytes, words: Uint32Array.from({ length: bytes.length >> 2 }, (_, w) => view.getUint32(4 * w, true)) };
};
const RECORDS = nameOf('records');
const NULL = encoder.encode('null');
const TRUE = encoder.encode('true');
const FALSE = encoder.encode('false');
/** Powers of ten a double holds exactly: m·10^k and m/10^k round once, so they equal the correctly rounded value. */
const EXACT_POWERS = Float64Array.from({ length: 23 }, (_, k) => 10 ** k);
/** Longer number texts (a double needs at most 25 characters) are left to the general path. */
const LONGEST_NUMBER = 64;
/** Digits whose integer a double holds exactly (10^15 < 2^53). */
const EXACT_DIGITS = 15;

/**
 * Compiles a scanner for a model's inputs. Records may carry the model's target when it is not an input (a row
 * from the training file), and its value is skipped when it is a plain value.
 */
export function compileRecordScanner(inputs: readonly { name: string; kind: Kind }[], model: { target?: string; inputSchema?: ModelInputSchema }): RecordScanner {
  const { target } = model;
  const names = inputs.map((c) => nameOf(c.name));
  const isNumber = inputs.map((c) => c.kind === 'num');
  const schema = new Map(model.inputSchema?.columns.map((c) => [c.name, c]));
  // A boolean where validation refuses one is left to the general path, which says so.
  const booleans = inputs.map((c) => {
    const column = schema.get(c.name);
    return c.kind === 'text' && column !== undefined && takesBooleans(column);
  });
  const numberColumns = isNumber.filter(Boolean).length;
  const extraTarget = target !== undefined && !inputs.some((c) => c.name === target) ? target : undefined;
  const targetName = extraTarget === undefined ? null : nameOf(extraTarget);
  const all = [...inputs.map((c) => c.name), ...(extraTarget === undefined ? [] : [extraTarget])];
  // A name JSON must escape (a quote, a backslash, a control character) never stands raw in a body; one that
  // UTF-8 cannot hold (a lone surrogate) would match the bytes of another; repeated names read as JSON.parse's
  // last one. Such schemas always take the general path.
  const unscannable = (name: string) => /["\\\u0000-\u001f]/.test(name) || utf8.decode(encoder.encode(name)) !== name;
  if (all.some(unscannable) || new Set(all).size !== all.length) return () => null;
  // A record is at least `{"name":0,...}`: an upper bound on the records a body can hold, to size the columns once.
  const smallestRecord = 2 + names.reduce((n, name) => n + name.bytes.length + 4, 0) + Math.max(0, names.length - 1);
  const texts = new TextCache();
  return (bytes, maxRecords) => {
    const capacity = Math.min(maxRecords, Math.floor(bytes.length / smallestRecord));
    if (capacity < 1) return null;
    // Number columns share one store (a typed array's own buffer costs more than reading a record); text
    // columns grow by one value per record (each record sets each column once, in record order).
    const numbers = new Float64Array(capacity * numberColumns);
    let n = 0;
    const columns: InputColumn[] = isNumber.map((num) => (num ? numbers.subarray(capacity * n, capacity * ++n) : []));
    const scan = new Scan(bytes, texts);
    const rows = scan.body(names, isNumber, booleans, targetName, columns, capacity);
    if (rows === null) return null;
    return { rows, columns: columns.map((c) => (c instanceof Float64Array ? c.subarray(0, rows) : c)) };
  };
}

/** One pass over a body; every method returns false (or null) at the first byte outside the common case. */
class Scan {
  at = 0;
  /** The last number read by number(). */
  value = 0;
  private readonly view: DataView;
  constructor(
    private readonly b: Uint8Array,
    private readonly texts: TextCache,
  ) {
    this.view = new DataView(b.buffer, b.byteOffset, b.byteLength);
  }

  body(names: Name[], isNumber: boolean[], booleans: boolean[], targetName: Name | null, columns: InputColumn[], capacity: number): number | null {
    const b = this.b;
    if (!this.expect(OPEN_BRACE)) return null;
    this.space();
    if (!this.key(RECORDS) || !this.expect(OPEN_BRACKET)) return null;
    const seen = new Int32Array(names.length).fill(-1);
    let rows = 0;
    for (;;) {
      if (rows === capacity || !this.expect(OPEN_BRACE)) return null;
      let found = 0;
      // Records usually list the columns in the same order: try the one after the last first.
      let next = 0;
      for (;;) {
        this.space();
        if (b[this.at] !== QUOTE) return null;
        const column = this.column(names, next, targetName);
        if (column === -1) return null;
        this.space();
        if (column === names.length) {
          if (!this.plainValue()) return null;
        } else {
          if (seen[column] === rows) return null;
          seen[column] = rows;
          found++;
          next = column + 1 === names.length ? 0 : column + 1;
          if (b[this.at] === 0x6e) {
            if (!this.word(NULL)) return null;
            if (isNumber[column]) (columns[column] as Float64Array)[rows] = NaN;
            else (columns[column] as (string | null)[])[rows] = null;
          } else if (isNumber[column]) {
            if (!this.number()) return null;
            (columns[column] as Float64Array)[rows] = this.value;
          } else {
            const text = this.textOrBoolean(booleans[column]!);
            if (text === null) return null;
            (columns[column] as (string | null)[])[rows] = text;
          }
        }
        const more = this.separator(CLOSE_BRACE);
        if (more < 0) return null;
        if (more === 0) break;
      }
      if (found !== names.length) return null;
      rows++;
      const more = this.separator(CLOSE_BRACKET);
      if (more < 0) return null;
      if (more === 0) break;
    }
    if (!this.expect(CLOSE_BRACE)) return null;
    this.space();
    return this.at === b.length ? rows : null;
  }

  /** After optional whitespace, the byte `c`: consumed, or false. */
  expect(c: number): boolean {
    this.space();
    if (this.b[this.at] !== c) return false;
    this.at++;
    return true;
  }

  /** After a member or an element: 1 for a comma (another follows), 0 for `close`, -1 for anything else. */
  separator(close: number): number {
    this.space();
    const c = this.b[this.at++];
    return c === COMMA ? 1 : c === close ? 0 : -1;
  }

  /** JSON whitespace: space, tab, line feed, carriage return. */
  space() {
    const b = this.b;
    let c = b[this.at];
    while (c === 0x20 || c === 0x0a || c === 0x0d || c === 0x09) c = b[++this.at];
  }

  /** `"name":` for exactly this name. */
  key(name: Name): boolean {
    if (this.b[this.at] !== QUOTE || !this.rawStringIs(this.at + 1, name)) return false;
    this.at += name.bytes.length + 2;
    return this.expect(COLON);
  }

  /** A key and its colon: the input column's index, names.length for the target, -1 for anything else. */
  column(names: Name[], first: number, targetName: Name | null): number {
    const start = this.at + 1;
    let match = -1;
    for (let k = 0; k < names.length; k++) {
      const c = first + k < names.length ? first + k : first + k - names.length;
      if (this.rawStringIs(start, names[c]!)) {
        match = c;
        break;
      }
    }
    if (match === -1 && targetName && this.rawStringIs(start, targetName)) match = names.length;
    if (match === -1) return -1;
    this.at = start + (match === names.length ? targetName! : names[match]!).bytes.length + 1;
    return this.expect(COLON) ? match : -1;
  }

  /** Whether the string starting at `start` (after its quote) is exactly `name`, unescaped: four bytes at a time. */
  rawStringIs(start: number, name: Name): boolean {
    const { bytes, words } = name;
    const b = this.b;
    if (b[start + bytes.length] !== QUOTE) return false;
    // In range: the quote just checked lies past every word.
    for (let w = 0; w < words.length; w++) if (this.view.getUint32(start + 4 * w, true) !== words[w]) return false;
    for (let i = 4 * words.length; i < bytes.length; i++) if (b[start + i] !== bytes[i]) return false;
    return true;
  }

  word(word: Uint8Array): boolean {
    const b = this.b;
    for (let i = 0; i < word.length; i++) if (b[this.at + i] !== word[i]) return false;
    this.at += word.length;
    return true;
  }

  /** A string without escapes or control characters, or when `booleans`, true/false as their text (as tableFromRecords reads them). */
  textOrBoolean(booleans: boolean): string | null {
    const b = this.b;
    const c = b[this.at];
    if (c === 0x74) return booleans && this.word(TRUE) ? 'true' : null;
    if (c === 0x66) return booleans && this.word(FALSE) ? 'false' : null;
    if (c !== QUOTE) return null;
    const start = this.at + 1;
    let i = start;
    let hash = 0;
    for (;;) {
      const d = b[i];
      if (d === QUOTE) break;
      if (d === undefined || d === BACKSLASH || d < 0x20) return null;
      hash = (Math.imul(hash, 31) + d) | 0;
      i++;
    }
    this.at = i + 1;
    return this.texts.get(b, start, i, hash);
  }

  /** A plain value (the target's, skipped): a string, number, true, false or null. */
  plainValue(): boolean {
    const c = this.b[this.at];
    if (c === 0x6e) return this.word(NULL);
    if (c === MINUS || (c !== undefined && c >= ZERO && c <= NINE)) return this.number();
    return this.textOrBoolean(true) !== null;
  }

  /**
   * A JSON number into `value`: exact arithmetic when its digits and exponent allow (Clinger's fast path:
   * one correctly rounded multiply or divide), else Number() of its text, which JSON.parse agrees with.
   * A number too large to be finite is left to the general path (validation refuses it there).
   */
  number(): boolean {
    const b = this.b;
    const start = this.at;
    let i = start;
    const negative = b[i] === MINUS;
    if (negative) i++;
    let mantissa = 0;
    let digits = 0;
    let c = b[i];
    if (c === ZERO) {
      c = b[++i];
    } else if (c !== undefined && c > ZERO && c <= NINE) {
      while (c !== undefined && c >= ZERO && c <= NINE) {
        mantissa = mantissa * 10 + (c - ZERO);
        digits++;
        c = b[++i];
      }
    } else {
      return false;
    }
    let exponent = 0;
    if (c === DOT) {
      c = b[++i];
      if (c === undefined || c < ZERO || c > NINE) return false;
      while (c !== undefined && c >= ZERO && c <= NINE) {
        mantissa = mantissa * 10 + (c - ZERO);
        digits++;
        exponent--;
        c = b[++i];
      }
    }
    if (c === LOWER_E || c === UPPER_E) {
      c = b[++i];
      const negativeExponent = c === MINUS;
      if (c === MINUS || c === PLUS) c = b[++i];
      if (c === undefined || c < ZERO || c > NINE) return false;
      let e = 0;
      while (c !== undefined && c >= ZERO && c <= NINE) {
        // Capped: only whether it is small matters past here.
        if (e < 100_000) e = e * 10 + (c - ZERO);
        c = b[++i];
      }
      exponent += negativeExponent ? -e : e;
    }
    this.at = i;
    let value: number;
    if (digits <= EXACT_DIGITS && exponent >= -22 && exponent <= 22) {
      value = exponent < 0 ? mantissa / EXACT_POWERS[-exponent]! : mantissa * EXACT_POWERS[exponent]!;
      if (negative) value = -value;
    } else if (i - start <= LONGEST_NUMBER) {
      value = Number(String.fromCharCode(...b.subarray(start, i)));
    } else {
      return false;
    }
    if (value - value !== 0) return false;
    this.value = value;
    return true;
  }
}

/**
 * The texts read before, by their bytes: a category column repeats a few values, and making a string of each
 * occurrence was a quarter of a scan. A fixed table (a slot per hash, the newest text wins), so its memory stays
 * bounded whatever the bodies hold.
 */
class TextCache {
  private readonly bytes: (Uint8Array | undefined)[] = new Array(TEXT_SLOTS);
  private readonly texts: string[] = new Array(TEXT_SLOTS).fill('');

  get(b: Uint8Array, start: number, end: number, hash: number): string {
    // Mixed, so texts that differ only in early bytes (MALE, FEMALE) do not share a slot.
    const mixed = Math.imul(hash ^ (hash >>> 16), 0x45d9f3b);
    const slot = (mixed ^ (mixed >>> 16)) & (TEXT_SLOTS - 1);
    const known = this.bytes[slot];
    if (known !== undefined && known.length === end - start) {
      let same = true;
      for (let i = 0; i < known.length; i++) {
        if (known[i] !== b[start + i]) {
          same = false;
          break;
        }
      }
      if (same) return this.texts[slot]!;
    }
    // A copy (Buffer#slice would keep a view into the request's chunk).
    const copy = Uint8Array.prototype.slice.call(b, start, end);
    // As Buffer#toString('utf8') then JSON.parse read it: invalid UTF-8 becomes U+FFFD either way.
    const text = utf8.decode(copy);
    if (end - start <= TEXT_MAX_BYTES) {
      this.bytes[slot] = copy;
      this.texts[slot] = text;
    }
    return text;
  }
}

const TEXT_SLOTS = 256;
/** Longer texts are not kept: the table holds at most TEXT_SLOTS × this many bytes. */
const TEXT_MAX_BYTES = 64;
