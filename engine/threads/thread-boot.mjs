// The file every TypeScript worker thread starts on (see start-thread.ts). Threads do not inherit tsx's
// loader on Node 20 (`execArgv: ['--import', 'tsx']` fails on a .ts entry), so each registers it itself
// and then loads its entry, named in workerData.
import { workerData } from 'node:worker_threads';
import { register } from 'tsx/esm/api';

register();
await import(workerData.entry);
