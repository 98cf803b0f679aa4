import { boolean, index, pgTable, primaryKey, text, timestamp, uuid, type AnyPgColumn } from 'drizzle-orm/pg-core';
import { pipelines, pipelineVersions } from './pipelines';
import { runs } from './runs';
import { teams } from './teams';
import { users } from './users';

/** Which graph a scheduled run executes: the pipeline's latest saved draft, or one pinned version. */
export const scheduleVersionModes = ['latest', 'pinned'] as const;
/** A tick that comes while the schedule's previous run is still going: skip it, or queue a run anyway. */
export const scheduleOverlaps = ['skip', 'queue'] as const;
/** Ticks missed while nothing was up: one catch-up run at start-up, or none. */
export const scheduleMissedTicks = ['run_once', 'skip'] as const;

export const schedules = pgTable(
  'schedules',
  {
    id: uuid('id').primaryKey().defaultRandom(),
    teamId: uuid('team_id')
      .notNull()
      .references(() => teams.id, { onDelete: 'cascade' }),
    pipelineId: uuid('pipeline_id')
      .notNull()
      .references(() => pipelines.id, { onDelete: 'cascade' }),
    cron: text('cron').notNull(),
    /** IANA zone the cron expression is read in, e.g. Europe/Paris. */
    timezone: text('timezone').notNull().default('UTC'),
    enabled: boolean('enabled').notNull().default(true),
    versionMode: text('version_mode', { enum: scheduleVersionModes }).notNull().default('latest'),
    pinnedVersionId: uuid('pinned_version_id').references(() => pipelineVersions.id, { onDelete: 'set null' }),
    overlap: text('overlap', { enum: scheduleOverlaps }).notNull().default('skip'),
    missedTicks: text('missed_ticks', { enum: scheduleMissedTicks }).notNull().default('skip'),
    /** Why the schedule was paused by the system (e.g. the pipeline no longer validates); null when paused by a person. */
    pausedReason: text('paused_reason'),
    /** The next tick to fire; the scheduler claims ticks by moving this forward. */
    nextRunAt: timestamp('next_run_at', { withTimezone: true }),
    lastRunAt: timestamp('last_run_at', { withTimezone: true }),
    createdBy: uuid('created_by').references(() => users.id, { onDelete: 'set null' }),
    createdAt: timestamp('created_at', { withTimezone: true }).notNull().defaultNow(),
    updatedAt: timestamp('updated_at', { withTimezone: true }).notNull().defaultNow(),
  },
  (t) => [index('schedules_due').on(t.enabled, t.nextRunAt), index('schedules_pipeline').on(t.pipelineId)],
);

/**
 * One row per tick a schedule handled: its primary key is what makes a tick start at most one run however
 * many scheduler processes see it due.
 */
export const scheduleTicks = pgTable(
  'schedule_ticks',
  {
    scheduleId: uuid('schedule_id')
      .notNull()
      .references(() => schedules.id, { onDelete: 'cascade' }),
    tickAt: timestamp('tick_at', { withTimezone: true }).notNull(),
    /** started, queued (waits for the previous run; overlap 'queue'), skipped_overlap, skipped_missed, skipped_paused, paused_invalid */
    outcome: text('outcome').notNull(),
    runId: uuid('run_id').references((): AnyPgColumn => runs.id, { onDelete: 'set null' }),
    message: text('message'),
    createdAt: timestamp('created_at', { withTimezone: true }).notNull().defaultNow(),
  },
  (t) => [primaryKey({ columns: [t.scheduleId, t.tickAt] })],
);
