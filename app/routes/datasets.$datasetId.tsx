import type { LoaderFunctionArgs, MetaFunction } from '@remix-run/node';
import { Link, useLoaderData } from '@remix-run/react';
import { AppHeader } from '~/components/app-header';
import { loadDatasetDetail } from '~/datasets-page.server';
import { requireViewer } from '~/session.server';
import { ColumnProfileView } from './datasets/column-profile-view';
import { LocalTime } from '~/components/local-time';
import { formatBytes, formatCount, formatCountOf } from './datasets/format';
import { PipelineLinks } from './datasets/pipeline-links';
import { SampleGrid } from './datasets/sample-grid';
import { TableHead } from './datasets/table-head';

export const meta: MetaFunction<typeof loader> = ({ data }) => [{ title: `${data?.dataset.name ?? 'Dataset'} · Datasets · Pipewright` }];

export async function loader({ request, params, context }: LoaderFunctionArgs) {
  const viewer = await requireViewer(request, context);
  const search = new URL(request.url).searchParams;
  return loadDatasetDetail(context.services, viewer, params.datasetId ?? '', search.get('version'), search.get('columns'));
}

export default function DatasetPage() {
  const { viewer, dataset, versions, selected } = useLoaderData<typeof loader>();
  return (
    <div className="flex min-h-full flex-col">
      <AppHeader email={viewer.email} teamName={viewer.teamName} />
      <main className="mx-auto w-full max-w-6xl flex-1 space-y-8 px-6 py-10">
        <div>
          <Link to="/datasets" className="text-sm text-indigo-600 hover:underline">
            ← Datasets
          </Link>
          <h1 className="mt-1 text-2xl font-semibold">{dataset.name}</h1>
          <p className="text-sm text-slate-500">
            {dataset.usedBy.length === 0 ? 'No pipeline reads this dataset.' : 'Read by '}
            <PipelineLinks pipelines={dataset.usedBy} />
          </p>
        </div>
        <VersionTable versions={versions} selected={selected.version} />
        <section aria-labelledby="profile-heading" className="space-y-2">
          <h2 id="profile-heading" className="text-lg font-semibold">
            Version {selected.version}: columns and profile
          </h2>
          {selected.columns && selected.columns.total > selected.columns.page ? <ColumnWindowNav version={selected.version} window={selected.columns} /> : null}
          {selected.profile ? (
            <ColumnProfileView columns={selected.profile.columns} />
          ) : (
            <p role="alert" className="rounded-md bg-amber-50 px-3 py-2 text-sm text-amber-800">
              {selected.profileError}
            </p>
          )}
        </section>
        {selected.profile && (
          <section aria-labelledby="sample-heading" className="space-y-2">
            <h2 id="sample-heading" className="text-lg font-semibold">
              First {selected.profile.sample.rows.length} rows
            </h2>
            <SampleGrid profile={selected.profile} />
          </section>
        )}
      </main>
    </div>
  );
}

/** Which columns of a wide file this page shows, and links to the columns before and after them. */
function ColumnWindowNav({ version, window: { from, to, total, page } }: { version: number; window: { from: number; to: number; total: number; page: number } }) {
  const at = (first: number) => `?version=${version}&columns=${first + 1}`;
  return (
    <nav aria-label="Column pages" className="flex items-center gap-4 text-sm text-slate-600">
      <span role="status">
        {`Columns ${formatCount(from + 1)}–${formatCount(to)} of ${formatCount(total)}`}
      </span>
      {from > 0 ? (
        <Link to={at(Math.max(0, from - page))} className="text-indigo-700 hover:underline">
          {`← Previous ${formatCountOf(Math.min(page, from), 'column')}`}
        </Link>
      ) : null}
      {to < total ? (
        <Link to={at(to)} className="text-indigo-700 hover:underline">
          {`Next ${formatCountOf(Math.min(page, total - to), 'column')} →`}
        </Link>
      ) : null}
    </nav>
  );
}

type Version = ReturnType<typeof useLoaderData<typeof loader>>['versions'][number];

function VersionTable({ versions, selected }: { versions: Version[]; selected: number }) {
  return (
    <section aria-labelledby="versions-heading" className="space-y-2">
      <h2 id="versions-heading" className="text-lg font-semibold">
        Versions
      </h2>
      <div className="overflow-x-auto rounded-lg border border-slate-200 bg-white">
        <table className="min-w-full text-sm">
          <TableHead headings={['Version', 'Uploaded', 'By', 'Size', 'SHA-256', 'Rows', 'Columns', 'Format']} />
          <tbody className="divide-y divide-slate-100">
            {[...versions].reverse().map((v) => (
              <tr key={v.id} aria-current={v.version === selected ? 'true' : undefined} className={v.version === selected ? 'bg-indigo-50' : ''}>
                <th scope="row" className="px-3 py-2 text-left font-medium">
                  <Link to={`?version=${v.version}`} className="text-indigo-700 hover:underline">
                    v{v.version}
                  </Link>
                </th>
                <td className="whitespace-nowrap px-3 py-2 text-slate-600"><LocalTime iso={v.createdAt} /></td>
                <td className="px-3 py-2 text-slate-600">{v.uploadedBy}</td>
                <td className="px-3 py-2 tabular-nums">{formatBytes(v.bytes)}</td>
                <td className="px-3 py-2 font-mono text-xs" title={v.sha256}>
                  {v.sha256.slice(0, 12)}
                </td>
                <td className="px-3 py-2 tabular-nums">{formatCount(v.rowCount)}</td>
                <td className="px-3 py-2 tabular-nums">{formatCount(v.columnCount)}</td>
                <td className="px-3 py-2 uppercase text-slate-600">{v.format}</td>
              </tr>
            ))}
          </tbody>
        </table>
      </div>
    </section>
  );
}
