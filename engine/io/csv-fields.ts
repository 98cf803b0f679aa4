/**
 * Byte-level field decoding for the CSV parser: numbers, missing-value tokens and
 * dictionary-encoded categories, all read straight from the input bytes so the hot loop
 * allocates no per-cell strings.
 */

export const FIELD_NUMBER = 0;
export const FIELD_MISSING = 1;
export const FIELD_TEXT = 2;

/** Status of the last parseNumberField call (one of the FIELD_* constants); a module variable avoids allocating a result object per cell. */
export let fieldStatus = FIELD_NUMBER;

const POW10 = Array.from({ length: 23 }, (_, i) => 10 ** i);
/** Cells every text reader takes as missing besides empty ones (pandas' defaults, less its rarer spellings). */
export const BUILT_IN_MISSING: readonly string[] = ['NA', 'N/A', 'NaN', 'nan', 'null', 'NULL', 'None'];
const MISSING_TOKENS = BUILT_IN_MISSING.map((t) => Uint8Array.from(t, (ch) => ch.charCodeAt(0)));

const latin1 = new TextDecoder('latin1');
// A byte-order mark inside a value is kept as U+FEFF: dropping it would give two different byte strings
// (two dictionary entries) the same text.
const utf8 = new TextDecoder('utf-8', { ignoreBOM: true });

/** 3 when the bytes start with a UTF-8 byte-order mark, else 0: where the text starts. */
export function byteOrderMarkLength(bytes: Uint8Array): number {
  return bytes[0] === 0xef && bytes[1] === 0xbb && bytes[2] === 0xbf ? 3 : 0;
}

/** Decodes a byte range as UTF-8 text. */
export function decodeText(bytes: Uint8Array, start: number, end: number): string {
  return utf8.decode(bytes.subarray(start, end));
}

function isBlank(c: number): boolean {
  return c === 32 || c === 9;
}

/** True when the (trimmed) range spells one of the tokens that mean "no value". */
export function isMissingToken(bytes: Uint8Array, start: number, end: number): boolean {
  const len = end - start;
  if (len === 0) return true;
  if (len > 4) return false;
  const c = bytes[start];
  if (c !== 78 && c !== 110) return false; // every token starts with N or n
  // Compared byte by byte: decoding a string per cell costs more than the whole number parse.
  return MISSING_TOKENS.some((token) => token.length === len && equalBytes(token, bytes, start));
}

/**
 * Parses a decimal number (sign, digits, fraction, exponent) from bytes. Up to 15 significant digits
 * and a power of ten within 1e±22, one multiply or divide of two exact doubles is correctly rounded
 * (Clinger's fast path), so the result equals Number(text); anything longer falls back to Number.
 */
export function parseNumberField(bytes: Uint8Array, start: number, end: number): number {
  let s = start;
  let e = end;
  while (s < e && isBlank(bytes[s])) s++;
  while (e > s && isBlank(bytes[e - 1])) e--;
  let p = s;
  let neg = false;
  if (p < e && (bytes[p] === 45 || bytes[p] === 43)) {
    neg = bytes[p] === 45;
    p++;
  }
  let mantissa = 0;
  let digits = 0;
  let fraction = 0;
  let d = 0;
  while (p < e && (d = bytes[p] - 48) >= 0 && d <= 9) {
    mantissa = mantissa * 10 + d;
    digits++;
    p++;
  }
  if (p < e && bytes[p] === 46) {
    p++;
    while (p < e && (d = bytes[p] - 48) >= 0 && d <= 9) {
      mantissa = mantissa * 10 + d;
      digits++;
      fraction++;
      p++;
    }
  }
  let exponent = 0;
  if (digits > 0 && p < e && (bytes[p] === 101 || bytes[p] === 69)) {
    p++;
    let expNeg = false;
    if (p < e && (bytes[p] === 45 || bytes[p] === 43)) {
      expNeg = bytes[p] === 45;
      p++;
    }
    const expStart = p;
    while (p < e && (d = bytes[p] - 48) >= 0 && d <= 9) {
      exponent = exponent * 10 + d;
      p++;
    }
    if (p === expStart) p = -1; // "1e" is not a number
    if (expNeg) exponent = -exponent;
  }
  if (digits === 0 || p !== e) {
    fieldStatus = isMissingToken(bytes, s, e) ? FIELD_MISSING : FIELD_TEXT;
    return NaN;
  }
  fieldStatus = FIELD_NUMBER;
  const scale = exponent - fraction;
  if (digits <= 15 && scale >= -22 && scale <= 22) {
    const v = scale < 0 ? mantissa / POW10[-scale] : mantissa * POW10[scale];
    return neg ? -v : v;
  }
  return Number(latin1.decode(bytes.subarray(s, e)));
}

/** Skip spaces and tabs around an unquoted field: `a, b` means 'b', as people type it. */
export function trimStart(bytes: Uint8Array, start: number, end: number): number {
  while (start < end && isBlank(bytes[start])) start++;
  return start;
}
export function trimEnd(bytes: Uint8Array, start: number, end: number): number {
  while (end > start && isBlank(bytes[end - 1])) end--;
  return end;
}

/**
 * Dictionary-encodes a category column. Values are looked up by their bytes in an open-addressing
 * hash table, so repeated values cost a hash and a byte compare, and only new values are decoded.
 */
