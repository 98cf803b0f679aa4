import { UserError } from '../define-node';
import { decodeText } from './csv-fields';

/** The CSV reader's first line: column names, where the body starts, and the sniffed delimiter. */
export type Header = { names: string[]; bodyStart: number; bodyLine: number; delimiter: number };

const QUOTE = 34;
const LF = 10;
const CR = 13;

/**
 * Reads the header line from `start`. Returns null when `bytes` ends inside it and more input follows
 * (`final` false): the caller reads on and asks again.
 */
export function readHeader(bytes: Uint8Array, start: number, delimiter: number, final: boolean): Header | null {
  const names: string[] = [];
  const n = bytes.length;
  let pos = start;
  let line = 1;
  for (;;) {
    let text: string;
    if (bytes[pos] === QUOTE) {
      const end = closingQuote(bytes, pos + 1);
      if (end < 0 && final) throw missingQuote(line, names.length + 1);
      if (end < 0 || (!final && end + 1 >= n)) return null;
      text = decodeText(bytes, pos + 1, end).replaceAll('""', '"');
      line += countNewlines(bytes, pos + 1, end);
      pos = end + 1;
    } else {
      let p = pos;
      while (p < n && bytes[p] !== delimiter && bytes[p] !== LF && bytes[p] !== CR) p++;
      if (p === n && !final) return null;
      text = decodeText(bytes, pos, p);
      pos = p;
    }
    names.push(text.trim());
    const c = pos < n ? bytes[pos] : LF;
    if (c === delimiter) pos++;
    else if (c === LF || c === CR) break;
    else throw new UserError(`Line ${line}, column ${names.length}: unexpected text after a closing quote in the header. Quote the whole name, and write a quote inside it as two quotes ("").`);
  }
  if (bytes[pos] === CR && pos + 1 >= n && !final) return null; // CR LF may be split
  pos += bytes[pos] === CR && bytes[pos + 1] === LF ? 2 : 1;
  checkHeaderNames(names);
  return { names, bodyStart: pos, bodyLine: line + 1, delimiter };
}

function checkHeaderNames(names: string[]): void {
  const empty = names.findIndex((n) => n === '');
  if (empty >= 0) {
    throw new UserError(`Line 1: column ${empty + 1} has no name. Give every column a name in the first line of the file.`);
  }
  if (names.every((n) => !Number.isNaN(Number(n)))) {
    throw new UserError(`Line 1 looks like data, not column names (${names.slice(0, 4).join(', ')}). Add a first line that names each column, e.g. "height,weight,species".`);
  }
  const seen = new Map<string, number>();
  names.forEach((name, i) => {
    const first = seen.get(name);
    if (first !== undefined) {
      throw new UserError(`Line 1: columns ${first + 1} and ${i + 1} are both named '${name}'. Rename one of them so every column name is unique.`, { column: name });
    }
    seen.set(name, i);
  });
}

/** The closing quote of a quoted value opened before `from` (`""` is an escaped quote), or -1 when `bytes` ends first. */
export function closingQuote(bytes: Uint8Array, from: number): number {
  let p = from;
  for (;;) {
    p = bytes.indexOf(QUOTE, p);
    if (p < 0 || bytes[p + 1] !== QUOTE) return p;
    p += 2;
  }
}

export function missingQuote(line: number, column: number): UserError {
  return new UserError(`Line ${line}, column ${column}: a quoted value starts here but its closing quote (") is missing. Close the quote, or write a quote inside a value as two quotes ("").`);
}

export function countNewlines(bytes: Uint8Array, start: number, end: number): number {
  let n = 0;
  for (let i = start; i < end; i++) if (bytes[i] === LF) n++;
  return n;
}
