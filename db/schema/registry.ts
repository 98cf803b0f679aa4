import { sql } from 'drizzle-orm';
import { bigserial, boolean, doublePrecision, index, integer, jsonb, pgTable, text, timestamp, uniqueIndex, uuid } from 'drizzle-orm/pg-core';
import type { ModelInputSchema, RunLineage } from '../../engine/define-node';
import { pipelines, pipelineVersions } from './pipelines';
import { runs } from './runs';
import { apiTokens } from './team-access';
import { teams } from './teams';
import { users } from './users';

export const modelStages = ['none', 'staging', 'production', 'archived'] as const;
export type ModelStage = (typeof modelStages)[number];

/**
 * A registered model: a name in a team, its versions, and the gates a version must pass to be promoted
 * (a minimum on one metric and/or beating the current production version on it).
 */
export const models = pgTable(
  'models',
  {
    id: uuid('id').primaryKey().defaultRandom(),
    teamId: uuid('team_id')
      .notNull()
      .references(() => teams.id, { onDelete: 'cascade' }),
    name: text('name').notNull(),
    description: text('description'),
    /** The metric the gates read, as a version's `metrics` names it (e.g. `accuracy`, `rmse`). */
    gateMetric: text('gate_metric'),
    /** The gate metric must be at least this (at most, for a metric where lower is better). */
    gateMinimum: doublePrecision('gate_minimum'),
    gateMustBeatProduction: boolean('gate_must_beat_production').notNull().default(false),
    createdBy: uuid('created_by').references(() => users.id, { onDelete: 'set null' }),
    createdAt: timestamp('created_at', { withTimezone: true }).notNull().defaultNow(),
  },
  (t) => [uniqueIndex('models_team_name').on(t.teamId, t.name)],
);

/**
 * One trained model under a registered name. `artifactBlobKey` is the Train node's encoded model output
 * (engine/io/serialize.ts): it carries the fitted preprocessing and input schema, so it alone serves predictions;
 * the stored-output retention sweep never deletes it (worker/output-retention.ts).
 */
export const modelVersions = pgTable(
  'model_versions',
  {
    id: uuid('id').primaryKey().defaultRandom(),
    modelId: uuid('model_id')
      .notNull()
      .references(() => models.id, { onDelete: 'cascade' }),
    version: integer('version').notNull(),
    stage: text('stage', { enum: modelStages }).notNull().default('none'),
    artifactBlobKey: text('artifact_blob_key').notNull(),
    algorithm: text('algorithm').notNull(),
    task: text('task', { enum: ['classification', 'regression'] }).notNull(),
    target: text('target').notNull(),
    classes: jsonb('classes').$type<string[]>().notNull().default([]),
    /** Train's own numbers and, when the run evaluated the model, the evaluation's (test-set) metrics by name. */
    metrics: jsonb('metrics').$type<Record<string, number>>().notNull().default({}),
    hyperparameters: jsonb('hyperparameters').$type<Record<string, unknown>>().notNull().default({}),
    /** The raw columns a prediction request sends (before preprocessing), those the model does not read marked unused. */
    inputSchema: jsonb('input_schema').$type<ModelInputSchema>().notNull(),
    /** The Evaluate node's summary from the same run (charts: ROC, confusion matrix…), when there was one. */
    evaluation: jsonb('evaluation').$type<Record<string, unknown>>(),
    runId: uuid('run_id').references(() => runs.id, { onDelete: 'set null' }),
    nodeId: text('node_id'),
    pipelineId: uuid('pipeline_id').references(() => pipelines.id, { onDelete: 'set null' }),
    pipelineVersionId: uuid('pipeline_version_id').references(() => pipelineVersions.id, { onDelete: 'set null' }),
    lineage: jsonb('lineage').$type<RunLineage>(),
    description: text('description'),
    registeredBy: uuid('registered_by').references(() => users.id, { onDelete: 'set null' }),
    createdAt: timestamp('created_at', { withTimezone: true }).notNull().defaultNow(),
  },
  (t) => [
    uniqueIndex('model_versions_number').on(t.modelId, t.version),
    // One production version per model, enforced by the database.
    uniqueIndex('model_versions_one_production').on(t.modelId).where(sql`${t.stage} = 'production'`),
  ],
);

/** Every stage change of a version, with who and why: the promotion history rollback reads. */
export const modelStageChanges = pgTable(
  'model_stage_changes',
  {
    id: bigserial('id', { mode: 'number' }).primaryKey(),
    modelId: uuid('model_id')
      .notNull()
      .references(() => models.id, { onDelete: 'cascade' }),
    versionId: uuid('version_id')
      .notNull()
      .references(() => modelVersions.id, { onDelete: 'cascade' }),
    fromStage: text('from_stage', { enum: modelStages }).notNull(),
    toStage: text('to_stage', { enum: modelStages }).notNull(),
    actorUserId: uuid('actor_user_id').references(() => users.id, { onDelete: 'set null' }),
    actorTokenId: uuid('actor_token_id').references(() => apiTokens.id, { onDelete: 'set null' }),
    reason: text('reason'),
    at: timestamp('at', { withTimezone: true }).notNull().defaultNow(),
  },
  (t) => [index('model_stage_changes_model').on(t.modelId, t.at)],
);
