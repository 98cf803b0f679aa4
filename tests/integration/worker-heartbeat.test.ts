import { eq } from 'drizzle-orm';
import { afterAll, beforeAll, expect, test } from 'vitest';
import { createDb } from '../../db/client';
import { workers } from '../../db/schema';
import { startHeartbeat } from '../../worker/heartbeat';
import { slowRows } from '../setup/slow-rows';
import { createTestDatabase } from '../setup/test-database';

let database: Awaited<ReturnType<typeof createTestDatabase>>;
let client: ReturnType<typeof createDb>;

beforeAll(async () => {
  database = await createTestDatabase();
  // Two connections, so a stop's delete can run while a beat is still on the other one.
  client = createDb(database.url, { max: 2 });
  // Every beat spends 60 ms before its upsert looks for the row (a loaded database, made certain): a delete in
  // that time finds the row, and the upsert then inserts it again unless the stop waited for the beat.
  await slowRows(client.db, 'slow_beat', 'workers', 'insert', 0.06);
});
afterAll(async () => {
  await client?.sql.end({ timeout: 1 });
  await database?.drop();
});

test('a clean stop leaves no heartbeat row, even with a beat in flight when it stops', async () => {
  for (let round = 0; round < 3; round++) {
    // The first beat is awaited; the timer's next one starts 20 ms later and is mid-beat at 40 ms.
    const heartbeat = await startHeartbeat(client.db, { concurrency: 1, intervalSeconds: 0.02 });
    await new Promise((r) => setTimeout(r, 40));
    await heartbeat.stop();
    // Long enough for a beat left in flight to land.
    await new Promise((r) => setTimeout(r, 150));
    expect(await client.db.select().from(workers).where(eq(workers.id, heartbeat.id)), `round ${round}`).toEqual([]);
  }
});
