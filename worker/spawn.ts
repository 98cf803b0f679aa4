import { fork, type ChildProcess } from 'node:child_process';
import path from 'node:path';
import { fileURLToPath } from 'node:url';

const entry = path.join(path.dirname(fileURLToPath(import.meta.url)), 'main.ts');

/**
 * Forks worker processes (tsx-loaded) that share our environment plus the resolved DATABASE_URL and
 * resolves once all are ready. If one fails to start, or `signal` aborts meanwhile, every child is stopped.
 */
export async function spawnWorkers(count: number, env: Record<string, string>, signal?: AbortSignal) {
  const children: ChildProcess[] = [];
  const stop = () => Promise.all(children.map(stopChild)).then(() => undefined);
  try {
    signal?.throwIfAborted();
    for (let i = 0; i < count; i++) children.push(fork(entry, [], { execArgv: ['--import', 'tsx'], env: { ...process.env, ...env } }));
    await Promise.all(children.map((child, i) => readyOrExit(child, i, signal)));
  } catch (error) {
    await stop();
    throw error;
  }
  return { children, stop };
}

function readyOrExit(child: ChildProcess, index: number, signal?: AbortSignal) {
  return new Promise<void>((resolve, reject) => {
    const onAbort = () => reject(signal!.reason);
    signal?.addEventListener('abort', onAbort, { once: true });
    child.once('message', () => resolve());
    child.once('exit', (code, sig) => reject(new Error(`Worker ${index + 1} exited during start-up (${sig ?? `code ${code}`}).`)));
  }).finally(() => child.removeAllListeners('message'));
}

function stopChild(child: ChildProcess) {
  return new Promise<void>((resolve) => {
    if (child.exitCode !== null || child.signalCode !== null) return resolve();
    child.once('exit', () => resolve());
    child.kill('SIGTERM');
    setTimeout(() => child.kill('SIGKILL'), 15_000).unref();
  });
}
