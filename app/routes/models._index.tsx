import type { LoaderFunctionArgs, MetaFunction } from '@remix-run/node';
import { Link, useLoaderData } from '@remix-run/react';
import { AppHeader } from '~/components/app-header';
import { formatMetricValue } from '../../engine/registry/metric-direction';
import { loadModelsList } from '~/registry/models.server';

export const meta: MetaFunction = () => [{ title: 'Models · Pipewright' }];

export const loader = ({ request, context }: LoaderFunctionArgs) => loadModelsList({ request, context });

export default function ModelsPage() {
  const { viewer, models } = useLoaderData<typeof loader>();
  return (
    <div className="flex min-h-full flex-col">
      <AppHeader email={viewer.email} teamName={viewer.teamName} />
      <main className="mx-auto w-full max-w-5xl flex-1 space-y-6 px-6 py-10">
        <div>
          <h1 className="text-2xl font-semibold">Models</h1>
          <p className="text-sm text-slate-500">Registered models of {viewer.teamName}: versions, stages and the one in production.</p>
        </div>
        {models.length === 0 ? (
          <div className="rounded-xl border border-dashed border-slate-300 p-10 text-center">
            <p className="font-medium text-slate-700">No registered models yet</p>
            <p className="mt-1 text-sm text-slate-500">
              Run a pipeline, select its Train node and press <strong>Register model</strong>, or set the Train node's “Register on success as”.
            </p>
          </div>
        ) : (
          <table className="w-full text-left text-sm">
            <thead className="border-b border-slate-200 text-xs uppercase tracking-wider text-slate-500">
              <tr>
                <th className="py-2">Name</th>
                <th>Latest version</th>
                <th>In production</th>
                <th>Key metric</th>
                <th>Updated</th>
              </tr>
            </thead>
            <tbody className="divide-y divide-slate-100">
              {models.map((m) => (
                <tr key={m.id}>
                  <td className="py-2">
                    <Link to={`/models/${encodeURIComponent(m.name)}`} className="font-medium text-indigo-700 hover:underline">
                      {m.name}
                    </Link>
                  </td>
                  <td>{m.latestVersion ?? '—'}</td>
                  <td>{m.productionVersion !== null ? `version ${m.productionVersion}` : 'none'}</td>
                  <td className="tabular-nums">{m.keyMetric ? `${m.keyMetric.name} ${formatMetricValue(m.keyMetric.value)}` : '—'}</td>
                  <td>
                    <time dateTime={m.updatedAt}>{new Date(m.updatedAt).toLocaleString('en-US', { dateStyle: 'medium', timeStyle: 'short', timeZone: 'UTC' })} UTC</time>
                  </td>
                </tr>
              ))}
            </tbody>
          </table>
        )}
      </main>
    </div>
  );
}
