// Worker threads do not inherit tsx's loader on Node 20 (`execArgv: ['--import', 'tsx']` fails on a .ts
// entry), so each thread registers it itself and then loads its TypeScript entry from workerData.
import { workerData } from 'node:worker_threads';
import { register } from 'tsx/esm/api';

register();
await import(workerData.entry);
