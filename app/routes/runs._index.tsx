import type { LoaderFunctionArgs, MetaFunction } from '@remix-run/node';
import { Link, useLoaderData, useLocation, useRevalidator } from '@remix-run/react';
import { useCallback, useEffect, useRef, useState } from 'react';
import { AppHeader } from '~/components/app-header';
import { loadRunList, type RunListData } from '~/runs-page.server';
import { requireViewer } from '~/session.server';
import type { StartedRun } from './runs-list/run-actions';
import { RunFilters } from './runs-list/run-filters';
import { RunPager } from './runs-list/run-pager';
import { RunsTable } from './runs-list/runs-table';
import { useTeamRunUpdates, type FeedConnection, type RunUpdate } from './runs-list/use-team-run-updates';

export const meta: MetaFunction<typeof loader> = ({ data }) => [{ title: `${data?.pipeline ? `Runs of ${data.pipeline.name}` : 'Runs'} · Pipewright` }];

export async function loader({ request, context }: LoaderFunctionArgs) {
  return loadRunList(context.services, await requireViewer(request, context), new URL(request.url).searchParams);
}

export default function Runs() {
  const { viewer, runs, total, page, pageSize, filter, pipeline, pipelines } = useLoaderData<typeof loader>();
  const connection = useTeamRunUpdates(useLiveRevalidate(filter, runs));
  const [notice, setNotice] = useState<{ started?: StartedRun; error?: string }>({});
  const onStarted = useCallback((started: StartedRun) => setNotice({ started }), []);
  const onError = useCallback((error: string) => setNotice({ error }), []);
  const filtered = Boolean(filter.pipeline || filter.status || filter.trigger);
  return (
    <div className="flex min-h-full flex-col">
      <AppHeader email={viewer.email} teamName={viewer.teamName} />
      <main className="mx-auto w-full max-w-6xl flex-1 space-y-5 px-6 py-10">
        <div className="flex flex-wrap items-end justify-between gap-3">
          <div>
            <h1 className="text-2xl font-semibold">{pipeline ? `Runs of ${pipeline.name}` : 'Runs'}</h1>
            <p className="text-sm text-slate-500">
              {pipeline ? (
                <Link to={`/pipelines/${pipeline.id}`} className="text-indigo-600 hover:underline">
                  Open {pipeline.name} in the editor
                </Link>
              ) : (
                "Every run of your team's pipelines, newest first: started by hand, by a schedule or through the API."
              )}
            </p>
          </div>
          <LiveIndicator connection={connection} />
        </div>
        <RunFilters key={`${filter.status}|${filter.pipeline}|${filter.trigger}`} filter={filter} pipelines={pipelines} />
        <Notice notice={notice} />
        {runs.length === 0 ? (
          <EmptyState filtered={filtered} page={page} pipelineOnly={Boolean(pipeline && !filter.status && !filter.trigger)} />
        ) : (
          <>
            <RunsTable runs={runs} canEdit={viewer.canEdit} onStarted={onStarted} onError={onError} />
            <RunPager page={page} pageSize={pageSize} total={total} shown={runs.length} />
          </>
        )}
      </main>
    </div>
  );
}

/**
 * Re-reads the page (with its filters and page) when a run listed on it changes or a run that the filters
 * let through does; changes that come close together (a run's start right after its creation) make one read.
 */
function useLiveRevalidate(filter: RunListData['filter'], runs: RunListData['runs']) {
  const { revalidate } = useRevalidator();
  const timer = useRef<ReturnType<typeof setTimeout>>();
  const shown = useRef({ filter, ids: new Set<string>() });
  shown.current = { filter, ids: new Set(runs.map((r) => r.id)) };
  useEffect(() => () => clearTimeout(timer.current), []);
  return useCallback(
    (run?: RunUpdate) => {
      if (run && !shown.current.ids.has(run.id) && !matches(shown.current.filter, run)) return;
      clearTimeout(timer.current);
      timer.current = setTimeout(revalidate, 150);
    },
    [revalidate],
  );
}

const matches = (filter: RunListData['filter'], run: RunUpdate) =>
  (!filter.pipeline || filter.pipeline === run.pipelineId) && (!filter.status || filter.status === run.status) && (!filter.trigger || filter.trigger === run.trigger);

function LiveIndicator({ connection }: { connection: FeedConnection }) {
  const text = { connecting: 'Connecting…', live: 'Live', reconnecting: 'Reconnecting…', lost: 'Live updates lost: reload to refresh' }[connection];
  const dot = { connecting: 'bg-slate-300', live: 'bg-emerald-500', reconnecting: 'bg-amber-400', lost: 'bg-red-500' }[connection];
  return (
    <span role="status" aria-label={`Live updates: ${text}`} className="flex items-center gap-1.5 text-xs text-slate-500">
      <span aria-hidden className={`h-2 w-2 rounded-full ${dot}`} />
      {text}
    </span>
  );
}

function Notice({ notice }: { notice: { started?: StartedRun; error?: string } }) {
  if (notice.error) {
    return (
      <p role="alert" className="rounded-md bg-rose-50 px-3 py-2 text-sm text-rose-700">
        {notice.error}
      </p>
    );
  }
  if (!notice.started) return null;
  const { id, number, pipelineName, force } = notice.started;
  return (
    <p role="status" className="rounded-md bg-emerald-50 px-3 py-2 text-sm text-emerald-800">
      Started{' '}
      <Link to={`/runs/${id}`} className="font-medium underline">
        run #{number} of {pipelineName}
      </Link>
      {force ? ', recomputing every step.' : '.'}
    </p>
  );
}

function EmptyState({ filtered, page, pipelineOnly }: { filtered: boolean; page: number; pipelineOnly: boolean }) {
  const { search } = useLocation();
  const firstPage = new URLSearchParams(search);
  firstPage.delete('page');
  return (
    <div className="rounded-xl border border-dashed border-slate-300 bg-white px-6 py-12 text-center">
      {page > 1 ? (
        <>
          <p className="text-lg font-medium text-slate-800">No runs on this page</p>
          <Link to={`?${firstPage}`} className="mt-4 inline-block text-sm text-indigo-600 underline">
            Back to the newest runs
          </Link>
        </>
      ) : pipelineOnly ? (
        <>
          <p className="text-lg font-medium text-slate-800">This pipeline has not run yet</p>
          <p className="mt-1 text-sm text-slate-500">Its runs appear here as they start: press Run in its editor, or give it a schedule.</p>
        </>
      ) : filtered ? (
        <>
          <p className="text-lg font-medium text-slate-800">No runs match these filters</p>
          <p className="mt-1 text-sm text-slate-500">New runs that match appear here as they start.</p>
          <Link to="/runs" className="mt-4 inline-block text-sm text-indigo-600 underline">
            Show every run
          </Link>
        </>
      ) : (
        <>
          <p className="text-lg font-medium text-slate-800">No runs yet</p>
          <p className="mt-1 text-sm text-slate-500">Runs appear here as they start: press Run in a pipeline's editor, or give it a schedule.</p>
          <Link to="/pipelines" className="mt-4 inline-block text-sm text-indigo-600 underline">
            Go to your pipelines
          </Link>
        </>
      )}
    </div>
  );
}
