import { parentPort } from 'node:worker_threads';
import { parseCsvBody } from './csv';
import type { HalfAnswer } from './csv-halves';

/**
 * The helper of csv-halves.ts: parses the second half of a CSV's rows and sends its columns back (their
 * buffers moved, not copied) with the bytes it was sent, or no table when the half cannot be read alone;
 * the caller then parses the whole file in one pass, which reports any error with its true line number.
 */
parentPort!.on('message', (request: { id: number; bytes: Uint8Array; names: string[]; delimiter: number; textColumns: string[]; lineEnds: number }) => {
  let answer: HalfAnswer = { id: request.id, bytes: request.bytes };
  try {
    const table = parseCsvBody(request.bytes, request.names, request.delimiter, new Set(request.textColumns), request.lineEnds);
    if (table) answer = { ...answer, table };
  } catch {
    // Answered without a table: the one-pass parse says what is wrong, and where.
  }
  const buffers = new Set<ArrayBuffer>([request.bytes.buffer as ArrayBuffer]);
  for (const column of answer.table?.columns ?? []) buffers.add((column.kind === 'category' ? column.codes : column.values).buffer as ArrayBuffer);
  parentPort!.postMessage(answer, [...buffers]);
});
