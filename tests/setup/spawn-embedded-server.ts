import { spawn } from 'node:child_process';
import { SERVER_READY, waitForOutput } from './child-output';

/**
 * `server.ts` exactly as `npm start` runs it with no DATABASE_URL: an embedded Postgres in `dataDir`.
 * Started in its own process group, like a terminal's foreground job, so a test can send Ctrl-C to the group.
 */
export function spawnEmbeddedServer(opts: { dataDir: string; pgPort: number; port?: number; workers?: number }) {
  const env: NodeJS.ProcessEnv = {
    ...process.env,
    NODE_ENV: 'production',
    DATA_DIR: opts.dataDir,
    PORT: String(opts.port ?? 0),
    EMBEDDED_PG_PORT: String(opts.pgPort),
    WORKERS: String(opts.workers ?? 1),
  };
  delete env.DATABASE_URL;
  const child = spawn(process.execPath, ['--import', 'tsx', 'server.ts'], { env, stdio: ['ignore', 'pipe', 'pipe'], detached: true });
  const started = waitForOutput(child, SERVER_READY);
  const exited = new Promise<number | null>((resolve) => child.once('exit', (code) => resolve(code)));
  return {
    child,
    pgid: child.pid!,
    origin: started.matched.then((m) => m[1]!),
    output: started.output,
    exited,
    /** Ctrl-C in a terminal: SIGINT to every process of the foreground group. */
    ctrlC() {
      process.kill(-child.pid!, 'SIGINT');
      return exited;
    },
  };
}

/** Whether any process is left in the process group `pgid`. */
export function groupAlive(pgid: number) {
  try {
    process.kill(-pgid, 0);
    return true;
  } catch {
    return false;
  }
}
