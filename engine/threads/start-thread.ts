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
  return bundle ? new Worker(bundle, { workerData, execArgv: workerExecArgv() }) : new Worker(bootUrl, { workerData });
}

const argvOfWorkers = new Map<string, string[]>();

/**
 * The process's flags as a thread started on a bundle takes them: without tsx (withoutTsx), and without
 * the flags a Worker refuses when they are given explicitly (V8 and process-wide ones: a server started
 * with --max-old-space-size or --expose-gc). Those apply to every thread already. Which flags those are
 * Node alone knows, so it is asked once per set of flags, by a thread that is started and stopped at once.
 */
export function workerExecArgv(argv: readonly string[] = process.execArgv): string[] {
  const key = argv.join('\u0000');
  let kept = argvOfWorkers.get(key);
  if (!kept) {
    kept = withoutRefused(withoutTsx(argv));
    argvOfWorkers.set(key, kept);
  }
  return kept;
}

function withoutRefused(argv: string[]): string[] {
  if (argv.length === 0) return argv;
  try {
    void new Worker('', { eval: true, execArgv: argv }).terminate();
    return argv;
  } catch (error) {
    if ((error as { code?: string }).code !== 'ERR_WORKER_INVALID_EXEC_ARGV') throw error;
    // "Initiated Worker with invalid execArgv flags: --expose-gc, --title=x"; anything else keeps no flag.
    const listed = /flags: (.+)$/.exec((error as Error).message)?.[1]?.split(', ');
    if (!listed) return [];
    const refused = new Set(listed);
    const kept: string[] = [];
    for (let i = 0; i < argv.length; i++) {
      if (!refused.has(argv[i]!)) kept.push(argv[i]!);
      // A refused flag written apart from its value (--max-old-space-size 512) drops the value too.
      else if (!argv[i]!.includes('=') && argv[i + 1] !== undefined && !argv[i + 1]!.startsWith('-')) i++;
    }
    return kept.length < argv.length ? withoutRefused(kept) : [];
  }
}

/**
 * The process's flags minus the ones that load tsx: a thread inherits them, and a bundle needs no loader,
 * while registering one still cost it ~60 ms. Other flags (--cpu-prof, memory limits) are kept; workerExecArgv then
 * drops those a thread refuses.
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
