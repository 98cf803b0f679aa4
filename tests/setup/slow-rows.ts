import { sql } from 'drizzle-orm';
import type { createDb } from '../../db/client';

/**
 * Makes every row `event` on `table` sleep `seconds` first (a trigger named `name`): a loaded database,
 * made certain, so a test can count on one statement still running while another starts.
 */
export async function slowRows(db: ReturnType<typeof createDb>['db'], name: string, table: string, event: 'insert' | 'update', seconds: number): Promise<void> {
  await db.execute(sql.raw(`create function ${name}() returns trigger language plpgsql as $$ begin perform pg_sleep(${seconds}); return new; end $$`));
  await db.execute(sql.raw(`create trigger ${name} before ${event} on ${table} for each row execute function ${name}()`));
}
