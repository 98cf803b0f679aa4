import type { ActionFunctionArgs, LoaderFunctionArgs, MetaFunction } from '@remix-run/node';
import { Form, useActionData, useLoaderData, useNavigation } from '@remix-run/react';
import { useEffect, useState } from 'react';
import { CopySecret } from '~/api-tokens/copy-secret';
import { handleTokensAction, loadTokensPage } from '~/api-tokens/tokens-page.server';
import { SettingsPage } from '~/components/settings-page';
import { Button } from '~/components/ui/button';
import { EmptyState } from '~/components/ui/empty-state';
import { Field, inputClass } from '~/components/ui/field';
import { Section } from '~/components/ui/section';
import { Modal } from '~/components/ui/modal';
import { When } from '~/components/when';
import { LocalTime } from '~/components/local-time';

export const meta: MetaFunction = () => [{ title: 'API tokens · Pipewright' }];

export const loader = (args: LoaderFunctionArgs) => loadTokensPage(args);
export const action = (args: ActionFunctionArgs) => handleTokensAction(args);

type Token = Awaited<ReturnType<typeof loader>>['tokens'][number];

const SCOPE_LABELS = { predict: 'Predict only', full: 'Full API' } as const;
function status(t: Token, now: number) {
  if (t.revokedAt) return <>Revoked <LocalTime iso={t.revokedAt} dateOnly /></>;
  if (t.expiresAt && Date.parse(t.expiresAt) <= now) return <>Expired <LocalTime iso={t.expiresAt} dateOnly /></>;
  return t.expiresAt ? <>Expires <LocalTime iso={t.expiresAt} dateOnly /></> : 'Never expires';
}

