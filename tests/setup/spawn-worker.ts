import { spawn } from 'node:child_process';
import { waitForOutput } from './child-output';

/** A worker process exactly as server.ts forks it (worker/main.ts), for tests that kill or stop workers. */
export async function spawnWorker(env: { databaseUrl: string; dataDir: string; leaseSeconds: number; concurrency?: number; extraEnv?: Record<string, string> }) {
  const child = spawn(process.execPath, ['--import', 'tsx', 'worker/main.ts'], {
    env: {
      ...process.env,
      DATABASE_URL: env.databaseUrl,
      DATA_DIR: env.dataDir,
      NODE_LEASE_SECONDS: String(env.leaseSeconds),
      NODE_ENV: 'production',
      ...(env.concurrency ? { WORKER_CONCURRENCY: String(env.concurrency) } : {}),
      ...env.extraEnv,
    },
    stdio: ['ignore', 'pipe', 'pipe'],
  });
  const started = waitForOutput(child, /ready/);
  await started.matched;
  const exited = new Promise<{ code: number | null; signal: NodeJS.Signals | null }>((resolve) => child.once('exit', (code, signal) => resolve({ code, signal })));
  return {
    pid: child.pid!,
    output: started.output,
    exited,
    /** SIGKILL: no clean-up, no goodbye; exactly what an OOM kill or a lost machine looks like. */
    async kill() {
      child.kill('SIGKILL');
      await exited;
    },
    /** SIGTERM, as a process manager stops it; resolves once it has exited. */
    async stop() {
      if (child.exitCode === null && child.signalCode === null) child.kill('SIGTERM');
      return exited;
    },
  };
}
