import { UserError } from '../define-node';

/**
 * Text files never contain NUL bytes; binary files and UTF-16 text do. Postgres text and jsonb refuse
 * them too, so a file carrying one is refused up front with where it is. `indexOf` is a native
 * memchr, so the check costs milliseconds on hundreds of megabytes and the parsers' loops stay as they are.
 */
export function refuseNulBytes(bytes: Uint8Array, from: number, format: 'CSV' | 'JSON' | 'NDJSON', delimiter = 44): void {
  const at = bytes.indexOf(0, from);
  if (at < 0) return;
  const { line, column } = format === 'CSV' ? csvPosition(bytes, from, at, delimiter) : textPosition(bytes, at);
  const where = format === 'CSV' ? `Line ${line}, column ${column}` : `Line ${line}, character ${column}`;
  throw new UserError(`${where}: the file contains NUL bytes: it is probably binary or UTF-16; save it as UTF-8 ${format}.`, format === 'CSV' ? { row: line } : undefined);
}

/** Line and 1-based field number of byte `at`, counting delimiters outside quotes on its line. */
function csvPosition(bytes: Uint8Array, from: number, at: number, delimiter: number): { line: number; column: number } {
  let line = 1;
  let column = 1;
  let quoted = false;
  for (let i = from; i < at; i++) {
    const c = bytes[i];
    if (c === 34) quoted = !quoted;
    else if (c === 10) {
      line++;
      if (!quoted) column = 1;
    } else if (c === delimiter && !quoted) column++;
  }
  return { line, column };
}

function textPosition(bytes: Uint8Array, at: number): { line: number; column: number } {
  let line = 1;
  let lineStart = 0;
  for (let p = bytes.indexOf(10); p >= 0 && p < at; p = bytes.indexOf(10, p + 1)) {
    line++;
    lineStart = p + 1;
  }
  return { line, column: at - lineStart + 1 };
}

/** For text already decoded (JSON strings written as \u0000, field names): a message naming the field. */
export function nulInTextError(where: string, fix = 'Remove it, or if the file is binary or UTF-16, save it as UTF-8 JSON.'): UserError {
  return new UserError(`${where} contains a NUL character (\\u0000), which cannot be stored. ${fix}`);
}
