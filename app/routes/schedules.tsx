import type { LoaderFunctionArgs, MetaFunction } from '@remix-run/node';
import { Link, useLoaderData } from '@remix-run/react';
import { AppHeader } from '~/components/app-header';
import { ScheduleItem } from '~/schedules/schedule-item';
import { loadSchedulesPage } from '~/schedules/schedules-page.server';
import { useSchedules } from '~/schedules/use-schedules';
import { requireViewer } from '~/session.server';

export const meta: MetaFunction = () => [{ title: 'Schedules · Pipewright' }];

export async function loader({ request, context }: LoaderFunctionArgs) {
  return loadSchedulesPage(context.services, await requireViewer(request, context));
}

export default function Schedules() {
  const data = useLoaderData<typeof loader>();
  const { schedules, canEdit, error, replace, remove } = useSchedules(undefined, { schedules: data.schedules, canEdit: data.canEdit });
  return (
    <div className="flex min-h-full flex-col">
      <AppHeader email={data.viewer.email} teamName={data.viewer.teamName} />
      <main className="mx-auto w-full max-w-5xl flex-1 space-y-6 px-6 py-10">
        <div>
          <h1 className="text-2xl font-semibold">Schedules</h1>
          <p className="text-sm text-slate-500">Pipelines your team runs on a timetable. Add or edit one from a pipeline's editor with Schedule in its toolbar (under More on a narrow screen).</p>
        </div>
        {error ? (
          <p role="alert" className="rounded-md bg-rose-50 px-3 py-2 text-sm text-rose-700">
            {error}
          </p>
        ) : null}
        {schedules && schedules.length === 0 ? (
          <div className="rounded-xl border border-dashed border-slate-300 bg-white px-6 py-12 text-center">
            <p className="text-lg font-medium text-slate-800">No schedules yet</p>
            <p className="mt-1 text-sm text-slate-500">Open a pipeline and choose Schedule (under More on a narrow screen) to run it every hour, day or week, or on any cron expression.</p>
            <Link to="/pipelines" className="mt-4 inline-block text-sm text-indigo-600 underline">
              Go to pipelines
            </Link>
          </div>
        ) : (
          <ul aria-label="Team schedules" className="overflow-hidden rounded-xl border border-slate-200 bg-white">
            {(schedules ?? []).map((s) => (
              <ScheduleItem key={s.id} schedule={s} canEdit={canEdit} showPipeline onChanged={replace} onDeleted={remove} />
            ))}
          </ul>
        )}
      </main>
    </div>
  );
}
