import { spawn } from 'node:child_process';

/** A worker process exactly as server.ts forks it (worker/main.ts), for tests that kill workers. */
export async function spawnWorker(env: { databaseUrl: string; dataDir: string; leaseSeconds: number }) {
  const child = spawn(process.execPath, ['--import', 'tsx', 'worker/main.ts'], {
    env: { ...process.env, DATABASE_URL: env.databaseUrl, DATA_DIR: env.dataDir, NODE_LEASE_SECONDS: String(env.leaseSeconds), NODE_ENV: 'production' },
    stdio: ['ignore', 'pipe', 'pipe'],
  });
  let output = '';
  await new Promise<void>((resolve, reject) => {
    const onData = (chunk: Buffer) => {
      output += chunk.toString();
      if (output.includes('ready')) resolve();
    };
    child.stdout.on('data', onData);
    child.stderr.on('data', onData);
    child.once('exit', (code) => reject(new Error(`worker exited (${code}) during start-up:\n${output}`)));
  });
  const exited = new Promise<void>((resolve) => child.once('exit', () => resolve()));
  return {
    pid: child.pid!,
    output: () => output,
    /** SIGKILL: no clean-up, no goodbye; exactly what an OOM kill or a lost machine looks like. */
    async kill() {
      child.kill('SIGKILL');
      await exited;
    },
    async stop() {
      if (child.exitCode === null && child.signalCode === null) child.kill('SIGTERM');
      await exited;
    },
  };
}
