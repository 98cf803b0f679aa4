import { spawn } from 'node:child_process';
import { mkdtemp, rm } from 'node:fs/promises';
import os from 'node:os';
import path from 'node:path';
import { SERVER_READY, waitForOutput } from './child-output';
import { createTestDatabase } from './test-database';

/**
 * The product as `npm start` runs it (server.ts with its forked worker process) on a free port,
 * over a database of the test file's own. Resolves once the server prints its URL.
 */
export async function spawnServer(opts: { workers?: number; env?: Record<string, string> } = {}) {
  const database = await createTestDatabase();
  const dataDir = await mkdtemp(path.join(os.tmpdir(), 'pipewright-e2e-'));
  const child = spawn(process.execPath, ['--import', 'tsx', 'server.ts'], {
    env: { ...process.env, NODE_ENV: 'production', DATABASE_URL: database.url, DATA_DIR: dataDir, PORT: '0', WORKERS: String(opts.workers ?? 1), ...opts.env },
    stdio: ['ignore', 'pipe', 'pipe'],
  });
  const started = waitForOutput(child, SERVER_READY);
  const origin = (await started.matched)[1]!;
  return {
    origin,
    /** The server process itself (node runs server.ts directly), e.g. to read its memory from /proc. */
    pid: child.pid!,
    databaseUrl: database.url,
    dataDir,
    output: started.output,
    async stop() {
      if (child.exitCode === null) {
        const exited = new Promise((resolve) => child.once('exit', resolve));
        child.kill('SIGTERM');
        await exited;
      }
      await database.drop();
      await rm(dataDir, { recursive: true, force: true });
    },
  };
}
