import type { LoaderFunctionArgs, MetaFunction } from '@remix-run/node';
import { Link, useLoaderData, useRevalidator } from '@remix-run/react';
import { useEffect } from 'react';
import { AppHeader } from '~/components/app-header';
import { QueueTable, WorkerTable } from '~/components/status/status-tables';
import { requireViewer } from '~/session.server';
import { readSystemStatus } from '~/system-status.server';
import { LocalTime } from '~/components/local-time';

export const meta: MetaFunction = () => [{ title: 'Status · Pipewright' }];

/** How often the page re-reads the status while it is visible: heartbeats come every few seconds. */
const REFRESH_MS = 2_000;

export async function loader({ request, context }: LoaderFunctionArgs) {
  const viewer = await requireViewer(request, context);
  const status = await readSystemStatus(context.services.db, viewer.team.id);
  return { viewer: { email: viewer.user.email, teamName: viewer.team.name }, status };
}

export default function Status() {
  const { viewer, status } = useLoaderData<typeof loader>();
  useAutoRefresh(REFRESH_MS);
  const live = status.workers.filter((w) => w.state !== 'lost').length;
  return (
    <div className="flex min-h-full flex-col">
      <AppHeader email={viewer.email} teamName={viewer.teamName} />
      <main className="mx-auto w-full max-w-5xl flex-1 space-y-8 px-6 py-10">
        <div className="flex flex-wrap items-end justify-between gap-2">
          <div>
            <h1 className="text-2xl font-semibold">Status</h1>
            <p className="text-sm text-slate-500">Workers, job queues and the database, refreshed every {REFRESH_MS / 1000} s.</p>
          </div>
          <p className="text-xs text-slate-400">Checked <LocalTime iso={status.checkedAt} /></p>
        </div>

        <section aria-labelledby="workers-heading" className="space-y-2">
          <h2 id="workers-heading" className="text-lg font-medium">
            Workers <span className="text-sm font-normal text-slate-500">({live} live)</span>
          </h2>
          {status.workers.length === 0 ? (
            <Empty>
              No worker has started in the last hour, so runs wait in the queue. <code className="rounded bg-slate-100 px-1">npm start</code> forks one;
              add more anywhere with <code className="rounded bg-slate-100 px-1">DATABASE_URL=… npm run worker</code>.
            </Empty>
          ) : (
            <WorkerTable workers={status.workers} />
          )}
        </section>

        <section aria-labelledby="queues-heading" className="space-y-2">
          <h2 id="queues-heading" className="text-lg font-medium">
            Queues
          </h2>
          {status.queues.length === 0 ? <Empty>No queue exists yet: a worker or the web server creates them when it starts.</Empty> : <QueueTable queues={status.queues} />}
        </section>

        <section aria-labelledby="failures-heading" className="space-y-2">
          <h2 id="failures-heading" className="text-lg font-medium">
            Recent failures
          </h2>
          {status.recentFailures.length === 0 ? (
            <Empty>No step of your team's runs has failed.</Empty>
          ) : (
            <ul className="divide-y divide-slate-100 rounded-xl border border-slate-200 bg-white">
              {status.recentFailures.map((f) => (
                <li key={`${f.runId}/${f.nodeId}`} className="space-y-1 px-4 py-3 text-sm">
                  <div className="flex flex-wrap items-baseline gap-x-2">
                    <Link to={`/runs/${f.runId}`} className="font-medium text-indigo-700 hover:underline">
                      {f.pipelineName} · {f.nodeId}
                    </Link>
                    <span className={`rounded px-1.5 text-xs ${f.status === 'dead_letter' ? 'bg-rose-100 text-rose-800' : 'bg-amber-100 text-amber-800'}`}>
                      {f.status === 'dead_letter' ? 'dead letter' : 'failed'}
                    </span>
                    {f.finishedAt && <span className="text-xs text-slate-500"><LocalTime iso={f.finishedAt} /></span>}
                  </div>
                  {f.error && <p className="line-clamp-2 text-slate-600">{f.error}</p>}
                </li>
              ))}
            </ul>
          )}
        </section>

        <section aria-labelledby="database-heading" className="space-y-2">
          <h2 id="database-heading" className="text-lg font-medium">
            Database
          </h2>
          <dl className="grid grid-cols-1 gap-3 rounded-xl border border-slate-200 bg-white p-4 text-sm sm:grid-cols-3">
            <Figure label="Reachable" value={status.database.reachable ? 'Yes' : `No: ${status.database.error ?? 'no answer'}`} bad={!status.database.reachable} />
            <Figure label="Latency" value={status.database.latencyMs === null ? '—' : `${status.database.latencyMs.toFixed(1)} ms`} />
            <Figure
              label="Connections"
              value={status.database.connections === null ? '—' : `${status.database.connections} of ${status.database.maxConnections}`}
              bad={status.database.connections !== null && status.database.connections >= (status.database.maxConnections ?? Infinity) * 0.9}
            />
          </dl>
        </section>
      </main>
    </div>
  );
}

/** Re-runs the loader every `ms` while the tab is visible, and at once when it becomes visible again. */
function useAutoRefresh(ms: number) {
  const { revalidate, state } = useRevalidator();
  useEffect(() => {
    if (state !== 'idle') return;
    const timer = setTimeout(() => {
      if (document.visibilityState === 'visible') revalidate();
    }, ms);
    const onVisible = () => document.visibilityState === 'visible' && revalidate();
    document.addEventListener('visibilitychange', onVisible);
    return () => {
      clearTimeout(timer);
      document.removeEventListener('visibilitychange', onVisible);
    };
  }, [ms, revalidate, state]);
}

function Figure({ label, value, bad = false }: { label: string; value: string; bad?: boolean }) {
  return (
    <div>
      <dt className="text-xs uppercase tracking-wide text-slate-500">{label}</dt>
      <dd className={`mt-0.5 font-medium tabular-nums ${bad ? 'text-rose-700' : 'text-slate-900'}`}>{value}</dd>
    </div>
  );
}

function Empty({ children }: { children: React.ReactNode }) {
  return <p className="rounded-xl border border-dashed border-slate-300 bg-white px-4 py-6 text-center text-sm text-slate-500">{children}</p>;
}
