import { readFileSync } from 'node:fs';
import { createRequire, Module } from 'node:module';
import path from 'node:path';
import type postgresType from 'postgres';

/**
 * postgres.js (3.4.9, the latest) loaded through this file, for two reasons.
 *
 * A defect guarded: when Postgres ends a connection that a transaction holds (a restart, a fast shutdown,
 * pg_terminate_backend), the transaction's own ROLLBACK is written to the closed connection: its deferred write
 * then dereferences the null socket inside a setImmediate, an exception no caller can catch, and the process dies
 * (upstream issues porsager/postgres#1154, #1208). A connection that survives it keeps a stale write timer and never
 * sends another byte. Patched, a query written to a closed connection fails with CONNECTION_CLOSED instead, and a
 * closed connection forgets its pending write and the error that ended it. A query queued on a connection between
 * its socket's error and its close, which waited forever unpatched, fails at the close too.
 *
 * Statements prepared by default: drizzle passes `prepare: false` on every query it did not name, and postgres.js
 * then sends each parameterised query's Parse/Describe and waits for the answer before it binds and executes: two
 * round trips per statement, and a pipelined batch stalls on every describe. Patched, a statement with few
 * parameters is prepared on its connection the first time and runs in one round trip after that (0.15 → 0.06 ms a
 * select here, 0.97 → 0.26 ms for five in a transaction). Long or many-parameter texts (bulk inserts, long IN lists)
 * stay unnamed, so a connection keeps a bounded set of statements. A statement's first use on a connection is not
 * described first either when its parameters are plain values (text, numbers, booleans, dates, bytes): every
 * connection of the pool meets every statement once, and each such describe stalled its batch a round trip.
 * `prepare: false` on the client turns it all off (a transaction-mode pooler without prepared-statement support in
 * front of Postgres).
 *
 * We load the package's CommonJS build with `connection.js` patched (and its pool, below). Remove the guard once a
 * release carries the fix.
 */
const MAX_PREPARED_PARAMETERS = 64;
const MAX_PREPARED_TEXT = 8192;
const require = createRequire(import.meta.url);
const indexPath = require.resolve('postgres');
const connectionPath = path.join(path.dirname(indexPath), 'connection.js');
const queuePath = path.join(path.dirname(indexPath), 'queue.js');

type Patch = { find: RegExp; replace: string; count: number };

const CONNECTION_PATCHES: Patch[] = [
  {
    // Bytes for a connection that already closed belong to a session the server ended: its queries fail now.
    // True keeps the caller (a transaction's handler) from parking the closed connection in the "full" queue.
    find: /^  function write\(x, fn\) \{$/m,
    replace: `  function write(x, fn) {
    if (!socket) {
      const err = Errors.connection('CONNECTION_CLOSED', options, null)
      query && queryError(query, err)
      while (sent.length) queryError(sent.shift(), err)
      query = null
      return true
    }`,
    count: 1,
  },
  // A write deferred before the close: its queries were failed by closed(); the bytes go nowhere.
  { find: /^  function nextWrite\(fn\) \{$/m, replace: '  function nextWrite(fn) {\n    if (!socket) return (chunk = nextWriteTimer = null, false)', count: 1 },
  // terminate() and closed() cancelled the deferred write but left its timer set: no later write was ever sent.
  { find: /^(\s+)clearImmediate\(nextWriteTimer\)$/gm, replace: '$1clearImmediate(nextWriteTimer), nextWriteTimer = chunk = null', count: 2 },
  // The server's "terminating connection" error outlived the close and failed the reconnected session's first query.
  { find: /^    socket = null$/m, replace: '    socket = null\n    errorResponse = null', count: 1 },
  {
    // A socket error fails the queries in flight at once, but the socket's close comes an event-loop turn later, and a
    // query the pool handed to the connection in between was queued behind them and then never failed: after the
    // close it waited forever for a session that was gone. Every query still pending at the close fails now.
    find: /^    !hadError && \(query \|\| sent\.length\) && error\(Errors\.connection\('CONNECTION_CLOSED', options, socket\)\)$/m,
    // An `if`, not a line that opens with a parenthesis: the package writes no semicolons, and the line above it ends in a call.
    replace: "    if (query || sent.length) error(Errors.connection('CONNECTION_CLOSED', options, socket))",
    count: 1,
  },
  {
    find: /^    q\.prepare = options\.prepare && \('prepare' in q\.options \? q\.options\.prepare : true\)$/m,
    replace: `    q.prepare = options.prepare && (q.options.prepare === true || parameters.length <= ${MAX_PREPARED_PARAMETERS} && string.length <= ${MAX_PREPARED_TEXT})`,
    count: 1,
  },
  {
    // A statement's first use on a connection: Parse, Describe, Bind and Execute go together, and the batch behind it
    // keeps going, when every parameter is sent as its own text anyway (Postgres infers the types; the statement keeps
    // the described ones for later uses). Arrays and objects need the described type to be written, so they still wait.
    find: /^    q\.describeFirst = q\.onlyDescribe \|\| \(parameters\.length && !q\.prepared\)$/m,
    replace:
      '    q.describeFirst = q.onlyDescribe || (parameters.length && !q.prepared && !parameters.every(x => x === null || typeof x !== "object" || x instanceof Date || x instanceof Uint8Array))',
    count: 1,
  },
];

/**
 * The pool hands out its most recently idle connection (postgres.js takes the longest idle one): at low concurrency
 * a few connections do the work, their backends' caches and prepared statements warm, instead of every request
 * meeting a connection that has not yet seen its statements (pgbouncer pools the same way by default).
 */
const QUEUE_PATCHES: Patch[] = [
  {
    find: /^    push: \(x\) => \(xs\.push\(x\), x\),$/m,
    replace: `    push: (x) => (xs.push(x), x),
    pop: () => {
      if (xs.length === index) return undefined
      const out = xs.pop()
      if (xs.length === index) (index = 0, xs = [])
      return out
    },`,
    count: 1,
  },
];
const INDEX_PATCHES: Patch[] = [{ find: /open\.shift\(\)/g, replace: 'open.pop()', count: 2 }];

function patchedModule(file: string, patches: Patch[]) {
  const source = readFileSync(file, 'utf8');
  let patched = source;
  for (const p of patches) {
    if ((source.match(p.find) ?? []).length !== p.count) {
      throw new Error(`db/postgres-js.ts no longer matches ${file} (was postgres.js upgraded?): check whether the release fixed writes to a closed connection, how it prepares statements and how its pool picks a connection, then update or delete the patches.`);
    }
    patched = patched.replace(p.find, p.replace);
  }
  const mod = new Module(file);
  mod.filename = file;
  mod.paths = (Module as unknown as { _nodeModulePaths(dir: string): string[] })._nodeModulePaths(path.dirname(file));
  (mod as unknown as { _compile(code: string, filename: string): void })._compile(patched, file);
  mod.loaded = true;
  require.cache[file] = mod;
}

function loadGuarded(): typeof postgresType {
  if (require.cache[indexPath]) throw new Error(`postgres.js was loaded before db/postgres-js.ts could guard it (${indexPath}); import it only through this file.`);
  // The queue first: both others require it.
  patchedModule(queuePath, QUEUE_PATCHES);
  patchedModule(connectionPath, CONNECTION_PATCHES);
  patchedModule(indexPath, INDEX_PATCHES);
  return require('postgres') as typeof postgresType;
}

export const postgres = loadGuarded();
