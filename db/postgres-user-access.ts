import { constants } from 'node:fs';
import { access, cp, stat, writeFile } from 'node:fs/promises';
import os from 'node:os';
import path from 'node:path';

/**
 * As root, Postgres runs as the `postgres` OS user, which needs to traverse every parent of its binaries
 * and its data directory. A project cloned under /root (mode 700) fails that; these helpers say so clearly
 * or, for the binaries, run a copy from a world-readable place.
 */
async function firstClosedParent(target: string, ownerUid?: number) {
  for (let dir = path.dirname(path.resolve(target)); ; dir = path.dirname(dir)) {
    const s = await stat(dir).catch(() => undefined);
    if (s && s.uid !== ownerUid && (s.mode & 0o001) === 0) return dir;
    if (dir === path.dirname(dir)) return undefined;
  }
}

export async function assertDataDirReachable(dataDir: string, postgresUid: number) {
  const closed = await firstClosedParent(dataDir, postgresUid);
  if (closed) {
    throw new Error(
      `The embedded Postgres runs as the "postgres" user, which cannot enter ${closed}. ` +
        `Set DATA_DIR to a directory whose parents it can read (for example /var/lib/pipewright), or set DATABASE_URL.`,
    );
  }
}

/** The package's `native/` directory, or a copy under the temp dir when the postgres user cannot reach it. */
export async function reachableNativeDir(nativeDir: string, version: string) {
  if (!(await firstClosedParent(path.join(nativeDir, 'bin')))) return nativeDir;
  const copy = path.join(os.tmpdir(), `pipewright-postgres-${version}`);
  const marker = path.join(copy, '.complete');
  if (!(await access(marker, constants.F_OK).then(() => true, () => false))) {
    await cp(nativeDir, copy, { recursive: true, verbatimSymlinks: true, force: true });
    await writeFile(marker, version);
  }
  return copy;
}
