import { sql as raw } from 'drizzle-orm';
import { connect, createServer, Socket, type AddressInfo } from 'node:net';
import postgres from 'postgres';
import { afterAll, beforeAll, expect, test } from 'vitest';
import { createDb } from '../../db/client';
import { createTestDatabase } from '../setup/test-database';

/**
 * Postgres ending a connection in the middle of a transaction (what a restart does to every open one) must fail
 * that transaction with a catchable error and leave the pool working. Unguarded, postgres.js writes the rollback
 * to the closed socket from a setImmediate and the process dies of an uncaught TypeError, which fails this file.
 */
let database: Awaited<ReturnType<typeof createTestDatabase>>;
let client: ReturnType<typeof createDb>;
let killer: postgres.Sql;

beforeAll(async () => {
  database = await createTestDatabase();
  client = createDb(database.url, { max: 2 });
  killer = postgres(database.url, { max: 1, onnotice: () => {} });
});
afterAll(async () => {
  await client?.sql.end({ timeout: 1 });
  await killer?.end({ timeout: 1 });
  await database?.drop();
});

test('a transaction whose connection the server ends fails with a connection error, and the pool still answers', async () => {
  for (let round = 0; round < 3; round++) {
    let pid: number | undefined;
    const tx = client.db.transaction(async (t) => {
      const [row] = (await t.execute(raw`select pg_backend_pid() as pid`)) as unknown as { pid: number }[];
      pid = row!.pid;
      await t.execute(raw`select pg_sleep(5)`);
    });
    const settled = tx.then(
      () => 'committed',
      (error: { code?: string; cause?: { code?: string } }) => error.cause?.code ?? error.code,
    );
    const deadline = Date.now() + 5_000;
    while (pid === undefined && Date.now() < deadline) await new Promise((r) => setTimeout(r, 10));
    expect(pid).toBeDefined();
    await killer`select pg_terminate_backend(${pid!})`;
    // 57P01 when the server's goodbye arrives before the socket closes, CONNECTION_CLOSED otherwise.
    expect(['57P01', 'CONNECTION_CLOSED']).toContain(await settled);
    // Every connection of the pool, the one that died included, serves transactions again: the first one after
    // (which gets the dead connection back) included, one at a time and side by side.
    for (const n of [1, 2]) {
      const rows = (await client.db.transaction(async (t) => t.execute(raw`select ${n}::int as n`))) as unknown as { n: number }[];
      expect(rows[0]!.n).toBe(n);
    }
    const answers = await Promise.all([1, 2, 3, 4].map((n) => client.db.transaction(async (t) => (await t.execute(raw`select ${n}::int as n`)) as unknown as { n: number }[])));
    expect(answers.map((rows) => rows[0]!.n)).toEqual([1, 2, 3, 4]);
  }
});

/** A step that has not answered in STEP_MS fails the test naming itself, where a hang would only time the whole test out. */
const STEP_MS = 20_000;
function step<T>(name: string, work: Promise<T>): Promise<T> {
  let timer: ReturnType<typeof setTimeout> | undefined;
  const late = new Promise<never>((_, reject) => (timer = setTimeout(() => reject(new Error(`${name} did not answer within ${STEP_MS / 1000} s`)), STEP_MS)));
  return Promise.race([work, late]).finally(() => clearTimeout(timer));
}

test("drizzle's statements are prepared on their connection once, bounded, and run again after the server forgot them", async () => {
  const one = createDb(database.url, { max: 1 });
  try {
    const select = async (n: number) => ((await one.db.execute(raw`select ${n}::int as n`)) as unknown as { n: number }[])[0]!.n;
    const prepared = async () =>
      ((await one.db.execute(raw`select statement from pg_prepared_statements`)) as unknown as { statement: string }[]).map((r) => r.statement);
    expect([await step('select 1 (a new connection)', select(1)), await step('select 2', select(2))]).toEqual([1, 2]);
    const ids = Array.from({ length: 100 }, (_, i) => i);
    await step('a long IN list', one.db.execute(raw`select count(*) from generate_series(1, 200) g where g in (${raw.join(ids.map((i) => raw`${i}`), raw`, `)})`));
    const statements = await step('reading pg_prepared_statements', prepared());
    expect(statements).toContain('select $1::int as n');
    // Past 64 parameters a text is not kept: each length of a long IN list would otherwise be a statement of its own.
    expect(statements.some((s) => s.includes('generate_series'))).toBe(false);

    await step('deallocate all', one.sql.unsafe('deallocate all'));
    expect(await step('select 3 (its statement deallocated)', select(3))).toBe(3);
    const [{ pid }] = (await step('reading the backend pid', one.db.execute(raw`select pg_backend_pid() as pid`))) as unknown as { pid: number }[];
    await step('pg_terminate_backend', killer`select pg_terminate_backend(${pid})`);
    await expect.poll(async () => (await killer`select count(*)::int as n from pg_stat_activity where pid = ${pid}`)[0]!.n).toBe(0);
    // The ended connection's first query may fail with the server's goodbye, and so may one queued on it before its
    // socket closed (the next test); the queries after those run on a new session.
    await step('select 4 (on the ended connection)', select(4).catch(() => undefined));
    await step('select 5 (perhaps queued on the ended connection)', select(5).catch(() => undefined));
    expect([await step('select 6 (a new session)', select(6)), await step('select 7', select(7))]).toEqual([6, 7]);
  } finally {
    await one.sql.end({ timeout: 1 });
  }
});

