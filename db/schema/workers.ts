import { boolean, integer, pgTable, text, timestamp, uuid } from 'drizzle-orm/pg-core';

/**
 * One row per worker process, upserted by its heartbeat. A worker is live while `liveUntil` is in the
 * future; the worker sets it from its own heartbeat interval, so readers need not know that interval.
 */
export const workers = pgTable('workers', {
  id: uuid('id').primaryKey(),
  pid: integer('pid').notNull(),
  host: text('host').notNull(),
  concurrency: integer('concurrency').notNull(),
  startedAt: timestamp('started_at', { withTimezone: true }).notNull().defaultNow(),
  heartbeatAt: timestamp('heartbeat_at', { withTimezone: true }).notNull().defaultNow(),
  liveUntil: timestamp('live_until', { withTimezone: true }).notNull(),
  /** Set on SIGTERM: the worker takes no new jobs and exits once its running nodes finish or are handed back. */
  draining: boolean('draining').notNull().default(false),
});
