import { readFile } from 'node:fs/promises';
import { parentPort } from 'node:worker_threads';
import { UserError } from '../engine/define-node';
import { detectFormat, parseDatasetBytes, tableSchema } from '../engine/io/dataset';
import { profileTable } from '../engine/kernels/column-profile';
import type { ParseReply, ParseRequest } from './dataset-parse-pool';

/**
 * Runs in a worker thread: reads an uploaded file from disk (or takes a stored blob's bytes), settles
 * its format, parses it and profiles its columns, and sends back only the format, schema, row count and
 * profile, so the parsed table (often larger than the file) never reaches the web server's heap.
 */
parentPort!.on('message', (request: ParseRequest) => {
  void parse(request).then((reply) => parentPort!.postMessage(reply));
});

async function parse(request: ParseRequest): Promise<ParseReply> {
  try {
    // A Buffer is a Uint8Array: no copy.
    const bytes = 'file' in request ? await readFile(request.file) : request.bytes;
    const format = request.format ?? detectFormat(bytes, request.fileName);
    const table = await parseDatasetBytes(bytes, { format });
    return { ok: true, format, schema: tableSchema(table), rowCount: table.rowCount, profile: profileTable(table) };
  } catch (error) {
    if (error instanceof UserError) return { ok: false, userError: error.message };
    return { ok: false, error: error instanceof Error ? (error.stack ?? error.message) : String(error) };
  }
}
