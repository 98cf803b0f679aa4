import PgBoss from 'pg-boss';
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

/**
 * Sends jobs from code that has a transaction but no pg-boss instance (notifyTeamEvent is called from the web
 * process and workers alike). pg-boss's `send` with a `db` only builds SQL, so an instance that never starts
 * is enough; its own connection is never opened.
 */
const sender = new PgBoss({
  db: {
    executeSql: () => Promise.reject(new Error('sendInTx: pg-boss must write through the caller’s transaction')),
  },
});

export async function sendInTx(tx: Tx, queue: string, data: object, options: Omit<PgBoss.SendOptions, 'db'> = {}) {
  const id = await sender.send(queue, data, { ...options, db: bossDbFor(tx) });
  if (!id) throw new Error(`pg-boss refused a ${queue} job: does the queue exist (startBoss creates it)?`);
  return id;
}