export class CategoryBuilder {
  codes: Int32Array;
  readonly dictionary: string[] = [];
  private entries: Uint8Array[] = [];
  private hashes: number[] = [];
  private slots = new Int32Array(64);

  constructor(capacity: number) {
    this.codes = new Int32Array(capacity).fill(-1);
  }

  /** Makes room for more rows when the row estimate was too low (e.g. a file with bare-CR line ends). */
  grow(capacity: number): void {
    const codes = new Int32Array(capacity).fill(-1);
    codes.set(this.codes);
    this.codes = codes;
  }

  /** Records the value in bytes[start, end) for `row`. */
  addBytes(bytes: Uint8Array, start: number, end: number, row: number): void {
    let h = 0x811c9dc5;
    for (let i = start; i < end; i++) h = Math.imul(h ^ bytes[i], 0x01000193);
    this.insert(bytes, start, end, h, row);
  }

  /**
   * Hot path for an unquoted value without surrounding blanks: scans to the delimiter, hashes and
   * records it in one pass. Returns the value's end offset, or -1 to let the caller take the general path
   * (also when the value reaches the end of `bytes`, which may be a chunk's end rather than the value's).
   */
  scanAndAdd(bytes: Uint8Array, pos: number, n: number, row: number, delimiter: number): number {
    if (pos >= n || bytes[pos] === 34) return -1;
    let h = 0x811c9dc5;
    let p = pos;
    while (p < n) {
      const c = bytes[p];
      if (c === delimiter || c === 10 || c === 13) break;
      h = Math.imul(h ^ c, 0x01000193);
      p++;
    }
    if (p === pos || p === n || isBlank(bytes[pos]) || isBlank(bytes[p - 1])) return -1;
    if (!isMissingToken(bytes, pos, p)) this.insert(bytes, pos, p, h, row);
    return p;
  }

  /** Records the unquoted value in bytes[start, end) for `row`: blanks around it trimmed, a missing-value word left missing. */
  addUnquoted(bytes: Uint8Array, start: number, end: number, row: number): void {
    const s = trimStart(bytes, start, end);
    const e = trimEnd(bytes, s, end);
    if (!isMissingToken(bytes, s, e)) this.addBytes(bytes, s, e, row);
  }

  /** The bytes value `code` was read from (its first spelling). */
  entryBytes(code: number): Uint8Array {
    return this.entries[code]!;
  }

  private insert(bytes: Uint8Array, start: number, end: number, h: number, row: number): void {
    const mask = this.slots.length - 1;
    let slot = h & mask;
    const len = end - start;
    for (;;) {
      const entry = this.slots[slot];
      if (entry === 0) break;
      const stored = this.entries[entry - 1];
      if (stored.length === len && this.hashes[entry - 1] === h && equalBytes(stored, bytes, start)) {
        this.codes[row] = entry - 1;
        return;
      }
      slot = (slot + 1) & mask;
    }
    const code = this.dictionary.length;
    this.dictionary.push(decodeText(bytes, start, end));
    this.entries.push(bytes.slice(start, end));
    this.hashes.push(h);
    this.slots[slot] = code + 1;
    this.codes[row] = code;
    if (this.dictionary.length * 2 > this.slots.length) this.growSlots();
  }

  private growSlots(): void {
    const slots = new Int32Array(this.slots.length * 2);
    const mask = slots.length - 1;
    for (let code = 0; code < this.hashes.length; code++) {
      let slot = this.hashes[code] & mask;
      while (slots[slot] !== 0) slot = (slot + 1) & mask;
      slots[slot] = code + 1;
    }
    this.slots = slots;
  }
}

function equalBytes(stored: Uint8Array, bytes: Uint8Array, start: number): boolean {
  for (let i = 0; i < stored.length; i++) if (stored[i] !== bytes[start + i]) return false;
  return true;
}

/**
 * Hot path for the common cell: an unquoted plain decimal (`-12.5`) followed by a delimiter.
 * Scans and parses in the same pass and writes the number to `values[row]`. Returns the cell's end
 * offset, or -1 when the cell is anything else (exponent, blanks, text, too many digits) and the
 * caller must take the general path.
 */
export function scanPlainNumber(bytes: Uint8Array, pos: number, n: number, values: Float64Array, row: number, delimiter: number): number {
  let p = pos;
  let neg = false;
  if (p < n && bytes[p] === 45) {
    neg = true;
    p++;
  }
  let mantissa = 0;
  let digits = 0;
  let fraction = 0;
  let d = 0;
  while (p < n && (d = bytes[p] - 48) >= 0 && d <= 9) {
    mantissa = mantissa * 10 + d;
    digits++;
    p++;
  }
  if (p < n && bytes[p] === 46) {
    p++;
    while (p < n && (d = bytes[p] - 48) >= 0 && d <= 9) {
      mantissa = mantissa * 10 + d;
      digits++;
      fraction++;
      p++;
    }
  }
  // A cell that reaches the end of the bytes takes the general path, which knows whether more input follows.
  if (p >= n) return -1;
  const c = bytes[p];
  if (digits === 0 || digits > 15 || fraction > 22 || (c !== delimiter && c !== 10 && c !== 13)) return -1;
  const v = fraction === 0 ? mantissa : mantissa / POW10[fraction];
  values[row] = neg ? -v : v;
  return p;
}
