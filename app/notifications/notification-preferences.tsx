import { useFetcher } from '@remix-run/react';
import { Button } from '~/components/ui/button';
import type { Preference } from '../../db/queries/notifications';
import { EVENT_LABELS } from './event-labels';

/** The Notifications section of /account: per event, in the app and by e-mail. */
export function NotificationPreferences({ preferences, emailEnabled }: { preferences: Preference[]; emailEnabled: boolean }) {
  const fetcher = useFetcher<{ ok: boolean; message: string }>();
  const busy = fetcher.state !== 'idle';
  return (
    <fetcher.Form method="post" action="/account/notifications" id="notifications" className="space-y-4 rounded-xl border border-slate-200 bg-white p-6 shadow-sm">
      <div>
        <h2 className="text-base font-medium">Notifications</h2>
        <p className="text-sm text-slate-500">
          About runs you start and runs of schedules you created.
          {!emailEnabled && ' E-mail is not set up on this server (SMTP_URL), so only in-app notifications are sent.'}
        </p>
      </div>
      <table className="w-full text-sm">
        <thead>
          <tr className="text-left text-xs uppercase tracking-wide text-slate-500">
            <th scope="col" className="py-1 font-medium">Event</th>
            <th scope="col" className="py-1 text-center font-medium">In app</th>
            <th scope="col" className="py-1 text-center font-medium">E-mail</th>
          </tr>
        </thead>
        <tbody className="divide-y divide-slate-100">
          {preferences.map((p) => (
            <tr key={p.event}>
              <th scope="row" className="py-2 text-left font-normal text-slate-700">{EVENT_LABELS[p.event]}</th>
              <td className="py-2 text-center">
                <input type="checkbox" name={`${p.event}.inApp`} defaultChecked={p.inApp} aria-label={`${EVENT_LABELS[p.event]}: in app`} className="h-4 w-4 rounded border-slate-300 text-indigo-600" />
              </td>
              <td className="py-2 text-center">
                <input type="checkbox" name={`${p.event}.email`} defaultChecked={p.email} aria-label={`${EVENT_LABELS[p.event]}: e-mail`} className="h-4 w-4 rounded border-slate-300 text-indigo-600" />
              </td>
            </tr>
          ))}
        </tbody>
      </table>
      {fetcher.data && fetcher.state === 'idle' && (
        <p role={fetcher.data.ok ? 'status' : 'alert'} className={`rounded-md px-3 py-2 text-sm ${fetcher.data.ok ? 'bg-emerald-50 text-emerald-700' : 'bg-rose-50 text-rose-700'}`}>
          {fetcher.data.message}
        </p>
      )}
      <Button type="submit" variant="primary" disabled={busy}>
        {busy ? 'Saving…' : 'Save notification settings'}
      </Button>
    </fetcher.Form>
  );
}
