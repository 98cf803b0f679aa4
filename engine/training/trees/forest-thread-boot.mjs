// Worker threads do not inherit tsx's loader on Node 20, so the forest thread registers it itself and
// then loads its TypeScript entry (the same boot as worker/thread-boot.mjs, which engine/ may not reach).
import { workerData } from 'node:worker_threads';
import { register } from 'tsx/esm/api';

register();
await import(workerData.entry);
