import type { ActionFunctionArgs } from '@remix-run/node';
import { requireViewer } from '~/session.server';
import { savePreferences } from '~/notifications/notifications.server';
import { EVENTS } from '~/notifications/event-labels';

/** Saves the Notifications section of /account: every event's two checkboxes (unchecked ones are not sent). */
export async function action({ request, context }: ActionFunctionArgs) {
  const viewer = await requireViewer(request, context);
  const form = await request.formData();
  await savePreferences(
    context.services.db,
    viewer.user.id,
    EVENTS.map((event) => ({ event, inApp: form.get(`${event}.inApp`) === 'on', email: form.get(`${event}.email`) === 'on' })),
  );
  return { ok: true, message: 'Notification settings saved.' };
}
