import type { ActionFunctionArgs, LoaderFunctionArgs } from '@remix-run/node';
import { requireViewer } from '~/session.server';
import { isUuid } from '../../db/queries/pipelines';
import { canEdit } from '../../db/queries/teams';
import { deleteWebhook, findWebhook, insertWebhook, listDeliveries, listWebhooks, updateWebhook } from '../../db/queries/webhooks';
import { sendTestDelivery } from '../../worker/notifications/webhook-delivery';
import { checkWebhookEvents } from '../../worker/notifications/webhook-input';
import { newWebhookSecret } from '../../worker/notifications/webhook-signature';
import { checkWebhookUrl } from '../../worker/notifications/webhook-url';

/** Loader and action of /settings/webhooks (server only: they reach the database and send test deliveries). */
export async function loadWebhooksPage({ request, context }: LoaderFunctionArgs) {
  const viewer = await requireViewer(request, context);
  const { db } = context.services;
  const editor = canEdit(viewer.team);
  const hooks = editor ? await listWebhooks(db, viewer.team.id) : [];
  return {
    viewer: { email: viewer.user.email, teamName: viewer.team.name, canEdit: editor },
    webhooks: await Promise.all(
      hooks.map(async (h) => ({
        id: h.id,
        url: h.url,
        events: h.events,
        enabled: h.enabled,
        deliveries: (await listDeliveries(db, viewer.team.id, h.id, 10)).map((d) => ({ ...d, createdAt: d.createdAt.toISOString() })),
      })),
    ),
  };
}

export type ActionResult = { error?: string; created?: { url: string; secret: string }; tested?: { statusCode: number | null; error: string | null } };

export async function handleWebhooksAction({ request, context }: ActionFunctionArgs): Promise<ActionResult> {
  const viewer = await requireViewer(request, context);
  if (!canEdit(viewer.team)) return { error: 'Only owners and editors of the team can change its webhooks.' };
  const { db, notifications } = context.services;
  const form = await request.formData();
  const intent = form.get('intent');
  if (intent === 'create') {
    const url = checkWebhookUrl(String(form.get('url') ?? ''), notifications.allowHosts);
    if ('error' in url) return { error: url.error };
    const events = checkWebhookEvents(form.getAll('events').map(String));
    if ('error' in events) return { error: events.error };
    const secret = newWebhookSecret();
    await insertWebhook(db, { teamId: viewer.team.id, createdBy: viewer.user.id, url: url.url, events: events.events, secret });
    return { created: { url: url.url, secret } };
  }
  const id = String(form.get('id') ?? '');
  const hook = isUuid(id) ? await findWebhook(db, viewer.team.id, id) : undefined;
  if (!hook) return { error: 'That webhook was not found in your team; it may have been deleted.' };
  if (intent === 'toggle') await updateWebhook(db, hook.teamId, hook.id, { enabled: !hook.enabled });
  else if (intent === 'delete') await deleteWebhook(db, hook.teamId, hook.id);
  else if (intent === 'test') {
    const sent = await sendTestDelivery(db, hook, notifications);
    return { tested: { statusCode: sent.statusCode, error: sent.error } };
  }
  return {};
}

