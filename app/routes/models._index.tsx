import type { LoaderFunctionArgs, MetaFunction } from '@remix-run/node';
import { Link, useLoaderData } from '@remix-run/react';
import { SettingsPage } from '~/components/settings-page';
import { LocalTime } from '~/components/local-time';
import { EmptyState } from '~/components/ui/empty-state';
import { formatMetricValue } from '../../engine/registry/metric-direction';
import { loadModelsList } from '~/registry/models.server';
import { metricLabel } from '../../engine/registry/metric-label';

export const meta: MetaFunction = () => [{ title: 'Models · Pipewright' }];

export const loader = ({ request, context }: LoaderFunctionArgs) => loadModelsList({ request, context });

export default function ModelsPage() {
  const { viewer, models } = useLoaderData<typeof loader>();
  return (
    <SettingsPage viewer={viewer} wide title="Models" intro={`Registered models of ${viewer.teamName}: versions, stages and the one in production.`}>
      {models.length === 0 ? (
        <EmptyState title="No registered models yet">
          Run a pipeline, select its Train node and press <strong>Register model</strong>, or set the Train node's “Register on success as”.
        </EmptyState>
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
                <td className="tabular-nums">{m.keyMetric ? `${metricLabel(m.keyMetric.name)} ${formatMetricValue(m.keyMetric.value)}` : '—'}</td>
                <td>
                  <LocalTime iso={m.updatedAt} />
                </td>
              </tr>
            ))}
          </tbody>
        </table>
      )}
    </SettingsPage>
  );
}
