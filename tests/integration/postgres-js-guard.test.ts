import { sql as raw } from 'drizzle-orm';
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
