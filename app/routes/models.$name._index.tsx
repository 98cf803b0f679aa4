import type { ActionFunctionArgs, LoaderFunctionArgs, MetaFunction } from '@remix-run/node';
import { Form, Link, useActionData, useLoaderData, useNavigation } from '@remix-run/react';
import { SettingsPage } from '~/components/settings-page';
import { LocalTime } from '~/components/local-time';
import { Button } from '~/components/ui/button';
import { Field, inputClass } from '~/components/ui/field';
import { Section } from '~/components/ui/section';
import { formatMetricValue } from '../../engine/registry/metric-direction';
import { ActionResult } from '~/registry/action-result';
import { handleRegistryAction, loadModelPage } from '~/registry/models.server';
import { ModelsCrumb } from '~/registry/models-crumb';
import { StageBadge } from '~/registry/stage-badge';
import { metricLabel } from '../../engine/registry/metric-label';
import type { Task } from '../../engine/training/model-family';

export const meta: MetaFunction<typeof loader> = ({ data }) => [{ title: `${data?.model.name ?? 'Model'} · Models · Pipewright` }];

export const loader = ({ request, context, params }: LoaderFunctionArgs) => loadModelPage({ request, context }, params.name ?? '');
export const action = ({ request, context, params }: ActionFunctionArgs) => handleRegistryAction({ request, context }, params.name ?? '');

/** Why Rollback is disabled, or what it would do: as a tooltip and for screen readers. */
function rollbackHint(name: string, to: number | null) {
  const text = to === null ? `'${name}' has no earlier production version to roll back to.` : `Puts version ${to} back in production (it already served, so gates are not checked).`;
  return { title: text, 'aria-description': text };
}

export default function ModelPage() {
  const { viewer, model, versions, history, metricNames, task, rollbackTo } = useLoaderData<typeof loader>();
  const result = useActionData<typeof action>();
  const busy = useNavigation().state === 'submitting';
  const base = `/models/${encodeURIComponent(model.name)}`;
  const shown = model.gateMetric ?? metricNames.find((m) => m === 'accuracy' || m === 'r2');
  return (
    <SettingsPage
      viewer={viewer}
      wide
      title={model.name}
      breadcrumb={<ModelsCrumb />}
      actions={
        <>
          {versions.length >= 2 ? (
            <Link to={`${base}/compare`} className="rounded-md px-3 py-1.5 text-sm text-indigo-700 ring-1 ring-inset ring-slate-300 hover:bg-slate-50">
              Compare versions
            </Link>
          ) : null}
          {viewer.canEdit ? (
            <Form method="post">
              <input type="hidden" name="intent" value="rollback" />
              <Button type="submit" variant="danger" disabled={busy || rollbackTo === null} {...rollbackHint(model.name, rollbackTo)}>
                Rollback
              </Button>
            </Form>
          ) : null}
        </>
      }
    >
      <ActionResult result={result} />

      <Section plain title="Versions">
        <table className="w-full text-left text-sm">
          <thead className="border-b border-slate-200 text-xs uppercase tracking-wider text-slate-500">
            <tr>
              <th className="py-2">Version</th>
              <th>Stage</th>
              <th>Model type</th>
              {shown ? <th>{metricLabel(shown, task as Task | undefined)}</th> : null}
              <th>Registered</th>
            </tr>
          </thead>
          <tbody className="divide-y divide-slate-100">
            {versions.map((v) => (
              <tr key={v.version}>
                <td className="py-2">
                  <Link to={`${base}/${v.version}`} className="font-medium text-indigo-700 hover:underline">
                    Version {v.version}
                  </Link>
                </td>
                <td>
                  <StageBadge stage={v.stage} />
                </td>
                <td>{v.algorithm}</td>
                {shown ? <td className="tabular-nums">{v.metrics[shown] !== undefined ? formatMetricValue(v.metrics[shown]!) : '—'}</td> : null}
                <td>
                  <LocalTime iso={v.createdAt} />
                </td>
              </tr>
            ))}
          </tbody>
        </table>
      </Section>

      <Section title="Promotion gates" description="Checked when a version goes to production. For errors and losses (rmse, mae, log loss) the bound is a maximum.">
        <Form method="post" className="space-y-3">
          <input type="hidden" name="intent" value="gates" />
          <div className="grid grid-cols-2 gap-3">
            <Field id="gate-metric" label="Gate metric">
              <select id="gate-metric" name="metric" defaultValue={model.gateMetric ?? ''} disabled={!viewer.canEdit} className={inputClass}>
                <option value="">No gate</option>
                {metricNames.map((m) => (
                  <option key={m} value={m}>
                    {metricLabel(m, task as Task | undefined)}
                  </option>
                ))}
              </select>
            </Field>
            <Field id="gate-minimum" label="Minimum (maximum for errors)">
              <input id="gate-minimum" name="minimum" type="number" step="any" defaultValue={model.gateMinimum ?? ''} disabled={!viewer.canEdit} className={inputClass} />
            </Field>
          </div>
          <label className="flex items-center gap-2 text-sm">
            <input type="checkbox" name="mustBeatProduction" defaultChecked={model.gateMustBeatProduction} disabled={!viewer.canEdit} />
            Must beat the current production version on this metric
          </label>
          <Button type="submit" variant="primary" disabled={busy || !viewer.canEdit}>
            Save gates
          </Button>
        </Form>
      </Section>

      <Section plain title="Promotion history">
        {history.length === 0 ? (
          <p className="text-sm text-slate-500">No stage changes yet: promote a version from its page.</p>
        ) : (
          <ol className="space-y-1 text-sm">
            {history.map((h) => (
              <li key={h.id}>
                <span className="font-medium">Version {h.version}</span> {h.fromStage} → {h.toStage} by {h.actor}, <LocalTime iso={h.at} />
                {h.reason ? <span className="text-slate-500"> — {h.reason}</span> : null}
              </li>
            ))}
          </ol>
        )}
      </Section>
    </SettingsPage>
  );
}
