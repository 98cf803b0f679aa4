import { isUuid } from '../../db/queries/pipelines';
import { countUnread, listNotifications, listPreferences, markNotificationsRead, savePreferences } from '../../db/queries/notifications';
import { deleteWebhook, findWebhook, insertWebhook, listDeliveries, listWebhooks, updateWebhook, type WebhookRow } from '../../db/queries/webhooks';
import { notificationEvents, type NotificationEvent } from '../../db/schema';
import { sendTestDelivery } from '../../worker/notifications/webhook-delivery';
import { checkWebhookEvents } from '../../worker/notifications/webhook-input';
import { newWebhookSecret } from '../../worker/notifications/webhook-signature';
import { checkWebhookUrl } from '../../worker/notifications/webhook-url';
import { badInput, notFound, requireEditor, requireViewer, type GraphQLContext } from '../context';

const clamp = (value: number | null | undefined, fallback: number, max: number) => Math.min(Math.max(value ?? fallback, 1), max);
const whoOf = (ctx: GraphQLContext) => {
  const viewer = requireViewer(ctx);
  return { userId: viewer.user.id, teamId: viewer.team.id };
};

function checkedUrl(ctx: GraphQLContext, url: string) {
  const checked = checkWebhookUrl(url, ctx.services.notifications.allowHosts);
  if ('error' in checked) throw badInput(checked.error, { argument: 'url' });
  return checked.url;
}

function checkedEvents(events: string[]) {
  const checked = checkWebhookEvents(events);
  if ('error' in checked) throw badInput(checked.error, { argument: 'events' });
  return checked.events;
}

async function teamWebhook(ctx: GraphQLContext, id: string) {
  const viewer = requireEditor(ctx);
  const hook = isUuid(id) ? await findWebhook(ctx.services.db, viewer.team.id, id) : undefined;
  if (!hook) throw notFound('Webhook');
  return hook;
}

export const notificationResolvers = {
  Query: {
    notifications: async (_: unknown, args: { limit?: number | null; offset?: number | null; unreadOnly?: boolean | null }, ctx: GraphQLContext) => {
      const who = whoOf(ctx);
      const page = await listNotifications(ctx.services.db, who, { limit: clamp(args.limit, 20, 100), offset: Math.max(args.offset ?? 0, 0), unreadOnly: args.unreadOnly ?? false });
      return { ...page, unreadCount: await countUnread(ctx.services.db, who) };
    },
    notificationPreferences: (_: unknown, __: unknown, ctx: GraphQLContext) => listPreferences(ctx.services.db, requireViewer(ctx).user.id),
    webhooks: (_: unknown, __: unknown, ctx: GraphQLContext) => listWebhooks(ctx.services.db, requireEditor(ctx).team.id),
  },
  Mutation: {
    markNotificationsRead: async (_: unknown, args: { ids?: string[] | null }, ctx: GraphQLContext) => {
      const who = whoOf(ctx);
      const ids = args.ids ?? undefined;
      if (ids?.some((id) => !isUuid(id))) throw badInput('ids must be notification ids (UUIDs).', { argument: 'ids' });
      await markNotificationsRead(ctx.services.db, who, ids);
      return countUnread(ctx.services.db, who);
    },
    setNotificationPreference: async (_: unknown, args: { event: string; inApp: boolean; email: boolean }, ctx: GraphQLContext) => {
      const viewer = requireViewer(ctx);
      if (!(notificationEvents as readonly string[]).includes(args.event)) throw badInput(`Unknown event "${args.event}"; choose from ${notificationEvents.join(', ')}.`, { argument: 'event' });
      const pref = { event: args.event as NotificationEvent, inApp: args.inApp, email: args.email };
      await savePreferences(ctx.services.db, viewer.user.id, [pref]);
      return pref;
    },
    createWebhook: async (_: unknown, args: { url: string; events: string[] }, ctx: GraphQLContext) => {
      const viewer = requireEditor(ctx);
      const secret = newWebhookSecret();
      const webhook = await insertWebhook(ctx.services.db, { teamId: viewer.team.id, createdBy: viewer.user.id, url: checkedUrl(ctx, args.url), events: checkedEvents(args.events), secret });
      return { webhook, secret };
    },
    updateWebhook: async (_: unknown, args: { id: string; url?: string | null; events?: string[] | null; enabled?: boolean | null }, ctx: GraphQLContext) => {
      const hook = await teamWebhook(ctx, args.id);
      const set: Partial<Pick<WebhookRow, 'url' | 'events' | 'enabled'>> = {};
      if (args.url != null) set.url = checkedUrl(ctx, args.url);
      if (args.events != null) set.events = checkedEvents(args.events);
      if (args.enabled != null) set.enabled = args.enabled;
      return (await updateWebhook(ctx.services.db, hook.teamId, hook.id, set)) ?? hook;
    },
    deleteWebhook: async (_: unknown, args: { id: string }, ctx: GraphQLContext) => {
      const hook = await teamWebhook(ctx, args.id);
      return deleteWebhook(ctx.services.db, hook.teamId, hook.id);
    },
    sendTestWebhook: async (_: unknown, args: { id: string }, ctx: GraphQLContext) =>
      sendTestDelivery(ctx.services.db, await teamWebhook(ctx, args.id), ctx.services.notifications),
  },
  Subscription: {
    notificationAdded: {
      subscribe: (_: unknown, __: unknown, ctx: GraphQLContext) => ctx.services.notificationFeed.subscribe(whoOf(ctx)),
    },
  },
  Webhook: {
    deliveries: (hook: WebhookRow, args: { limit?: number | null }, ctx: GraphQLContext) => listDeliveries(ctx.services.db, hook.teamId, hook.id, clamp(args.limit, 20, 100)),
  },
};
