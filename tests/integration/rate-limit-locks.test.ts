import { afterAll, beforeAll, expect, test } from 'vitest';
import { createDb } from '../../db/client';
import { countHits, forgiveHits } from '../../db/queries/rate-limits';
import { slowRows } from '../setup/slow-rows';
import { createTestDatabase } from '../setup/test-database';

let database: Awaited<ReturnType<typeof createTestDatabase>>;
let client: ReturnType<typeof createDb>;
const keys = ['sign-in:account:a', 'sign-in:address:b', 'sign-in:pair:c'];

beforeAll(async () => {
  database = await createTestDatabase();
  client = createDb(database.url, { max: 8 });
  // Rows stored in reverse key order, so a scan meets them last key first; every row update takes 20 ms, so
  // two statements that lock the same rows in different orders are sure to hold one each while they wait.
  for (const key of [...keys].reverse()) await countHits(client.db, [key], 900);
  await slowRows(client.db, 'slow_hit', 'rate_limits', 'update', 0.02);
});
afterAll(async () => {
  await client?.sql.end({ timeout: 1 });
  await database?.drop();
});

test('counting and forgiving the same keys at once never deadlock (a refused sign-in forgives while others count)', async () => {
  const calls = Array.from({ length: 12 }, (_, i) => (i % 2 === 0 ? countHits(client.db, keys, 900) : forgiveHits(client.db, keys)));
  const outcomes = await Promise.allSettled(calls);
  expect(outcomes.filter((o) => o.status === 'rejected').map((o) => String((o as PromiseRejectedResult).reason?.cause ?? (o as PromiseRejectedResult).reason))).toEqual([]);
  // 1 each from setup, 6 counts and 6 forgives in whatever order they ran (a forgive never goes below 0), then this count.
  const counts = await countHits(client.db, keys, 900);
  for (const key of keys) expect(counts.get(key)!.hits).toBeGreaterThanOrEqual(2);
  for (const key of keys) expect(counts.get(key)!.hits).toBeLessThanOrEqual(8);
});
