import { sql } from 'drizzle-orm';
import { bigint, check, index, integer, jsonb, pgTable, text, timestamp, uniqueIndex, uuid } from 'drizzle-orm/pg-core';
import { DATASET_FORMATS } from '../../engine/io/detect-format';
import type { TableProfile } from '../../engine/kernels/column-profile';
import type { TableSchema } from '../../engine/table';
import { teams } from './teams';
import { users } from './users';

export const datasets = pgTable(
  'datasets',
  {
    id: uuid('id').primaryKey().defaultRandom(),
    teamId: uuid('team_id')
      .notNull()
      .references(() => teams.id, { onDelete: 'cascade' }),
    name: text('name').notNull(),
    normalizedName: text('normalized_name').notNull(),
    description: text('description').notNull().default(''),
    createdAt: timestamp('created_at', { withTimezone: true }).notNull().defaultNow(),
  },
  (t) => [uniqueIndex('datasets_team_name').on(t.teamId, t.normalizedName)],
);

export const datasetVersions = pgTable(
  'dataset_versions',
  {
    id: uuid('id').primaryKey().defaultRandom(),
    datasetId: uuid('dataset_id')
      .notNull()
      .references(() => datasets.id, { onDelete: 'cascade' }),
    version: integer('version').notNull(),
    blobKey: text('blob_key').notNull(),
    format: text('format', { enum: DATASET_FORMATS }).notNull(),
    bytes: bigint('bytes', { mode: 'number' }).notNull(),
    sha256: text('sha256').notNull(),
    rowCount: integer('row_count').notNull(),
    /** Kept beside the schema so listing datasets never reads (detoasts) every schema, which can be megabytes. */
    columnCount: integer('column_count').notNull().default(0),
    schema: jsonb('schema').$type<TableSchema>().notNull(),
    /** Column profile and sample rows; null for versions uploaded before profiles, filled on first view. Never listed. */
    profile: jsonb('profile').$type<TableProfile>(),
    createdBy: uuid('created_by').references(() => users.id, { onDelete: 'set null' }),
    createdAt: timestamp('created_at', { withTimezone: true }).notNull().defaultNow(),
  },
  // Content-addressed blobs may be shared: deleting one first asks whether any other version uses it.
  (t) => [
    index('dataset_versions_blob_key').on(t.blobKey),
    // The loader dispatches on this value: a row naming a format the code cannot read is refused at insert.
    check('dataset_versions_format', sql.raw(`${t.format.name} in (${DATASET_FORMATS.map((f) => `'${f}'`).join(', ')})`)),
  ],
);
