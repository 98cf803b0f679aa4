import { integer, pgEnum, pgTable, primaryKey, text, timestamp, uuid } from 'drizzle-orm/pg-core';
import { users } from './users';

export const teams = pgTable('teams', {
  id: uuid('id').primaryKey().defaultRandom(),
  name: text('name').notNull(),
  /** Set for a user's personal team, created at sign-up. */
  personalOwnerId: uuid('personal_owner_id').references(() => users.id, { onDelete: 'cascade' }).unique(),
  /** Stored node outputs unused for this many days are deleted (the output cache and run outputs). */
  outputRetentionDays: integer('output_retention_days').notNull().default(30),
  createdAt: timestamp('created_at', { withTimezone: true }).notNull().defaultNow(),
});

/** Weakest last: owner > admin (members, tokens, audit) > editor (pipelines, runs, registering) > viewer (read only). */
export const teamRoles = ['owner', 'admin', 'editor', 'viewer'] as const;
export const teamRole = pgEnum('team_role', teamRoles);

export const memberships = pgTable(
  'memberships',
  {
    teamId: uuid('team_id')
      .notNull()
      .references(() => teams.id, { onDelete: 'cascade' }),
    userId: uuid('user_id')
      .notNull()
      .references(() => users.id, { onDelete: 'cascade' }),
    role: teamRole('role').notNull(),
    createdAt: timestamp('created_at', { withTimezone: true }).notNull().defaultNow(),
  },
  (t) => [primaryKey({ columns: [t.teamId, t.userId] })],
);
