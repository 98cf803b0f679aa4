import { sql } from 'drizzle-orm';
import { bigint, index, integer, jsonb, pgTable, primaryKey, real, text, timestamp, uniqueIndex, uuid } from 'drizzle-orm/pg-core';
import { pipelines, pipelineVersions } from './pipelines';
import { teams } from './teams';
import { users } from './users';

export const runStatuses = ['queued', 'running', 'succeeded', 'failed', 'cancelled'] as const;
export const nodeRunStatuses = ['queued', 'running', 'succeeded', 'failed', 'skipped'] as const;
export type RunStatus = (typeof runStatuses)[number];
export type NodeRunStatus = (typeof nodeRunStatuses)[number];

export const runs = pgTable(
  'runs',
  {
    id: uuid('id').primaryKey().defaultRandom(),
    teamId: uuid('team_id')
      .notNull()
      .references(() => teams.id, { onDelete: 'cascade' }),
    pipelineId: uuid('pipeline_id')
      .notNull()
      .references(() => pipelines.id, { onDelete: 'cascade' }),
    pipelineVersionId: uuid('pipeline_version_id')
      .notNull()
      .references(() => pipelineVersions.id, { onDelete: 'cascade' }),
    trigger: text('trigger', { enum: ['manual', 'schedule', 'api'] }).notNull(),
    status: text('status', { enum: runStatuses }).notNull(),
    error: text('error'),
    /** Last event sequence number; bumping it under the row lock orders a run's events. */
    eventSeq: bigint('event_seq', { mode: 'number' }).notNull().default(0),
    startedBy: uuid('started_by').references(() => users.id, { onDelete: 'set null' }),
    /** Client-chosen key of one Run intent: a retried or doubled startRun with it returns this run. */
    idempotencyKey: text('idempotency_key'),
    createdAt: timestamp('created_at', { withTimezone: true }).notNull().defaultNow(),
    startedAt: timestamp('started_at', { withTimezone: true }),
    finishedAt: timestamp('finished_at', { withTimezone: true }),
  },
  (t) => [index('runs_pipeline').on(t.pipelineId, t.createdAt), uniqueIndex('runs_idempotency_key').on(t.teamId, t.idempotencyKey)],
);

export const nodeRuns = pgTable(
  'node_runs',
  {
    runId: uuid('run_id')
      .notNull()
      .references(() => runs.id, { onDelete: 'cascade' }),
    nodeId: text('node_id').notNull(),
    nodeType: text('node_type').notNull(),
    status: text('status', { enum: nodeRunStatuses }).notNull(),
    /** Incremented each time a worker takes the node; a stale attempt may not commit. */
    attempt: integer('attempt').notNull().default(0),
    /** Incremented each time a job is sent for the node; a job whose number is stale is ignored. */
    dispatch: integer('dispatch').notNull().default(0),
    /** The running worker renews this; once it lapses, another worker takes the node over. */
    leaseExpiresAt: timestamp('lease_expires_at', { withTimezone: true }),
    /** The pg-boss job of the current dispatch: lets the sweeper see a job taken by a worker that died before claiming it. */
    jobId: uuid('job_id'),
    /** When the node last became queued (dispatched or released for a retry); starts the claim deadline. */
    queuedAt: timestamp('queued_at', { withTimezone: true }),
    progress: real('progress').notNull().default(0),
    outputs: jsonb('outputs').$type<Record<string, string>>(),
    summary: jsonb('summary').$type<Record<string, unknown>>(),
    error: text('error'),
    startedAt: timestamp('started_at', { withTimezone: true }),
    finishedAt: timestamp('finished_at', { withTimezone: true }),
  },
  (t) => [
    primaryKey({ columns: [t.runId, t.nodeId] }),
    // The sweeper looks only at unfinished nodes, a handful among every node ever run.
    index('node_runs_unfinished').on(t.status).where(sql`${t.status} in ('queued', 'running')`),
  ],
);

export const runEvents = pgTable(
  'run_events',
  {
    runId: uuid('run_id')
      .notNull()
      .references(() => runs.id, { onDelete: 'cascade' }),
    seq: bigint('seq', { mode: 'number' }).notNull(),
    type: text('type', { enum: ['run_status', 'node_status', 'node_progress', 'node_log'] }).notNull(),
    nodeId: text('node_id'),
    status: text('status'),
    progress: real('progress'),
    message: text('message'),
    payload: jsonb('payload'),
    at: timestamp('at', { withTimezone: true }).notNull().defaultNow(),
  },
  (t) => [primaryKey({ columns: [t.runId, t.seq] })],
);

