import { createHash, randomBytes } from 'node:crypto';
import { mkdir, readdir, readFile, rename, rm, stat, writeFile } from 'node:fs/promises';
import path from 'node:path';
import type { TableSchema } from '../../engine/table';
import { downloadUrl, type Downloaded } from './download';
import type { UrlFetchSettings } from './settings';

/** What the cache knows about one URL: its last body (by sha256), the validators to revalidate it, and its parsed schema. */
export type CachedCopy = Omit<Downloaded, 'status'> & {
  url: string;
  fetchedAt: number;
  checkedAt: number;
  /** Filled in by whoever parsed this body first, so edit-time schemas need no second parse. */
  parsed?: { format: string; schema: TableSchema; rowCount: number };
};
/** `cached`: used without asking the server; `revalidated`: the server answered 304; `downloaded`: a new body. */
export type CacheHit = { copy: CachedCopy; file: string; how: 'cached' | 'revalidated' | 'downloaded' };

type Inflight = { promise: Promise<CacheHit>; controller: AbortController; waiters: number };

/** Scratch files older than this belong to a process that died mid-download. */
const STALE_TEMP_MS = 60 * 60 * 1000;

/**
 * A disk cache of fetched URLs under `dir`, shared by every process and thread on the host (files are
 * written under temporary names and renamed into place). Each URL has an index file with its validators;
 * a later `get` sends If-None-Match / If-Modified-Since, and a 304 reuses the cached body. Concurrent
 * gets of one URL in a process share one download, which is cancelled only when every waiter gave up.
 */
export function createUrlCache(opts: { dir: string; settings: UrlFetchSettings; now?: () => number }) {
  const { dir, settings } = opts;
  const now = opts.now ?? Date.now;
  const inflight = new Map<string, Inflight>();
  let swept: Promise<void> | undefined;

  const keyOf = (url: string) => createHash('sha256').update(url).digest('hex');
  const indexFile = (url: string) => path.join(dir, `${keyOf(url)}.json`);
  const bodyFile = (copy: CachedCopy) => path.join(dir, `${keyOf(copy.url)}.${copy.sha256}.data`);
  const tempFile = () => path.join(dir, `tmp-${process.pid}-${randomBytes(6).toString('hex')}`);

  async function writeAtomically(file: string, text: string) {
    const temp = tempFile();
    await writeFile(temp, text);
    await rename(temp, file);
  }

  async function peek(url: string): Promise<CachedCopy | undefined> {
    try {
      const copy = JSON.parse(await readFile(indexFile(url), 'utf8')) as CachedCopy;
      // The body may have been replaced by another process since; without it the index is useless.
      return (await stat(bodyFile(copy)).catch(() => undefined)) ? copy : undefined;
    } catch (error) {
      if ((error as NodeJS.ErrnoException).code === 'ENOENT') return undefined;
      throw error;
    }
  }

  async function refresh(url: string, signal: AbortSignal): Promise<CacheHit> {
    await (swept ??= prepareDir());
    const cached = await peek(url);
    const temp = tempFile();
    const validators = cached && { url: cached.finalUrl, etag: cached.etag, lastModified: cached.lastModified };
    const result = await downloadUrl(url, { settings, file: temp, validators, signal });
    if (result.status === 'not-modified') {
      const copy = { ...cached!, checkedAt: now() };
      await writeAtomically(indexFile(url), JSON.stringify(copy));
      return { copy, file: bodyFile(copy), how: 'revalidated' };
    }
    const { status: _, ...downloaded } = result;
    const at = now();
    const copy: CachedCopy = { ...downloaded, url, fetchedAt: at, checkedAt: at, parsed: cached?.sha256 === result.sha256 ? cached.parsed : undefined };
    await rename(temp, bodyFile(copy));
    await writeAtomically(indexFile(url), JSON.stringify(copy));
    if (cached && cached.sha256 !== copy.sha256) await rm(bodyFile(cached), { force: true });
    await evict(keyOf(url));
    return { copy, file: bodyFile(copy), how: 'downloaded' };
  }

  /** Drops the URLs checked longest ago (their index is rewritten at every check) until the bodies fit the budget. */
  async function evict(keep: string) {
    const entries = new Map<string, { bytes: number; checkedAt: number }>();
    for (const name of await readdir(dir)) {
      const [key, ...rest] = name.split('.');
      if (name.startsWith('tmp-') || !key) continue;
      const info = await stat(path.join(dir, name)).catch(() => undefined);
      if (!info) continue;
      const entry = entries.get(key) ?? { bytes: 0, checkedAt: 0 };
      if (rest.at(-1) === 'json') entry.checkedAt = info.mtimeMs;
      else entry.bytes += info.size;
      entries.set(key, entry);
    }
    let total = [...entries.values()].reduce((sum, e) => sum + e.bytes, 0);
    const oldestFirst = [...entries].filter(([key]) => key !== keep).sort((a, b) => a[1].checkedAt - b[1].checkedAt);
    for (const [key, entry] of oldestFirst) {
      if (total <= settings.cacheMaxBytes) break;
      for (const name of (await readdir(dir)).filter((n) => n.startsWith(`${key}.`))) await rm(path.join(dir, name), { force: true });
      total -= entry.bytes;
    }
  }

  async function prepareDir() {
    await mkdir(dir, { recursive: true });
    for (const name of await readdir(dir)) {
      if (!name.startsWith('tmp-')) continue;
      const file = path.join(dir, name);
      const info = await stat(file).catch(() => undefined);
      if (info && now() - info.mtimeMs > STALE_TEMP_MS) await rm(file, { force: true });
    }
  }

  /** Joins (or starts) the download of `url`; this caller's abort only detaches this caller. */
  function shared(url: string, signal?: AbortSignal): Promise<CacheHit> {
    let entry = inflight.get(url);
    if (!entry) {
      const controller = new AbortController();
      const promise = refresh(url, controller.signal).finally(() => inflight.delete(url));
      entry = { promise, controller, waiters: 0 };
      inflight.set(url, entry);
    }
    const joined = entry;
    joined.waiters++;
    if (!signal) return joined.promise;
    return new Promise<CacheHit>((resolve, reject) => {
      const onAbort = () => {
        if (--joined.waiters === 0) joined.controller.abort(signal.reason);
        reject(signal.reason);
      };
      if (signal.aborted) return onAbort();
      signal.addEventListener('abort', onAbort, { once: true });
      joined.promise.then(resolve, reject).finally(() => signal.removeEventListener('abort', onAbort));
    });
  }

  return {
    peek,
    /** The URL's body on disk: the cached copy if checked within `maxAgeMs`, else revalidated or downloaded. */
    async get(url: string, options: { maxAgeMs: number; signal?: AbortSignal }): Promise<CacheHit> {
      const cached = await peek(url);
      if (cached && now() - cached.checkedAt <= options.maxAgeMs) return { copy: cached, file: bodyFile(cached), how: 'cached' };
      return shared(url, options.signal);
    },
    /** Records the schema parsed from a body, unless the URL has a different body by now. */
    async recordParsed(url: string, sha256: string, parsed: NonNullable<CachedCopy['parsed']>) {
      const copy = await peek(url);
      if (copy?.sha256 !== sha256) return;
      await writeAtomically(indexFile(url), JSON.stringify({ ...copy, parsed }));
    },
  };
}

export type UrlCache = ReturnType<typeof createUrlCache>;
