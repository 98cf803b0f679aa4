import type { LoaderFunctionArgs, MetaFunction } from '@remix-run/node';
import { Form, useLoaderData } from '@remix-run/react';
import { SettingsPage } from '~/components/settings-page';
import { Button } from '~/components/ui/button';
import { Section } from '~/components/ui/section';
import { formatMetricValue } from '../../engine/registry/metric-direction';
import { ModelsCrumb } from '~/registry/models-crumb';
import { loadComparePage } from '~/registry/models.server';
import { metricLabel } from '../../engine/registry/metric-label';

export const meta: MetaFunction<typeof loader> = ({ data }) => [{ title: `Compare versions of ${data?.model.name ?? 'a model'} · Pipewright` }];

export const loader = ({ request, context, params }: LoaderFunctionArgs) => loadComparePage({ request, context }, params.name ?? '');

const show = (v: unknown) => (v === null || v === undefined ? '—' : typeof v === 'number' ? formatMetricValue(v) : JSON.stringify(v));

export default function CompareVersionsPage() {
  const { viewer, model, versions, a, b, comparison } = useLoaderData<typeof loader>();
  return (
    <SettingsPage viewer={viewer} wide title={`Compare versions of ${model.name}`} breadcrumb={<ModelsCrumb model={model.name} />}>
      {!comparison ? (
        <p className="text-sm text-slate-500">This model has no versions yet.</p>
      ) : (
        <>
          <Form method="get" className="flex items-end gap-3">
            {(['a', 'b'] as const).map((side) => (
              <label key={side} className="text-sm">
                {side === 'a' ? 'Version A' : 'Version B'}
                <select name={side} defaultValue={side === 'a' ? (a ?? '') : (b ?? '')} className="ml-2 rounded-md px-2 py-1 ring-1 ring-inset ring-slate-300">
                  {versions.map((v) => (
                    <option key={v} value={v}>
                      {v}
                    </option>
                  ))}
                </select>
              </label>
            ))}
            <Button type="submit">Compare</Button>
          </Form>
          <Section plain title="Metrics">
            <table className="w-full text-left text-sm">
              <thead className="text-xs uppercase tracking-wider text-slate-500">
                <tr>
                  <th className="py-1">Metric</th>
                  <th>Version {a}</th>
                  <th>Version {b}</th>
                  <th>Change (B − A)</th>
                </tr>
              </thead>
              <tbody className="divide-y divide-slate-100 tabular-nums">
                {comparison.metrics.map((m) => (
                  <tr key={m.name}>
                    <th scope="row" className="py-1 text-left font-normal">
                      {metricLabel(m.name)}
                    </th>
                    <td className={m.better === 'a' ? 'font-semibold text-emerald-700' : ''}>{show(m.a)}</td>
                    <td className={m.better === 'b' ? 'font-semibold text-emerald-700' : ''}>{show(m.b)}</td>
                    <td>{m.delta === null ? '—' : `${m.delta > 0 ? '+' : ''}${formatMetricValue(m.delta)}${m.better ? ` (${m.better === 'b' ? 'B' : 'A'} better)` : ''}`}</td>
                  </tr>
                ))}
              </tbody>
            </table>
          </Section>
          <Section plain title="Hyperparameters">
            <table className="w-full text-left text-sm">
              <tbody className="divide-y divide-slate-100">
                {comparison.params.map((p) => (
                  <tr key={p.name} className={p.same ? 'text-slate-500' : 'font-medium'}>
                    <th scope="row" className="py-1 text-left font-normal">
                      {p.name}
                    </th>
                    <td>{show(p.a)}</td>
                    <td>{show(p.b)}</td>
                    <td>{p.same ? 'same' : 'changed'}</td>
                  </tr>
                ))}
              </tbody>
            </table>
          </Section>
          <Section plain title="Input schema">
            {comparison.schema.every((s) => s.change === 'same') ? (
              <p className="text-sm text-slate-500">Both versions take the same columns.</p>
            ) : (
              <ul className="text-sm">
                {comparison.schema
                  .filter((s) => s.change !== 'same')
                  .map((s) => (
                    <li key={s.column}>
                      {s.column}: {s.change === 'added' ? `added in B (${s.b})` : s.change === 'removed' ? `only in A (${s.a})` : `${s.a} in A, ${s.b} in B`}
                    </li>
                  ))}
              </ul>
            )}
          </Section>
        </>
      )}
    </SettingsPage>
  );
}
