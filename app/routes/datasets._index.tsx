import type { ActionFunctionArgs, LoaderFunctionArgs, MetaFunction } from '@remix-run/node';
import { Form, Link, useActionData, useLoaderData, useRevalidator } from '@remix-run/react';
import { useCallback } from 'react';
import { AppHeader } from '~/components/app-header';
import { useDatasetUpload } from '~/dataset-upload/use-dataset-upload';
import { handleDatasetAction, loadDatasetList } from '~/datasets-page.server';
import { requireViewer } from '~/session.server';
import { LocalTime } from '~/components/local-time';
import { formatBytes, formatCount } from './datasets/format';
import { PipelineLinks } from './datasets/pipeline-links';
import { TableHead } from './datasets/table-head';
import { UploadPanel } from './datasets/upload-panel';
import { TransferControl } from '~/team-settings/transfer-control';

export const meta: MetaFunction = () => [{ title: 'Datasets · Pipewright' }];

export async function loader({ request, context }: LoaderFunctionArgs) {
  return loadDatasetList(context.services, await requireViewer(request, context));
}

export async function action({ request, context }: ActionFunctionArgs) {
  const viewer = await requireViewer(request, context);
  return handleDatasetAction(await request.formData(), viewer, context.services);
}

export default function Datasets() {
  const { viewer, datasets, maxUploadBytes } = useLoaderData<typeof loader>();
  const result = useActionData<typeof action>();
  const { revalidate } = useRevalidator();
  const { state, upload } = useDatasetUpload(useCallback(() => revalidate(), [revalidate]));
  return (
    <div className="flex min-h-full flex-col">
      <AppHeader email={viewer.email} teamName={viewer.teamName} />
      <main className="mx-auto w-full max-w-5xl flex-1 space-y-6 px-6 py-10">
        <div>
          <h1 className="text-2xl font-semibold">Datasets</h1>
          <p className="text-sm text-slate-500">Files your team's pipelines read, with every uploaded version.</p>
        </div>
        {viewer.canEdit && <UploadPanel state={state} onFile={upload} maxUploadBytes={maxUploadBytes} />}
        {result?.error && (
          <div role="alert" className="rounded-md bg-rose-50 px-3 py-2 text-sm text-rose-700">
            <p>{result.error}</p>
            {result.usedBy.length > 0 && (
              <ul className="mt-1 list-inside list-disc">
                {result.usedBy.map((p) => (
                  <li key={p.id}>
                    <Link to={`/pipelines/${p.id}`} className="underline">
                      {p.name}
                    </Link>
                  </li>
                ))}
              </ul>
            )}
          </div>
        )}
        {result && 'deleted' in result && (
          <p role="status" className="rounded-md bg-emerald-50 px-3 py-2 text-sm text-emerald-800">
            Deleted "{result.deleted}" and all its versions.
          </p>
        )}
        {datasets.length === 0 ? <EmptyState canEdit={viewer.canEdit} /> : <DatasetTable datasets={datasets} canEdit={viewer.canEdit} />}
      </main>
    </div>
  );
}

function EmptyState({ canEdit }: { canEdit: boolean }) {
  return (
    <div className="rounded-xl border border-dashed border-slate-300 bg-white px-6 py-12 text-center">
      <p className="text-lg font-medium text-slate-800">No datasets yet</p>
      <p className="mt-1 text-sm text-slate-500">
        {canEdit
          ? 'Upload a CSV, TSV, JSON, NDJSON, NPY or Parquet file above to see its columns, a profile of each and its first rows. Pipelines can then read it from a Dataset node.'
          : 'Your team has not uploaded any files yet; an editor or owner can.'}
      </p>
      <Link to="/pipelines" className="mt-4 inline-block text-sm text-indigo-600 underline">
        Or try a pipeline on a bundled sample
      </Link>
    </div>
  );
}

type Row = ReturnType<typeof useLoaderData<typeof loader>>['datasets'][number];

function DatasetTable({ datasets, canEdit }: { datasets: Row[]; canEdit: boolean }) {
  return (
    <div className="overflow-x-auto rounded-xl border border-slate-200 bg-white">
      <table className="min-w-full text-sm">
        <caption className="sr-only">Datasets</caption>
        <TableHead headings={['Name', 'Versions', 'Rows', 'Columns', 'Size', 'Updated', 'Used by']} actions />
        <tbody className="divide-y divide-slate-100">
          {datasets.map((d) => (
            <tr key={d.id}>
              <th scope="row" className="px-3 py-2 text-left font-medium">
                <Link to={`/datasets/${d.id}`} className="text-indigo-700 hover:underline">
                  {d.name}
                </Link>
              </th>
              <td className="px-3 py-2 tabular-nums">{d.versions}</td>
              <td className="px-3 py-2 tabular-nums">{formatCount(d.rowCount)}</td>
              <td className="px-3 py-2 tabular-nums">{formatCount(d.columnCount)}</td>
              <td className="px-3 py-2 tabular-nums">{formatBytes(d.bytes)}</td>
              <td className="whitespace-nowrap px-3 py-2 text-slate-600"><LocalTime iso={d.updatedAt} /></td>
              <td className="px-3 py-2">
                {d.usedBy.length === 0 ? (
                  <span className="text-slate-400">—</span>
                ) : (
                  <PipelineLinks pipelines={d.usedBy} />
                )}
              </td>
              <td className="whitespace-nowrap px-3 py-2">
                {canEdit && (
                  <div className="flex items-center justify-end gap-1">
                    <TransferControl kind="dataset" id={d.id} name={d.name} />
                    <DeleteButton id={d.id} name={d.name} />
                  </div>
                )}
              </td>
            </tr>
          ))}
        </tbody>
      </table>
    </div>
  );
}

function DeleteButton({ id, name }: { id: string; name: string }) {
  return (
    <Form
      method="post"
      onSubmit={(e) => {
        if (!confirm(`Delete "${name}" and all its versions? This cannot be undone.`)) e.preventDefault();
      }}
    >
      <input type="hidden" name="intent" value="delete" />
      <input type="hidden" name="id" value={id} />
      <button type="submit" aria-label={`Delete ${name}`} className="rounded-md px-2 py-1 text-sm text-rose-600 hover:bg-rose-50">
        Delete
      </button>
    </Form>
  );
}
