import { existsSync, promises as fs } from 'node:fs';
import { createRequire } from 'node:module';
import { basename, join } from 'node:path';
import { fileURLToPath, pathToFileURL } from 'node:url';

/**
 * A thread's TypeScript entry and the modules it imports, bundled into one JavaScript file by esbuild, so
 * the thread starts without a TypeScript loader. Through tsx each thread registered its own loader and
 * transformed its imports: ~190 ms of CPU per thread, paid again by every fit that starts helpers, and on
 * two cores taken from the thread the helpers were meant to help. Bundled once per process and entry, from
 * the sources as they are now (never a stale build), into node_modules/.cache, where the packages the bundle
 * leaves out still resolve. Each module's `import.meta.url` is its source file's, so URLs made relative to a
 * module (samples, wasm, createRequire) point where they did.
 * The browser's bundle reaches this module too (the engine is shared), so it imports only the builtins
 * remix.config.js empties there and loads esbuild through require, which that bundler does not follow.
 */
const CACHE = new URL('../../node_modules/.cache/pipewright-threads/', import.meta.url);
const pending = new Map<string, Promise<URL | null>>();
const bundled = new Map<string, URL>();

/**
 * Bundles `entry` (once per process) so that startThread starts it as JavaScript; resolves with the bundle, or
 * null where it cannot be made (no esbuild, an unwritable cache), and startThread then boots through tsx.
 */
export function prepareThread(entry: URL): Promise<URL | null> {
  let bundle = pending.get(entry.href);
  if (!bundle) {
    bundle = makeBundle(entry).then((url) => {
      if (url) bundled.set(entry.href, url);
      return url;
    });
    pending.set(entry.href, bundle);
  }
  return bundle;
}

/** The bundle prepareThread made for `entry`, if it has finished (and the file is still there). */
export function bundledThread(entry: URL): URL | undefined {
  const bundle = bundled.get(entry.href);
  return bundle && existsSync(bundle) ? bundle : undefined;
}

async function makeBundle(entry: URL): Promise<URL | null> {
  try {
    const esbuild = createRequire(import.meta.url)('esbuild') as typeof import('esbuild');
    const result = await esbuild.build({
      entryPoints: [fileURLToPath(entry)],
      bundle: true,
      format: 'esm',
      platform: 'node',
      target: 'node20',
      packages: 'external',
      write: false,
      logLevel: 'silent',
      plugins: [sourceUrls],
    });
    const code = result.outputFiles[0]!.text;
    const prefix = `${basename(fileURLToPath(entry)).replace(/\.[cm]?ts$/, '')}-`;
    const name = `${prefix}${contentHash(code)}.mjs`;
    const directory = fileURLToPath(CACHE);
    await fs.mkdir(directory, { recursive: true });
    const file = join(directory, name);
    // Named by its contents: one already there (another process's, or made before node_modules went read-only) is this one.
    if (!existsSync(file)) {
      await writeAside(file, code);
      await pruneBundles(directory, prefix, name);
    }
    return pathToFileURL(file);
  } catch {
    return null;
  }
}

/** A day: older bundles of an entry are from sources edited since, not from a process still starting threads on them. */
const STALE_MS = 24 * 60 * 60 * 1000;

/** Removes the entry's other bundles that have not been written for STALE_MS (each source edit leaves one). */
export async function pruneBundles(directory: string, prefix: string, keep: string, now = Date.now()): Promise<void> {
  for (const name of await fs.readdir(directory)) {
    if (!name.startsWith(prefix) || !name.endsWith('.mjs') || name === keep) continue;
    const file = join(directory, name);
    const { mtimeMs } = await fs.stat(file).catch(() => ({ mtimeMs: now }));
    if (now - mtimeMs > STALE_MS) await fs.rm(file, { force: true });
  }
}

/** Written aside and renamed: another process may be starting a thread on the same bundle meanwhile. */
async function writeAside(file: string, code: string): Promise<void> {
  const partial = `${file}.${process.pid}.${Math.random().toString(36).slice(2)}`;
  try {
    await fs.writeFile(partial, code);
    await fs.rename(partial, file);
  } catch (error) {
    await fs.rm(partial, { force: true }).catch(() => undefined);
    throw error;
  }
}

/** 16 hex digits of two seeded 32-bit FNV-1a hashes: enough to tell bundles apart, without node:crypto. */
function contentHash(text: string): string {
  let a = 0x811c9dc5;
  let b = 0x01000193 ^ text.length;
  for (let i = 0; i < text.length; i++) {
    const c = text.charCodeAt(i);
    a = Math.imul(a ^ c, 0x01000193);
    b = Math.imul(b ^ c, 0x5bd1e995);
  }
  return ((a >>> 0).toString(16).padStart(8, '0') + (b >>> 0).toString(16).padStart(8, '0'));
}

/** Rewrites `import.meta.url` in each of our modules (packages stay outside the bundle) to that module's own file URL. */
const sourceUrls: import('esbuild').Plugin = {
  name: 'source-import-meta-url',
  setup(build) {
    build.onLoad({ filter: /\.[cm]?[jt]sx?$/ }, async ({ path }) => ({
      contents: (await fs.readFile(path, 'utf8')).replaceAll('import.meta.url', JSON.stringify(pathToFileURL(path).href)),
      loader: /\.[cm]?tsx$/.test(path) ? 'tsx' : /\.[cm]?ts$/.test(path) ? 'ts' : /x$/.test(path) ? 'jsx' : 'js',
    }));
  },
};