/** A TCP proxy to the test database whose next client write, once `reset` is called, is answered with a connection reset. */
async function resettingProxy() {
  const target = new URL(database.url);
  let resetNext = false;
  const server = createServer((client) => {
    const upstream = connect(Number(target.port || 5432), target.hostname);
    const close = () => (client.destroy(), upstream.destroy());
    client.on('data', (chunk) => {
      if (!resetNext) return void upstream.write(chunk);
      resetNext = false;
      client.resetAndDestroy();
      upstream.destroy();
    });
    upstream.on('data', (chunk) => client.write(chunk));
    for (const socket of [client, upstream]) socket.on('error', close).on('close', close);
  });
  await new Promise<void>((resolve) => server.listen(0, '127.0.0.1', resolve));
  const url = new URL(database.url);
  url.hostname = '127.0.0.1';
  url.port = String((server.address() as AddressInfo).port);
  return { url: url.toString(), reset: () => (resetNext = true), close: () => new Promise((resolve) => server.close(resolve)) };
}

test('a query queued on a connection between its reset and its close fails at the close instead of waiting forever', async () => {
  const proxy = await resettingProxy();
  const one = createDb(proxy.url, { max: 1 });
  try {
    const select = async (n: number) => ((await one.db.execute(raw`select ${n}::int as n`)) as unknown as { n: number }[])[0]!.n;
    const outcome = (work: Promise<number>) => work.then(String, (error: { code?: string; cause?: { code?: string } }) => error.cause?.code ?? error.code);
    expect(await step('select 1', select(1))).toBe(1);
    proxy.reset();
    expect(await step('select 2 (reset)', outcome(select(2)))).toBe('ECONNRESET');
    // Issued as the reset's error is handled, a turn of the event loop before the socket's close: the pool still
    // hands the connection out, and the query is queued behind the failed one. Unguarded it never settled.
    expect(await step('select 3 (queued on the reset connection)', outcome(select(3)))).toBe('CONNECTION_CLOSED');
    expect([await step('select 4 (a new session)', select(4)), await step('select 5', select(5))]).toEqual([4, 5]);
  } finally {
    await one.sql.end({ timeout: 1 });
    await proxy.close();
  }
});

test("a statement's first use on a connection goes in the same write as the batch around it, and its values keep their types", async () => {
  const one = createDb(database.url, { max: 1 });
  const port = Number(new URL(database.url).port || 5432);
  const write = Socket.prototype.write;
  let writes = 0;
  Socket.prototype.write = function (this: Socket, ...args: unknown[]) {
    if (this.remotePort === port) writes++;
    return (write as (...a: unknown[]) => boolean).apply(this, args);
  } as typeof write;
  try {
    await one.db.transaction(async (tx) => {
      writes = 0;
      // Three statements this connection has never seen, sent together. Described first, each would take a write for
      // its Parse/Describe, wait for the answer, then another for its Bind/Execute, one statement after the other.
      const [text, typed, json] = await Promise.all([
        tx.execute(raw`select ${'a'}::text as t`),
        tx.execute(raw`select ${41}::int + 1 as n, ${true}::bool as b, ${new Date('2026-01-02T03:04:05Z').toISOString()}::timestamptz as at`),
        tx.execute(raw`select (${JSON.stringify({ k: [1, 'x'] })}::jsonb) -> 'k' as k`),
      ]);
      expect(writes).toBe(1);
      expect((text as unknown as { t: string }[])[0]!.t).toBe('a');
      expect((typed as unknown as { n: number; b: boolean; at: string }[])[0]).toMatchObject({ n: 42, b: true });
      expect((json as unknown as { k: unknown }[])[0]!.k).toEqual([1, 'x']);
    });
    // An array needs its described type to be written: it is still described first, and arrives whole.
    const [row] = await one.sql`select cardinality(${['a', 'b,c']}::text[]) as n`;
    expect(row!.n).toBe(2);
  } finally {
    Socket.prototype.write = write;
    await one.sql.end({ timeout: 1 });
  }
});

test('the pool hands out its most recently idle connection, so sequential work stays on one warm session', async () => {
  const pool = createDb(database.url, { max: 4 });
  try {
    // Four sessions open at once, then queries and transactions one after another.
    await Promise.all(Array.from({ length: 4 }, () => pool.sql`select pg_sleep(0.05)`));
    const backend = async () => (await pool.sql`select pg_backend_pid() as pid`)[0]!.pid as number;
    const pids = new Set<number>();
    for (let i = 0; i < 8; i++) pids.add(await backend());
    for (let i = 0; i < 4; i++) await pool.db.transaction(async (tx) => pids.add(((await tx.execute(raw`select pg_backend_pid() as pid`)) as unknown as { pid: number }[])[0]!.pid));
    expect(pids.size).toBe(1);
    // Concurrent work still spreads over the sessions.
    const concurrent = await Promise.all(Array.from({ length: 4 }, async () => (await pool.sql`select pg_backend_pid() as pid, pg_sleep(0.05)`)[0]!.pid as number));
    expect(new Set(concurrent).size).toBe(4);
  } finally {
    await pool.sql.end({ timeout: 1 });
  }
});
