import { boolean, index, integer, jsonb, pgTable, primaryKey, text, timestamp, uuid } from 'drizzle-orm/pg-core';
import { runs } from './runs';
import { teams } from './teams';
import { users } from './users';

/** What a notification, an e-mail or a webhook delivery is about. */
export const notificationEvents = ['run_succeeded', 'run_failed', 'run_cancelled', 'schedule_paused'] as const;
export type NotificationEvent = (typeof notificationEvents)[number];
/** A webhook also receives `ping`, the "Send test" delivery. */
export const webhookEvents = [...notificationEvents, 'ping'] as const;
export type WebhookEvent = (typeof webhookEvents)[number];

/** The in-app notification centre: one row per recipient. */
export const notifications = pgTable(
  'notifications',
  {
    id: uuid('id').primaryKey().defaultRandom(),
    userId: uuid('user_id')
      .notNull()
      .references(() => users.id, { onDelete: 'cascade' }),
    teamId: uuid('team_id')
      .notNull()
      .references(() => teams.id, { onDelete: 'cascade' }),
    event: text('event', { enum: notificationEvents }).notNull(),
    title: text('title').notNull(),
    body: text('body'),
    /** An app path to open, e.g. /runs/<id>. */
    link: text('link'),
    runId: uuid('run_id').references(() => runs.id, { onDelete: 'set null' }),
    readAt: timestamp('read_at', { withTimezone: true }),
    createdAt: timestamp('created_at', { withTimezone: true }).notNull().defaultNow(),
  },
  (t) => [index('notifications_user').on(t.userId, t.createdAt)],
);

/** Per user and event: whether it shows in the app and whether it is e-mailed. No row means the defaults. */
export const notificationPreferences = pgTable(
  'notification_preferences',
  {
    userId: uuid('user_id')
      .notNull()
      .references(() => users.id, { onDelete: 'cascade' }),
    event: text('event', { enum: notificationEvents }).notNull(),
    inApp: boolean('in_app').notNull().default(true),
    email: boolean('email').notNull().default(false),
  },
  (t) => [primaryKey({ columns: [t.userId, t.event] })],
);

export const webhooks = pgTable(
  'webhooks',
  {
    id: uuid('id').primaryKey().defaultRandom(),
    teamId: uuid('team_id')
      .notNull()
      .references(() => teams.id, { onDelete: 'cascade' }),
    url: text('url').notNull(),
    events: jsonb('events').$type<NotificationEvent[]>().notNull(),
    /** Signs each delivery (HMAC-SHA256 of the body); shown once when the webhook is created. */
    secret: text('secret').notNull(),
    enabled: boolean('enabled').notNull().default(true),
    createdBy: uuid('created_by').references(() => users.id, { onDelete: 'set null' }),
    createdAt: timestamp('created_at', { withTimezone: true }).notNull().defaultNow(),
  },
  (t) => [index('webhooks_team').on(t.teamId)],
);

/** Every delivery attempt of a webhook, for its delivery log. */
export const webhookDeliveries = pgTable(
  'webhook_deliveries',
  {
    id: uuid('id').primaryKey().defaultRandom(),
    webhookId: uuid('webhook_id')
      .notNull()
      .references(() => webhooks.id, { onDelete: 'cascade' }),
    /** One id per event sent, shared by its retries (also sent as a header so receivers can deduplicate). */
    deliveryId: uuid('delivery_id').notNull(),
    event: text('event', { enum: webhookEvents }).notNull(),
    payload: jsonb('payload').notNull(),
    attempt: integer('attempt').notNull(),
    statusCode: integer('status_code'),
    error: text('error'),
    durationMs: integer('duration_ms'),
    createdAt: timestamp('created_at', { withTimezone: true }).notNull().defaultNow(),
  },
  (t) => [index('webhook_deliveries_webhook').on(t.webhookId, t.createdAt)],
);
