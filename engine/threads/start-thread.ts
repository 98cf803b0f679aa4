import { Worker } from 'node:worker_threads';
import { bundledThread } from './thread-bundle';

// Resolved next to this module, which runs from source in every process that starts threads (the
// worker and the web server's services load through tsx in dev and in production alike). Used for an
// entry whose bundle is not ready (see thread-bundle.ts): the thread then loads it through tsx.
const bootUrl = new URL('./thread-boot.mjs', import.meta.url);

/**
 * Starts a worker thread on a TypeScript module (`entry`, a file URL); the thread finds `data` in
 * `workerData` next to `entry`. Starts the entry's bundle once prepareThread has made it, else boots
 * through tsx. Used by the tree fits' and predictions' helpers and the worker's dataset parser.
 */
export function startThread(entry: URL, data: Record<string, unknown> = {}): Worker {
  const workerData = { ...data, entry: entry.href };
  const bundle = bundledThread(entry);
  return bundle ? new Worker(bundle, { workerData, execArgv: withoutTsx(process.execArgv) }) : new Worker(bootUrl, { workerData });
}

/**
 * The process's flags minus the ones that load tsx: a thread inherits them, and a bundle needs no loader,
 * while registering one still cost it ~60 ms. Other flags (--cpu-prof, memory limits) are kept.
 */
export function withoutTsx(argv: readonly string[]): string[] {
  const kept: string[] = [];
  for (let i = 0; i < argv.length; i++) {
    const arg = argv[i]!;
    const eq = arg.indexOf('=');
    const flag = eq < 0 ? arg : arg.slice(0, eq);
    const value = eq < 0 ? argv[i + 1] : arg.slice(eq + 1);
    if (!LOADER_FLAGS.has(flag) || !value || !/(^|[\\/])tsx([\\/]|$)/.test(value)) kept.push(arg);
    // A loader flag written apart from its value (--import tsx) drops the value too.
    else if (eq < 0) i++;
  }
  return kept;
}

const LOADER_FLAGS = new Set(['--import', '--require', '--loader', '--experimental-loader']);
