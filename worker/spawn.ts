import { fork, type ChildProcess } from 'node:child_process';
import path from 'node:path';
import { fileURLToPath } from 'node:url';

const entry = path.join(path.dirname(fileURLToPath(import.meta.url)), 'main.ts');

/** Forks worker processes (tsx-loaded) that share our environment plus the resolved DATABASE_URL. */
export async function spawnWorkers(count: number, env: Record<string, string>) {
  const children: ChildProcess[] = [];
  for (let i = 0; i < count; i++) {
    const child = fork(entry, [], { execArgv: ['--import', 'tsx'], env: { ...process.env, ...env } });
    children.push(child);
    await new Promise<void>((resolve, reject) => {
      child.once('message', () => resolve());
      child.once('exit', (code) => reject(new Error(`Worker ${i + 1} exited during start-up (code ${code}).`)));
    });
  }
  return {
    children,
    async stop() {
      await Promise.all(
        children.map(
          (child) =>
            new Promise<void>((resolve) => {
              if (child.exitCode !== null || child.signalCode !== null) return resolve();
              child.once('exit', () => resolve());
              child.kill('SIGTERM');
              setTimeout(() => child.kill('SIGKILL'), 15_000).unref();
            }),
        ),
      );
    },
  };
}
