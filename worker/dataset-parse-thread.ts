import { readFile } from 'node:fs/promises';
import { parentPort } from 'node:worker_threads';
import { UserError } from '../engine/define-node';
import { detectFormat, parseDatasetBytes, tableSchema } from '../engine/io/dataset';
import type { ParseReply, ParseRequest } from './dataset-parse-pool';

/**
 * Runs in a worker thread: reads an uploaded file from disk and sends back only its format, schema
 * and row count, so the parsed table (often larger than the file) never reaches the web server's heap.
 */
parentPort!.on('message', (request: ParseRequest) => {
  void parse(request).then((reply) => parentPort!.postMessage(reply));
});

async function parse({ file, fileName }: ParseRequest): Promise<ParseReply> {
  try {
    const bytes = await readFile(file); // a Buffer is a Uint8Array: no copy
    const format = detectFormat(bytes, fileName);
    const table = await parseDatasetBytes(bytes, { format });
    return { ok: true, format, schema: tableSchema(table), rowCount: table.rowCount };
  } catch (error) {
    if (error instanceof UserError) return { ok: false, userError: error.message };
    return { ok: false, error: error instanceof Error ? (error.stack ?? error.message) : String(error) };
  }
}
