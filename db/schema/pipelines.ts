import { integer, jsonb, pgTable, text, timestamp, uniqueIndex, uuid } from 'drizzle-orm/pg-core';
import type { PipelineGraph } from '../../engine/graph-types';
import { teams } from './teams';
import { users } from './users';

/** `graph` is the editor's draft (the head); runs pin an immutable pipeline_version. */
export const pipelines = pgTable('pipelines', {
  id: uuid('id').primaryKey().defaultRandom(),
  teamId: uuid('team_id')
    .notNull()
    .references(() => teams.id, { onDelete: 'cascade' }),
  name: text('name').notNull(),
  graph: jsonb('graph').$type<PipelineGraph>().notNull(),
  /** Bumped by every graph save; a save based on an older revision is refused as a conflict. */
  revision: integer('revision').notNull().default(0),
  createdBy: uuid('created_by').references(() => users.id, { onDelete: 'set null' }),
  createdAt: timestamp('created_at', { withTimezone: true }).notNull().defaultNow(),
  updatedAt: timestamp('updated_at', { withTimezone: true }).notNull().defaultNow(),
});

export const pipelineVersions = pgTable(
  'pipeline_versions',
  {
    id: uuid('id').primaryKey().defaultRandom(),
    pipelineId: uuid('pipeline_id')
      .notNull()
      .references(() => pipelines.id, { onDelete: 'cascade' }),
    version: integer('version').notNull(),
    graph: jsonb('graph').$type<PipelineGraph>().notNull(),
    /** 'run': pinned by a run; 'checkpoint': saved by hand under a name. */
    kind: text('kind', { enum: ['run', 'checkpoint'] }).notNull().default('run'),
    name: text('name'),
    /** A run's version: the draft revision it pinned. Runs of an unchanged draft share it; null for checkpoints. */
    draftRevision: integer('draft_revision'),
    authorId: uuid('author_id').references(() => users.id, { onDelete: 'set null' }),
    createdAt: timestamp('created_at', { withTimezone: true }).notNull().defaultNow(),
  },
  (t) => [uniqueIndex('pipeline_versions_number').on(t.pipelineId, t.version), uniqueIndex('pipeline_versions_draft_revision').on(t.pipelineId, t.draftRevision)],
);
