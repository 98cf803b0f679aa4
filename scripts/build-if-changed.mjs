import { spawnSync } from 'node:child_process';
import { createHash } from 'node:crypto';
import { existsSync, readdirSync, readFileSync, statSync, writeFileSync } from 'node:fs';
import path from 'node:path';
import { pathToFileURL } from 'node:url';

/**
 * Builds the Remix app unless the last production build was made from exactly these sources: a hash of
 * every file the build can read, stored next to the build. Saves `npm start` a rebuild on each start.
 * Pass --force to build anyway.
 */
const INPUTS = ['app', 'engine', 'db', 'graphql', 'worker', 'public', 'remix.config.js', 'tailwind.config.ts', 'postcss.config.js', 'tsconfig.json', 'package-lock.json'];
const SKIP = new Set(['node_modules', 'build', path.join('public', 'build')]);
const BUILD_ENTRY = path.join('build', 'index.js');
const STAMP = path.join('build', '.sources.json');

/** @param {string} entry @returns {string[]} */
function listFiles(entry) {
  if (SKIP.has(entry) || !existsSync(entry)) return [];
  if (!statSync(entry).isDirectory()) return [entry];
  return readdirSync(entry)
    .sort()
    .flatMap((name) => listFiles(path.join(entry, name)));
}

function sourcesHash() {
  const hash = createHash('sha256');
  for (const file of INPUTS.flatMap(listFiles)) hash.update(file).update('\0').update(readFileSync(file)).update('\0');
  return hash.digest('hex');
}

/** Identifies the build output, so a development build (`npm run dev`) written since does not pass for ours. */
function buildIdentity() {
  if (!existsSync(BUILD_ENTRY) || !existsSync(path.join('public', 'build'))) return undefined;
  const s = statSync(BUILD_ENTRY);
  return `${s.size}:${s.mtimeMs}`;
}

/** @returns {{ sources?: string, build?: string }} */
function readStamp() {
  try {
    return JSON.parse(readFileSync(STAMP, 'utf8'));
  } catch {
    return {};
  }
}

/** @param {{ force?: boolean }} opts */
export function buildIfChanged(opts = {}) {
  const sources = sourcesHash();
  const stamp = readStamp();
  if (!opts.force && stamp.sources === sources && stamp.build !== undefined && stamp.build === buildIdentity()) {
    console.log('Build is up to date.');
    return 0;
  }
  const remix = path.resolve('node_modules/@remix-run/dev/dist/cli.js');
  const result = spawnSync(process.execPath, [remix, 'build'], { stdio: 'inherit', env: { ...process.env, NODE_ENV: 'production' } });
  if (result.status !== 0) return result.status ?? 1;
  writeFileSync(STAMP, JSON.stringify({ sources, build: buildIdentity() }));
  return 0;
}

if (import.meta.url === pathToFileURL(process.argv[1] ?? '').href) process.exit(buildIfChanged({ force: process.argv.includes('--force') }));
