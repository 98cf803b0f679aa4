import { randomBytes } from 'node:crypto';
import { copyFile, mkdir, readdir, readFile, rename, rm, stat, writeFile } from 'node:fs/promises';
import path from 'node:path';
import { withFileBytes } from './lent-file-bytes';

/** Content lives on local disk by default; keys are relative paths we generate, never user input. */
export type BlobStore = {
  put(key: string, bytes: Uint8Array): Promise<void>;
  get(key: string): Promise<Uint8Array>;
  /** The blob's bytes lent to `use` on a reused shared buffer, which must not keep them after it settles (lent-file-bytes.ts). */
  lend<T>(key: string, use: (bytes: Uint8Array) => Promise<T> | T): Promise<T>;
  /** Moves a file made by `tempPath` into place under `key` (uploads arrive on disk, never whole in memory). */
  putFile(key: string, file: string): Promise<void>;
  delete(key: string): Promise<void>;
  /** A fresh path in the store's scratch directory, on the same disk as the blobs so `putFile` is a rename. */
  tempPath(suffix?: string): Promise<string>;
  /** Deletes scratch files older than `ageMs` (left by a process that died mid-upload); returns how many. */
  sweepTemp(ageMs: number): Promise<number>;
};

export const TEMP_DIR = '.tmp';

export function createLocalBlobStore(root: string): BlobStore {
  const resolve = (key: string) => {
    const full = path.resolve(root, key);
    if (!full.startsWith(path.resolve(root) + path.sep)) throw new Error(`Blob key escapes the store: ${key}`);
    return full;
  };
  const uniqueSuffix = () => `${process.pid}.${randomBytes(6).toString('hex')}`;
  return {
    async put(key, bytes) {
      const file = resolve(key);
      await mkdir(path.dirname(file), { recursive: true });
      // Write then rename so a reader never sees half a blob.
      const tmp = `${file}.${uniqueSuffix()}.tmp`;
      await writeFile(tmp, bytes);
      await rename(tmp, file);
    },
    async get(key) {
      const buffer = await readFile(resolve(key));
      // A view, not `new Uint8Array(buffer)`, which would copy the whole blob.
      return new Uint8Array(buffer.buffer, buffer.byteOffset, buffer.byteLength);
    },
    lend(key, use) {
      return withFileBytes(resolve(key), use);
    },
    async putFile(key, source) {
      const file = resolve(key);
      await mkdir(path.dirname(file), { recursive: true });
      try {
        await rename(source, file);
      } catch (error) {
        if ((error as NodeJS.ErrnoException).code !== 'EXDEV') throw error;
        // A scratch file on another disk: copy beside the target, then rename, so readers never see half a blob.
        const tmp = `${file}.${uniqueSuffix()}.tmp`;
        await copyFile(source, tmp);
        await rename(tmp, file);
        await rm(source, { force: true });
      }
    },
    async delete(key) {
      await rm(resolve(key), { force: true });
    },
    async tempPath(suffix = '') {
      const dir = resolve(TEMP_DIR);
      await mkdir(dir, { recursive: true });
      return path.join(dir, `${uniqueSuffix()}${suffix}.tmp`);
    },
    async sweepTemp(ageMs) {
      const dir = resolve(TEMP_DIR);
      const names = await readdir(dir).catch(() => [] as string[]);
      let removed = 0;
      for (const name of names) {
        const file = path.join(dir, name);
        const info = await stat(file).catch(() => undefined);
        if (!info || Date.now() - info.mtimeMs < ageMs) continue;
        await rm(file, { force: true });
        removed++;
      }
      return removed;
    },
  };
}
