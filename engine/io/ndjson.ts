import { UserError } from '../define-node';
import type { Table } from '../table';
import { tableFromRecords } from './json-records';
import { refuseNulBytes } from './nul-bytes';

/**
 * NDJSON / JSON Lines: one JSON record per line, blank lines skipped. Each line is parsed on its own,
 * so a broken one is reported by its line number rather than as an offset into the whole file.
 */
export function parseNdjson(bytes: Uint8Array): Table {
  refuseNulBytes(bytes, 0, 'NDJSON');
  const text = new TextDecoder('utf-8').decode(bytes).replace(/^\uFEFF/, '');
  const records: unknown[] = [];
  const lines: number[] = [];
  let lineNumber = 0;
  for (const line of text.split('\n')) {
    lineNumber++;
    const trimmed = line.trim();
    if (trimmed === '') continue;
    records.push(parseLine(trimmed, lineNumber));
    lines.push(lineNumber);
  }
  if (records.length === 0) throw new UserError('The NDJSON file is empty. Upload one record per line, such as {"a": 1, "b": "x"}.');
  try {
    return tableFromRecords(records);
  } catch (error) {
    throw error instanceof UserError && error.details?.row !== undefined ? onLine(error, lines[error.details.row - 1]!) : error;
  }
}

function parseLine(line: string, lineNumber: number): unknown {
  try {
    return JSON.parse(line);
  } catch (error) {
    const detail = error instanceof Error ? error.message : String(error);
    throw new UserError(`Line ${lineNumber} is not valid JSON (${detail}). Each line must hold one complete record such as {"a": 1}; check for a missing quote, comma or brace.`, { row: lineNumber });
  }
}

/** Record errors count records; in NDJSON the line is what the user can find in an editor. */
function onLine(error: UserError, lineNumber: number): UserError {
  const message = error.message.replace(/^Record \d+/, `Line ${lineNumber}`).replace('Each element of the array must', 'Each line must');
  return new UserError(message, { ...error.details, row: lineNumber });
}
