import { readFile } from 'node:fs/promises';
import { parentPort } from 'node:worker_threads';
import { UserError } from '../engine/define-node';
import { parseDatasetBytes, tableSchema, type DatasetFormat } from '../engine/io/dataset';
import type { ParseReply, ParseRequest } from './dataset-parse-pool';

/**
 * Runs in a worker thread: reads an uploaded file from disk and sends back only its schema and row
 * count, so the parsed table (often larger than the file) never reaches the web server's heap.
 */
parentPort!.on('message', (request: ParseRequest) => {
  void parse(request.file, request.format).then((reply) => parentPort!.postMessage(reply));
});

async function parse(file: string, format: DatasetFormat): Promise<ParseReply> {
  try {
    const table = parseDatasetBytes(await readFile(file), format); // a Buffer is a Uint8Array: no copy
    return { ok: true, schema: tableSchema(table), rowCount: table.rowCount };
  } catch (error) {
    if (error instanceof UserError) return { ok: false, userError: error.message };
    return { ok: false, error: error instanceof Error ? (error.stack ?? error.message) : String(error) };
  }
}
