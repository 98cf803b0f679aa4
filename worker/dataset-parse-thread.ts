import { closeSync, fstatSync, openSync, readSync } from 'node:fs';
import { parentPort } from 'node:worker_threads';
import { UserError } from '../engine/define-node';
import { detectFormat, parseDatasetBytes, parseDatasetSource, tableSchema, type DatasetFormat } from '../engine/io/dataset';
import { profileTable } from '../engine/kernels/column-profile';
import type { Table } from '../engine/table';
import type { ParseProgress, ParseReply, ParseRequest } from './dataset-parse-pool';

/**
 * Runs in a worker thread: streams an uploaded file from disk (or takes a stored blob's bytes), settles
 * its format, parses it and profiles its columns, and sends back progress as it reads, then only the
 * format, schema, row count and profile, so the parsed table (often larger than the file) never
 * reaches the web server's heap.
 */
parentPort!.on('message', (request: ParseRequest) => {
  void parse(request).then((reply) => parentPort!.postMessage(reply));
});

/** Progress messages at most this often: each is a wake-up of the web process's event loop. */
const PROGRESS_MS = 100;

async function parse(request: ParseRequest): Promise<ParseReply> {
  try {
    const { format, table } = 'file' in request ? await parseFile(request.file, request) : await parseBytes(request.bytes, request);
    return { ok: true, format, schema: tableSchema(table), rowCount: table.rowCount, profile: profileTable(table) };
  } catch (error) {
    if (error instanceof UserError) return { ok: false, userError: error.message };
    return { ok: false, error: error instanceof Error ? (error.stack ?? error.message) : String(error) };
  }
}

async function parseBytes(bytes: Uint8Array, request: ParseRequest): Promise<{ format: DatasetFormat; table: Table }> {
  const format = request.format ?? detectFormat(bytes, request.fileName);
  return { format, table: await parseDatasetBytes(bytes, { format }) };
}

async function parseFile(file: string, request: ParseRequest): Promise<{ format: DatasetFormat; table: Table }> {
  const fd = openSync(file, 'r');
  let last = 0;
  const onProgress = (done: number, total: number) => {
    const now = Date.now();
    if (now - last < PROGRESS_MS && done < total) return;
    last = now;
    parentPort!.postMessage({ progress: { done, total } } satisfies ParseProgress);
  };
  try {
    // Synchronous reads are fine here: this thread does nothing else while it parses.
    const source = { size: fstatSync(fd).size, read: (target: Uint8Array, offset: number, length: number, position: number) => readSync(fd, target, offset, length, position) };
    return await parseDatasetSource(source, { format: request.format, fileName: request.fileName, onProgress });
  } finally {
    closeSync(fd);
  }
}
