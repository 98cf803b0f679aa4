// Worker threads do not inherit tsx's loader on Node 20, so the forest and prediction threads register it
// themselves and then load their TypeScript entry (the same boot as worker/thread-boot.mjs, which engine/ may not reach).
import { workerData } from 'node:worker_threads';
import { register } from 'tsx/esm/api';

register();
await import(workerData.entry);
