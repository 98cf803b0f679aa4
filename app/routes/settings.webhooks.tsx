import type { ActionFunctionArgs, LoaderFunctionArgs, MetaFunction } from '@remix-run/node';
import { Form, useActionData, useLoaderData, useNavigation } from '@remix-run/react';
import { SettingsPage } from '~/components/settings-page';
import { Button } from '~/components/ui/button';
import { EmptyState } from '~/components/ui/empty-state';
import { Field, inputClass } from '~/components/ui/field';
import { Section } from '~/components/ui/section';
import { EVENT_LABELS, EVENTS } from '~/notifications/event-labels';
import { handleWebhooksAction, loadWebhooksPage } from '~/notifications/webhooks-page.server';
import { When } from '~/components/when';
import { formatDuration } from '../../engine/format-duration';

export const meta: MetaFunction = () => [{ title: 'Webhooks · Pipewright' }];

export const loader = (args: LoaderFunctionArgs) => loadWebhooksPage(args);
export const action = (args: ActionFunctionArgs) => handleWebhooksAction(args);

export default function Webhooks() {
  const { viewer, webhooks } = useLoaderData<typeof loader>();
  const result = useActionData<typeof action>();
  const busy = useNavigation().state === 'submitting';
  return (
    <SettingsPage
      viewer={viewer}
      title="Webhooks"
      intro={
        <>
          Pipewright POSTs JSON to these URLs when the team's runs end or its schedules pause. Each request carries
          X-Pipewright-Event, X-Pipewright-Delivery and X-Pipewright-Signature (sha256= the HMAC-SHA256 of the body under the webhook's secret); failed
          deliveries (5xx, 429, no answer) are retried with growing waits.
        </>
      }
    >
      {!viewer.canEdit ? (
        <p role="status" className="rounded-md bg-slate-100 px-3 py-2 text-sm text-slate-600">Only owners and editors of the team can see and change its webhooks.</p>
      ) : (
        <>
          {result?.error && <p role="alert" className="rounded-md bg-rose-50 px-3 py-2 text-sm text-rose-700">{result.error}</p>}
          {result?.created && (
            <div role="status" className="space-y-1 rounded-md bg-emerald-50 px-3 py-2 text-sm text-emerald-800">
              <p>Webhook added for {result.created.url}. Its signing secret is shown only now; store it with your receiver:</p>
              <code aria-label="Signing secret" className="block select-all break-all rounded bg-white px-2 py-1 font-mono text-xs text-slate-800">{result.created.secret}</code>
            </div>
          )}
          {result?.tested && (
            <p role="status" className={`rounded-md px-3 py-2 text-sm ${result.tested.error ? 'bg-rose-50 text-rose-700' : 'bg-emerald-50 text-emerald-800'}`}>
              Test delivery: {result.tested.error ?? `the receiver answered ${result.tested.statusCode}.`}
            </p>
          )}
          <Section title="Add a webhook">
            <Form method="post" className="space-y-4">
              <Field id="webhook-url" label="Payload URL" help="https://… (plain http only to hosts in FETCH_ALLOW_HOSTS).">
                <input id="webhook-url" name="url" type="url" required placeholder="https://example.com/hooks/pipewright" className={inputClass} aria-describedby="webhook-url-help" />
              </Field>
              <fieldset>
                <legend className="text-sm font-medium text-slate-700">Events</legend>
                <div className="mt-1 flex flex-wrap gap-4">
                  {EVENTS.map((e) => (
                    <label key={e} className="flex items-center gap-1.5 text-sm text-slate-700">
                      <input type="checkbox" name="events" value={e} defaultChecked={e === 'run_failed'} className="h-4 w-4 rounded border-slate-300 text-indigo-600" />
                      {EVENT_LABELS[e]}
                    </label>
                  ))}
                </div>
              </fieldset>
              <Button type="submit" name="intent" value="create" variant="primary" disabled={busy}>
                Add webhook
              </Button>
            </Form>
          </Section>
          {webhooks.length === 0 ? (
            <EmptyState title="No webhooks yet">Add one above to tell Slack, a CI system or your own service when runs end.</EmptyState>
          ) : (
            webhooks.map((h) => (
              <section key={h.id} aria-label={`Webhook ${h.url}`} className="space-y-3 rounded-xl border border-slate-200 bg-white p-6 shadow-sm">
                <div className="flex flex-wrap items-start justify-between gap-3">
                  <div className="min-w-0">
                    <p className="truncate font-mono text-sm text-slate-900" title={h.url}>{h.url}</p>
                    <p className="text-xs text-slate-500">
                      {h.events.map((e) => EVENT_LABELS[e]).join(' · ')} · {h.enabled ? 'Enabled' : 'Disabled'}
                    </p>
                  </div>
                  <Form method="post" className="flex gap-2">
                    <input type="hidden" name="id" value={h.id} />
                    <Button type="submit" size="sm" name="intent" value="test" disabled={busy}>Send test</Button>
                    <Button type="submit" size="sm" name="intent" value="toggle" disabled={busy}>{h.enabled ? 'Disable' : 'Enable'}</Button>
                    <Button type="submit" size="sm" variant="danger" name="intent" value="delete" disabled={busy}>Delete</Button>
                  </Form>
                </div>
                {h.deliveries.length === 0 ? (
                  <p className="text-sm text-slate-500">No deliveries yet. Use "Send test" to check the receiver.</p>
                ) : (
                  <table className="w-full text-sm" aria-label={`Deliveries of ${h.url}`}>
                    <thead>
                      <tr className="text-left text-xs uppercase tracking-wide text-slate-500">
                        <th scope="col" className="py-1 font-medium">When</th>
                        <th scope="col" className="py-1 font-medium">Event</th>
                        <th scope="col" className="py-1 font-medium">Attempt</th>
                        <th scope="col" className="py-1 font-medium">Response</th>
                        <th scope="col" className="py-1 text-right font-medium">Time</th>
                      </tr>
                    </thead>
                    <tbody className="divide-y divide-slate-100">
                      {h.deliveries.map((d) => (
                        <tr key={d.id}>
                          <td className="py-1.5 text-slate-500"><When iso={d.createdAt} /></td>
                          <td className="py-1.5">{d.event === 'ping' ? 'Test' : EVENT_LABELS[d.event]}</td>
                          <td className="py-1.5">{d.attempt}</td>
                          <td className={`py-1.5 ${d.statusCode && d.statusCode < 300 ? 'text-emerald-700' : 'text-rose-700'}`}>
                            {d.statusCode ?? 'No answer'}
                            {d.error && <span className="block text-xs text-slate-500">{d.error}</span>}
                          </td>
                          <td className="py-1.5 text-right tabular-nums text-slate-500">{d.durationMs != null ? formatDuration(d.durationMs) : '—'}</td>
                        </tr>
                      ))}
                    </tbody>
                  </table>
                )}
              </section>
            ))
          )}
        </>
      )}
    </SettingsPage>
  );
}
