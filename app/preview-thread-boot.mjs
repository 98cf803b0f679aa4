// Piscina loads this file in each preview thread and calls its default export per task. Threads do not
// inherit tsx's loader on Node 20 (see engine/threads/thread-boot.mjs), so register it, then hand over to the
// TypeScript entry named in workerData.
import { workerData } from 'node:worker_threads';
import { register } from 'tsx/esm/api';

register();
const entry = await import(workerData.entry);
export default entry.default;
