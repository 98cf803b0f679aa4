// Run by compiled-ensemble.test.ts in a process of its own: a boosting fit with histogram threads, then a
// threaded batch prediction, and nothing else. The process must end by itself once both are done.
import { gradientBoosting } from '../gradient-boosting';
import { asEnsemble, predictEnsembleBatch } from './tree-ensemble';

const rows = 3000;
const columns = Array.from({ length: 6 }, (_, f) => Float64Array.from({ length: rows }, (_, r) => Math.sin(r * (f + 1))));
const y = Int32Array.from({ length: rows }, (_, r) => (columns[0]![r]! + columns[1]![r]! > 0 ? 1 : 0));
const quiet = { signal: new AbortController().signal, progress() {}, curve() {} };
const art = await gradientBoosting.fit({ task: 'classification', columns, rows, y, classes: 2, seed: 1 }, gradientBoosting.params.parse({ max_iter: 5, threads: 2 }), quiet);
const predicted = await predictEnsembleBatch(asEnsemble(art), columns, rows, 0);
console.log(`predicted ${predicted.length / 2} rows`);