export default function ApiTokens() {
  const { viewer, tokens, now, defaultRateLimitPerMinute } = useLoaderData<typeof loader>();
  const defaultLimit = defaultRateLimitPerMinute > 0 ? `${defaultRateLimitPerMinute.toLocaleString('en-US')} a minute` : 'no limit';
  const result = useActionData<typeof action>();
  const busy = useNavigation().state === 'submitting';
  const [confirming, setConfirming] = useState<Token | null>(null);
  // The dialog closes once its revoke has gone through (or failed: the alert says why).
  useEffect(() => {
    if (!busy) setConfirming(null);
  }, [busy, result]);
  return (
    <SettingsPage
      viewer={viewer}
      title="API tokens"
      intro={
        <>
          Scripts and services call the prediction API (<code>POST /api/v1/models/&lt;name&gt;/predict</code>) with a token in the
          header <code>Authorization: Bearer &lt;token&gt;</code>. Predict-only tokens may predict and read the API documents; full tokens may
          also use GraphQL as an editor of the team. A revoked token stops working at once.
        </>
      }
    >
      {!viewer.isAdmin ? (
        <p role="status" className="rounded-md bg-slate-100 px-3 py-2 text-sm text-slate-600">Only admins and the owner of the team can see and manage its API tokens.</p>
      ) : (
        <>
          {result?.error && <p role="alert" className="rounded-md bg-rose-50 px-3 py-2 text-sm text-rose-700">{result.error}</p>}
          {result?.revoked && <p role="status" className="rounded-md bg-slate-100 px-3 py-2 text-sm text-slate-700">Token '{result.revoked}' was revoked; requests using it are refused.</p>}
          {result?.created && (
            <div role="status" aria-label="New token" className="space-y-2 rounded-md bg-emerald-50 px-3 py-2 text-sm text-emerald-800">
              <p>Token '{result.created.name}' created. Copy it now: it is shown only this once.</p>
              <CopySecret label="New API token" secret={result.created.secret} />
            </div>
          )}
          <Section title="Create a token">
            <Form method="post" className="space-y-4">
              <div className="grid gap-4 sm:grid-cols-4">
                <Field id="token-name" label="Name" help="Who or what uses it.">
                  <input id="token-name" name="name" required maxLength={80} placeholder="CI deploy" className={inputClass} aria-describedby="token-name-help" />
                </Field>
                <Field id="token-scope" label="Scope">
                  <select id="token-scope" name="scope" defaultValue="predict" className={inputClass}>
                    <option value="predict">{SCOPE_LABELS.predict}</option>
                    <option value="full">{SCOPE_LABELS.full}</option>
                  </select>
                </Field>
                <Field id="token-expiry" label="Expires">
                  <select id="token-expiry" name="expiresInDays" defaultValue="90" className={inputClass}>
                    <option value="7">In 7 days</option>
                    <option value="30">In 30 days</option>
                    <option value="90">In 90 days</option>
                    <option value="365">In a year</option>
                    <option value="">Never</option>
                  </select>
                </Field>
                <Field id="token-rate-limit" label="Requests per minute" help={`Empty: the default (${defaultLimit}).`}>
                  <input id="token-rate-limit" name="rateLimitPerMinute" type="number" min={1} max={1_000_000} step={1} inputMode="numeric" placeholder="Default" className={inputClass} aria-describedby="token-rate-limit-help" />
                </Field>
              </div>
              <Button type="submit" name="intent" value="create" variant="primary" disabled={busy}>
                Create token
              </Button>
            </Form>
          </Section>
          {tokens.length === 0 ? (
            <EmptyState title="No API tokens yet">Create one above to call the team's models from a script or another service.</EmptyState>
          ) : (
            <table aria-label="API tokens" className="w-full rounded-xl border border-slate-200 bg-white text-sm shadow-sm">
              <thead>
                <tr className="text-left text-xs uppercase tracking-wide text-slate-500">
                  {['Name', 'Scope', 'Token', 'Rate limit', 'Created', 'Last used', 'Status', ''].map((h) => (
                    <th key={h} scope="col" className="px-3 py-2 font-medium">{h}</th>
                  ))}
                </tr>
              </thead>
              <tbody className="divide-y divide-slate-100">
                {tokens.map((t) => (
                  <tr key={t.id} className={t.revokedAt ? 'text-slate-400' : ''}>
                    <th scope="row" className="px-3 py-2 text-left font-medium">{t.name}</th>
                    <td className="px-3 py-2">{SCOPE_LABELS[t.scope]}</td>
                    <td className="px-3 py-2 font-mono text-xs">pw_{t.prefix}_…</td>
                    <td className="px-3 py-2 text-slate-500">{t.rateLimitPerMinute ? `${t.rateLimitPerMinute.toLocaleString('en-US')}/min` : `Default (${defaultLimit})`}</td>
                    <td className="px-3 py-2 text-slate-500">
                      <LocalTime iso={t.createdAt} dateOnly />
                      {t.createdBy && <span className="block text-xs">by {t.createdBy}</span>}
                    </td>
                    <td className="px-3 py-2 text-slate-500">{t.lastUsedAt ? <When iso={t.lastUsedAt} now={now} /> : 'Never'}</td>
                    <td className="px-3 py-2">{status(t, now)}</td>
                    <td className="px-3 py-2 text-right">
                      {!t.revokedAt && (
                        <Button size="sm" variant="danger" aria-label={`Revoke ${t.name}`} onClick={() => setConfirming(t)}>
                          Revoke
                        </Button>
                      )}
                    </td>
                  </tr>
                ))}
              </tbody>
            </table>
          )}
        </>
      )}
      {confirming && (
        <Modal label={`Revoke token ${confirming.name}?`} onCancel={() => setConfirming(null)} className="max-w-md">
          <Form method="post" className="space-y-4">
            <h2 className="text-base font-semibold">Revoke token '{confirming.name}'?</h2>
            <p className="text-sm text-slate-600">Every request using pw_{confirming.prefix}_… is refused from now on. This cannot be undone; create a new token to replace it.</p>
            <input type="hidden" name="id" value={confirming.id} />
            <div className="flex justify-end gap-2">
              <Button onClick={() => setConfirming(null)}>Cancel</Button>
              <Button type="submit" name="intent" value="revoke" variant="danger" disabled={busy}>
                Revoke token
              </Button>
            </div>
          </Form>
        </Modal>
      )}
    </SettingsPage>
  );
}
