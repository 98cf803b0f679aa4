import { spawn } from 'node:child_process';
import { readFileSync } from 'node:fs';
import { readFile } from 'node:fs/promises';
import path from 'node:path';

/** One running postmaster: `exited` resolves with how it ended; `stop` shuts it down fast and waits. */
export type PostgresProcess = { pid: number; startedAt: number; exited: Promise<string>; stop: () => Promise<void> };

const SHUTDOWN_GRACE_MS = 20_000;

/**
 * Spawns a postmaster in its own process group (so a terminal's Ctrl-C reaches us, not it) and resolves
 * once it accepts connections. Aborting `signal` while it starts stops it and rejects.
 */
export async function launchPostgres(opts: {
  binary: string;
  dataDir: string;
  port: number;
  ids: { uid?: number; gid?: number };
  signal?: AbortSignal;
}): Promise<PostgresProcess> {
  const { binary, dataDir, port, ids, signal } = opts;
  signal?.throwIfAborted();
  const args = ['-D', dataDir, '-p', String(port), '-c', 'listen_addresses=127.0.0.1', '-c', 'max_connections=200'];
  const child = spawn(binary, args, { ...ids, detached: true, stdio: ['ignore', 'ignore', 'pipe'] });
  const exited = new Promise<string>((resolve) =>
    child.once('exit', (code, sig) => resolve(sig ? `killed by ${sig}` : `exit code ${code}`)),
  );
  const stop = async () => {
    if (child.exitCode !== null || child.signalCode !== null) return;
    child.kill('SIGINT'); // fast shutdown: roll back open transactions, checkpoint, exit
    const escalate = setTimeout(() => child.kill('SIGQUIT'), SHUTDOWN_GRACE_MS);
    await exited;
    clearTimeout(escalate);
  };
  let log = '';
  const onAbort = () => void stop();
  signal?.addEventListener('abort', onAbort, { once: true });
  try {
    await new Promise<void>((resolve, reject) => {
      child.stderr!.on('data', (chunk: Buffer) => {
        log = (log + chunk.toString()).slice(-4000);
        if (log.includes('database system is ready to accept connections')) resolve();
      });
      void exited.then((how) => reject(new Error(`Embedded Postgres stopped during start-up (${how}) on port ${port}, data ${dataDir}:\n${log}`)));
    });
  } catch (error) {
    await exited;
    signal?.throwIfAborted();
    throw error;
  } finally {
    signal?.removeEventListener('abort', onAbort);
  }
  child.stderr!.resume();
  return { pid: child.pid!, startedAt: Date.now(), exited, stop };
}

export async function readPostmasterPid(dataDir: string) {
  const text = await readFile(path.join(dataDir, 'postmaster.pid'), 'utf8').catch(() => '');
  const pid = Number.parseInt(text.split('\n')[0] ?? '', 10);
  return Number.isInteger(pid) && pid > 0 ? pid : undefined;
}

/**
 * Stops whichever postmaster holds `dataDir` (its pid file says which): one left by a killed parent,
 * or one somebody started by hand. Waits until it is gone.
 */
export async function stopPostmasterOf(dataDir: string) {
  const pid = await readPostmasterPid(dataDir);
  if (!pid || !isPostmaster(pid)) return;
  process.kill(pid, 'SIGINT');
  const deadline = Date.now() + SHUTDOWN_GRACE_MS;
  while (isAlive(pid) && Date.now() < deadline) await new Promise((r) => setTimeout(r, 50));
  if (isAlive(pid)) process.kill(pid, 'SIGQUIT');
  for (let i = 0; i < 100 && isAlive(pid); i++) await new Promise((r) => setTimeout(r, 50));
  if (isAlive(pid)) throw new Error(`A Postgres server (pid ${pid}) still holds ${dataDir}; stop it and try again.`);
}

export function isAlive(pid: number) {
  try {
    process.kill(pid, 0);
    return true;
  } catch (error) {
    // EPERM: it exists but belongs to another user.
    return (error as NodeJS.ErrnoException).code === 'EPERM';
  }
}

/** The pid file may name a process that died long ago and whose pid now belongs to something else. */
export function isPostmaster(pid: number) {
  if (!isAlive(pid)) return false;
  if (process.platform !== 'linux') return true;
  try {
    return readFileSync(`/proc/${pid}/comm`, 'utf8').trim() === 'postgres';
  } catch {
    return false;
  }
}
