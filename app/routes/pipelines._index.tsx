import type { ActionFunctionArgs, LoaderFunctionArgs, MetaFunction } from '@remix-run/node';
import { Form, Link, useActionData, useLoaderData, useNavigation } from '@remix-run/react';
import { useState } from 'react';
import { listPipelines } from '../../db/queries/pipelines';
import { examplePipelines } from '../../engine/samples/example-pipelines';
import { AppHeader } from '~/components/app-header';
import { StatusBadge, type RunStatus } from '~/components/ui/status-badge';
import { handlePipelineAction } from '~/pipelines.server';
import { requireViewer } from '~/session.server';
import { TransferControl } from '~/team-settings/transfer-control';
import { LocalTime } from '~/components/local-time';

export const meta: MetaFunction = () => [{ title: 'Pipelines · Pipewright' }];

export async function loader({ request, context }: LoaderFunctionArgs) {
  const viewer = await requireViewer(request, context);
  const pipelines = await listPipelines(context.services.db, viewer.team.id);
  return {
    viewer: { email: viewer.user.email, teamName: viewer.team.name },
    pipelines: pipelines.map((p) => ({ id: p.id, name: p.name, updatedAt: p.updatedAt.toISOString(), nodeCount: p.nodeCount, lastRunStatus: p.lastRunStatus })),
  };
}

export async function action({ request, context }: ActionFunctionArgs) {
  const viewer = await requireViewer(request, context);
  return handlePipelineAction(await request.formData(), viewer, context);
}

export default function Pipelines() {
  const { viewer, pipelines } = useLoaderData<typeof loader>();
  const result = useActionData<typeof action>();
  const creating = useNavigation().formData?.get('intent') === 'create';
  return (
    <div className="flex min-h-full flex-col">
      <AppHeader email={viewer.email} teamName={viewer.teamName} />
      <main className="mx-auto w-full max-w-4xl flex-1 px-6 py-10">
        <div className="mb-6 flex items-end justify-between gap-4">
          <div>
            <h1 className="text-2xl font-semibold">Pipelines</h1>
            <p className="text-sm text-slate-500">Fetch, prepare and train on your data, step by step.</p>
          </div>
          <Form method="post" className="flex gap-2">
            <input type="hidden" name="intent" value="create" />
            <label className="sr-only" htmlFor="new-pipeline-name">New pipeline name</label>
            <input
              id="new-pipeline-name"
              name="name"
              required
              maxLength={120}
              placeholder="e.g. Penguin species"
              className="w-56 rounded-md border border-slate-300 px-3 py-1.5 text-sm focus:border-indigo-500 focus:outline-none focus:ring-1 focus:ring-indigo-500"
            />
            <button type="submit" disabled={creating} className="rounded-md bg-indigo-600 px-3 py-1.5 text-sm font-medium text-white hover:bg-indigo-500 disabled:opacity-60">
              {creating ? 'Creating…' : 'New pipeline'}
            </button>
          </Form>
        </div>
        {result?.error && (
          <p role="alert" className="mb-4 rounded-md bg-rose-50 px-3 py-2 text-sm text-rose-700">{result.error}</p>
        )}
        {pipelines.length === 0 ? (
          <div className="rounded-xl border border-dashed border-slate-300 bg-white px-6 py-16 text-center">
            <p className="text-lg font-medium text-slate-800">No pipelines yet</p>
            <p className="mt-1 text-sm text-slate-500">
              Name your first pipeline above, or open a ready-made example. The bundled Penguins, Cars and Seattle weather samples let you try
              Pipewright without a file of your own.
            </p>
            <ExampleButtons className="mt-6 justify-center" />
          </div>
        ) : (
          <>
            <ul aria-label="Pipelines" className="divide-y divide-slate-200 overflow-hidden rounded-xl border border-slate-200 bg-white">
              {pipelines.map((p) => (
                <PipelineRow key={p.id} pipeline={p} />
              ))}
            </ul>
            <ExampleButtons className="mt-4" />
          </>
        )}
      </main>
    </div>
  );
}

/** Templates on the bundled samples, each runnable as is; a second copy gets a distinct name. */
function ExampleButtons({ className = '' }: { className?: string }) {
  // Locked while one is being copied, so a double click makes one copy, not two.
  const busy = useNavigation().state !== 'idle';
  return (
    <div role="group" aria-label="Templates" className={`flex flex-wrap items-center gap-2 text-sm ${className}`}>
      <span className="text-slate-500">New from a template, ready to run:</span>
      {examplePipelines.map((example) => (
        <Form method="post" key={example.name}>
          <input type="hidden" name="intent" value="example" />
          <input type="hidden" name="example" value={example.name} />
          <button
            type="submit"
            disabled={busy}
            title={example.description}
            className="rounded-md border border-indigo-200 bg-indigo-50 px-3 py-1.5 font-medium text-indigo-700 hover:bg-indigo-100 disabled:opacity-60"
          >
            Open example: {example.title}
          </button>
        </Form>
      ))}
    </div>
  );
}

type Row = ReturnType<typeof useLoaderData<typeof loader>>['pipelines'][number];

function PipelineRow({ pipeline }: { pipeline: Row }) {
  const [renaming, setRenaming] = useState(false);
  return (
    <li className="flex items-center gap-4 px-4 py-3">
      {renaming ? (
        <Form method="post" className="flex flex-1 gap-2" onSubmit={() => setRenaming(false)}>
          <input type="hidden" name="intent" value="rename" />
          <input type="hidden" name="id" value={pipeline.id} />
          <input
            name="name"
            defaultValue={pipeline.name}
            aria-label={`New name for ${pipeline.name}`}
            autoFocus
            required
            maxLength={120}
            className="flex-1 rounded-md border border-slate-300 px-2 py-1 text-sm"
          />
          <button type="submit" className="rounded-md bg-indigo-600 px-2 py-1 text-sm text-white">Save name</button>
          <button type="button" onClick={() => setRenaming(false)} className="rounded-md px-2 py-1 text-sm text-slate-600">Cancel</button>
        </Form>
      ) : (
        <Link to={`/pipelines/${pipeline.id}`} className="min-w-0 flex-1">
          <span className="block truncate font-medium text-slate-900 hover:text-indigo-600">{pipeline.name}</span>
          <span className="text-xs text-slate-500">
            {pipeline.nodeCount} {pipeline.nodeCount === 1 ? 'node' : 'nodes'} · updated <LocalTime iso={pipeline.updatedAt} />
          </span>
        </Link>
      )}
      {!renaming && (
        <>
          {pipeline.lastRunStatus && (
            <StatusBadge status={pipeline.lastRunStatus as RunStatus} label={`${pipeline.name} last run: ${pipeline.lastRunStatus}`} />
          )}
          <TransferControl kind="pipeline" id={pipeline.id} name={pipeline.name} />
          <button type="button" onClick={() => setRenaming(true)} aria-label={`Rename ${pipeline.name}`} className="rounded-md px-2 py-1 text-sm text-slate-600 hover:bg-slate-100">
            Rename
          </button>
          <Form
            method="post"
            onSubmit={(e) => {
              if (!confirm(`Delete "${pipeline.name}" and its runs? This cannot be undone.`)) e.preventDefault();
            }}
          >
            <input type="hidden" name="intent" value="delete" />
            <input type="hidden" name="id" value={pipeline.id} />
            <button type="submit" aria-label={`Delete ${pipeline.name}`} className="rounded-md px-2 py-1 text-sm text-rose-600 hover:bg-rose-50">
              Delete
            </button>
          </Form>
        </>
      )}
    </li>
  );
}
