/** Notifications, preferences and webhooks: extends the root types of type-defs.ts. */
export const notificationTypeDefs = /* GraphQL */ `
  extend type Query {
    "The viewer's notifications in their team, newest first. limit: default 20, at most 100."
    notifications(limit: Int, offset: Int, unreadOnly: Boolean): NotificationPage!
    "Per event: in-app and e-mail, the viewer's choice or the default."
    notificationPreferences: [NotificationPreference!]!
    "The team's webhooks (owners and editors)."
    webhooks: [Webhook!]!
  }

  extend type Mutation {
    "Marks these notifications read, or all of the viewer's when ids is omitted; returns the unread count left."
    markNotificationsRead(ids: [ID!]): Int!
    setNotificationPreference(event: String!, inApp: Boolean!, email: Boolean!): NotificationPreference!
    "url: https (http only to FETCH_ALLOW_HOSTS); events: run_succeeded, run_failed, run_cancelled, schedule_paused. The secret is returned here only."
    createWebhook(url: String!, events: [String!]!): CreatedWebhook!
    updateWebhook(id: ID!, url: String, events: [String!], enabled: Boolean): Webhook!
    deleteWebhook(id: ID!): Boolean!
    "Sends a ping delivery now and returns its logged attempt."
    sendTestWebhook(id: ID!): WebhookDelivery!
  }

  extend type Subscription {
    "Each notification added for the viewer (team-scoped), with the unread count after it. notification is null when only the count changed."
    notificationAdded: NotificationAdded!
  }

  type Notification {
    id: ID!
    event: String!
    title: String!
    body: String
    "An app path, e.g. /runs/<id>."
    link: String
    runId: ID
    readAt: DateTime
    createdAt: DateTime!
  }

  type NotificationPage {
    items: [Notification!]!
    total: Int!
    unreadCount: Int!
  }

  type NotificationAdded {
    notification: Notification
    unreadCount: Int!
  }

  type NotificationPreference {
    event: String!
    inApp: Boolean!
    email: Boolean!
  }

  type Webhook {
    id: ID!
    url: String!
    events: [String!]!
    enabled: Boolean!
    createdAt: DateTime!
    "Newest attempts first. limit: default 20, at most 100."
    deliveries(limit: Int): [WebhookDelivery!]!
  }

  type CreatedWebhook {
    webhook: Webhook!
    "Signs every delivery (X-Pipewright-Signature: sha256=HMAC of the body). Shown only now: store it."
    secret: String!
  }

  type WebhookDelivery {
    id: ID!
    deliveryId: ID!
    event: String!
    attempt: Int!
    statusCode: Int
    error: String
    durationMs: Int
    createdAt: DateTime!
  }
`;
