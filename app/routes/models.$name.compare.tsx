import type { LoaderFunctionArgs, MetaFunction } from '@remix-run/node';
import { Form, Link, useLoaderData } from '@remix-run/react';
import { AppHeader } from '~/components/app-header';
import { Button } from '~/components/ui/button';
import { formatMetricValue } from '../../engine/registry/metric-direction';
import { loadComparePage } from '~/registry/models.server';

export const meta: MetaFunction<typeof loader> = ({ data }) => [{ title: `Compare versions of ${data?.model.name ?? 'a model'} · Pipewright` }];

export const loader = ({ request, context, params }: LoaderFunctionArgs) => loadComparePage({ request, context }, params.name ?? '');

const show = (v: unknown) => (v === null || v === undefined ? '—' : typeof v === 'number' ? formatMetricValue(v) : JSON.stringify(v));

export default function CompareVersionsPage() {
  const { viewer, model, versions, a, b, comparison } = useLoaderData<typeof loader>();
  const base = `/models/${encodeURIComponent(model.name)}`;
  return (
    <div className="flex min-h-full flex-col">
      <AppHeader email={viewer.email} teamName={viewer.teamName}>
        <Link to={base} className="text-sm text-slate-600 hover:underline">
          {model.name}
        </Link>
      </AppHeader>
      <main className="mx-auto w-full max-w-5xl flex-1 space-y-8 px-6 py-10">
        <h1 className="text-2xl font-semibold">Compare versions of {model.name}</h1>
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
            <section aria-labelledby="cmp-metrics" className="space-y-2">
              <h2 id="cmp-metrics" className="text-base font-medium">
                Metrics
              </h2>
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
                        {m.name}
                      </th>
                      <td className={m.better === 'a' ? 'font-semibold text-emerald-700' : ''}>{show(m.a)}</td>
                      <td className={m.better === 'b' ? 'font-semibold text-emerald-700' : ''}>{show(m.b)}</td>
                      <td>{m.delta === null ? '—' : `${m.delta > 0 ? '+' : ''}${formatMetricValue(m.delta)}${m.better ? ` (${m.better === 'b' ? 'B' : 'A'} better)` : ''}`}</td>
                    </tr>
                  ))}
                </tbody>
              </table>
            </section>
            <section aria-labelledby="cmp-params" className="space-y-2">
              <h2 id="cmp-params" className="text-base font-medium">
                Hyperparameters
              </h2>
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
            </section>
            <section aria-labelledby="cmp-schema" className="space-y-2">
              <h2 id="cmp-schema" className="text-base font-medium">
                Input schema
              </h2>
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
            </section>
          </>
        )}
      </main>
    </div>
  );
}
