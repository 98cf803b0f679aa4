import type PgBoss from 'pg-boss';
import type { Tx } from '../db/client';

type RawSession = { queryObjects(query: string, params: unknown[]): Promise<Record<string, unknown>[]> };

/**
 * Lets pg-boss write its job rows inside one of our drizzle (postgres.js) transactions,
 * so a node's result and the jobs for its successors commit together or not at all.
 */
export function bossDbFor(tx: Tx): PgBoss.Db {
  const session = tx._.session as unknown as RawSession;
  return {
    async executeSql(text, values) {
      // pg-boss was written for node-postgres, which sends undefined as NULL and objects as JSON text.
      const params = values.map((v) => (v === undefined ? null : v !== null && typeof v === 'object' && !(v instanceof Date) ? JSON.stringify(v) : v));
      return { rows: await session.queryObjects(text, params) };
    },
  };
}
