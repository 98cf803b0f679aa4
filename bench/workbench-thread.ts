import { readFileSync } from 'node:fs';
import { parentPort, workerData } from 'node:worker_threads';
import { parseDatasetBytes } from '../engine/io/dataset';
import { measurePreview } from './workbench';

/** The preview figures measured in a thread of its own (see measurePreviewInThread). */
const { path, rowCounts } = workerData as { path: string; rowCounts: number[] };
const table = await parseDatasetBytes(readFileSync(path), { format: 'csv' });
const results = [];
for (const rows of rowCounts) results.push(await measurePreview(table, rows));
parentPort!.postMessage(results);
