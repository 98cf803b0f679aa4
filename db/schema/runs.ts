import { sql } from 'drizzle-orm';
import { bigint, boolean, index, integer, jsonb, pgTable, primaryKey, real, text, timestamp, uniqueIndex, uuid, type AnyPgColumn } from 'drizzle-orm/pg-core';
import { pipelines, pipelineVersions } from './pipelines';
import { schedules } from './schedules';
import { teams } from './teams';
import { users } from './users';

export const runStatuses = ['queued', 'running', 'succeeded', 'failed', 'cancelled'] as const;
/**
 * `dead_letter`: failed on its last retry (every attempt's error is in `attempts`); `cancelled`: stopped or
 * never started because the run was cancelled. A node reused from the output cache is `succeeded` with
 * `cachedFromRunId` set.
 */
export const nodeRunStatuses = ['queued', 'running', 'succeeded', 'failed', 'skipped', 'cancelled', 'dead_letter'] as const;
export const runTriggers = ['manual', 'schedule', 'api'] as const;
export type RunTrigger = (typeof runTriggers)[number];
/** One failed attempt of a node, kept so the run page can show every attempt's error. */
export type NodeAttemptRecord = { attempt: number; error: string; at: string; worker?: string };
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
    trigger: text('trigger', { enum: runTriggers }).notNull(),
    /** The schedule whose tick started this run (trigger 'schedule'). */
    scheduleId: uuid('schedule_id').references(() => schedules.id, { onDelete: 'set null' }),
    /** Set on a rerun: the run it repeats (a rerun from a failed node reuses that run's upstream outputs). */
    rerunOfRunId: uuid('rerun_of_run_id').references((): AnyPgColumn => runs.id, { onDelete: 'set null' }),
    rerunFromNodeId: text('rerun_from_node_id'),
    /** "Force rerun": every node recomputes, ignoring the output cache. */
    force: boolean('force').notNull().default(false),
    cancelRequestedAt: timestamp('cancel_requested_at', { withTimezone: true }),
    cancelledBy: uuid('cancelled_by').references(() => users.id, { onDelete: 'set null' }),
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
  (t) => [
    index('runs_pipeline').on(t.pipelineId, t.createdAt),
    index('runs_team').on(t.teamId, t.createdAt),
    uniqueIndex('runs_idempotency_key').on(t.teamId, t.idempotencyKey),
  ],
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
    /** Every failed attempt of the node (the last one's error is also `error`), oldest first. */
    attempts: jsonb('attempts').$type<NodeAttemptRecord[]>().notNull().default([]),
    /** The heartbeat id of the worker running (or that last ran) this node. */
    workerId: uuid('worker_id'),
    /** The node's content key (engine/content-key.ts) in this run: what the output cache is keyed by. */
    contentKey: text('content_key'),
    /** Set when the node's outputs were reused from an earlier run's instead of computed. */
    cachedFromRunId: uuid('cached_from_run_id').references(() => runs.id, { onDelete: 'set null' }),
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


/**
 * The output cache: a node's stored outputs under its content key, per team. A run whose node has the same
 * key reuses them instead of computing (unless the run is forced). `runId` is the run that produced them.
 */
export const nodeOutputs = pgTable(
  'node_outputs',
  {
    teamId: uuid('team_id')
      .notNull()
      .references(() => teams.id, { onDelete: 'cascade' }),
    contentKey: text('content_key').notNull(),
    nodeType: text('node_type').notNull(),
    /** Port name to blob key, as in node_runs.outputs. */
    outputs: jsonb('outputs').$type<Record<string, string>>().notNull(),
    summary: jsonb('summary').$type<Record<string, unknown>>(),
    runId: uuid('run_id').references(() => runs.id, { onDelete: 'set null' }),
    nodeId: text('node_id').notNull(),
    bytes: bigint('bytes', { mode: 'number' }).notNull().default(0),
    createdAt: timestamp('created_at', { withTimezone: true }).notNull().defaultNow(),
    lastUsedAt: timestamp('last_used_at', { withTimezone: true }).notNull().defaultNow(),
  },
  (t) => [primaryKey({ columns: [t.teamId, t.contentKey] }), index('node_outputs_last_used').on(t.teamId, t.lastUsedAt)],
);
