import type { ActionFunctionArgs, LoaderFunctionArgs, MetaFunction } from '@remix-run/node';
import { Form, Link, useLoaderData } from '@remix-run/react';
import { AppHeader } from '~/components/app-header';
import { Button } from '~/components/ui/button';
import { When } from '~/components/when';
import { requireViewer } from '~/session.server';
import { countUnread, listNotifications, markNotificationsRead } from '~/notifications/notifications.server';
import { isUuid } from '../../db/queries/pipelines';

export const meta: MetaFunction = () => [{ title: 'Notifications · Pipewright' }];

const PAGE_SIZE = 25;

export async function loader({ request, context }: LoaderFunctionArgs) {
  const viewer = await requireViewer(request, context);
  const who = { userId: viewer.user.id, teamId: viewer.team.id };
  const page = Math.max(1, Number.parseInt(new URL(request.url).searchParams.get('page') ?? '1', 10) || 1);
  const { items, total } = await listNotifications(context.services.db, who, { limit: PAGE_SIZE, offset: (page - 1) * PAGE_SIZE });
  return {
    viewer: { email: viewer.user.email, teamName: viewer.team.name },
    items: items.map((n) => ({ id: n.id, title: n.title, body: n.body, link: n.link, readAt: n.readAt?.toISOString() ?? null, createdAt: n.createdAt.toISOString() })),
    total,
    unread: await countUnread(context.services.db, who),
    page,
    pages: Math.max(1, Math.ceil(total / PAGE_SIZE)),
  };
}

export async function action({ request, context }: ActionFunctionArgs) {
  const viewer = await requireViewer(request, context);
  const form = await request.formData();
  const id = form.get('id');
  const ids = typeof id === 'string' && isUuid(id) ? [id] : undefined;
  await markNotificationsRead(context.services.db, { userId: viewer.user.id, teamId: viewer.team.id }, ids);
  return { ok: true };
}

export default function Notifications() {
  const { viewer, items, total, unread, page, pages } = useLoaderData<typeof loader>();
  return (
    <div className="flex min-h-full flex-col">
      <AppHeader email={viewer.email} teamName={viewer.teamName} />
      <main className="mx-auto w-full max-w-3xl flex-1 space-y-6 px-6 py-10">
        <div className="flex items-end justify-between gap-4">
          <div>
            <h1 className="text-2xl font-semibold">Notifications</h1>
            <p className="text-sm text-slate-500">
              {total === 0 ? 'Runs that finish, fail or are cancelled, and schedules that pause.' : `${total} in all, ${unread} unread.`}{' '}
              <Link to="/account#notifications" className="text-indigo-600 underline">
                Choose what you are told
              </Link>{' '}
              ·{' '}
              <Link to="/settings/webhooks" className="text-indigo-600 underline">
                Team webhooks
              </Link>
            </p>
          </div>
          {unread > 0 && (
            <Form method="post">
              <Button type="submit">Mark all read</Button>
            </Form>
          )}
        </div>
        {items.length === 0 ? (
          <div className="rounded-xl border border-dashed border-slate-300 bg-white px-6 py-12 text-center">
            <p className="text-lg font-medium text-slate-800">No notifications yet</p>
            <p className="mt-1 text-sm text-slate-500">When a run you started (or one your schedules started) ends, it shows here and on the bell.</p>
          </div>
        ) : (
          <ul aria-label="All notifications" className="divide-y divide-slate-100 rounded-xl border border-slate-200 bg-white shadow-sm">
            {items.map((n) => (
              <li key={n.id} className={`flex items-start gap-3 px-4 py-3 ${n.readAt ? '' : 'bg-indigo-50/40'}`}>
                <span aria-hidden className={`mt-2 h-2 w-2 shrink-0 rounded-full ${n.readAt ? 'bg-transparent' : 'bg-indigo-500'}`} />
                <div className="min-w-0 flex-1">
                  {n.link ? (
                    <Link to={n.link} className={`text-sm hover:underline ${n.readAt ? 'text-slate-700' : 'font-medium text-slate-900'}`}>
                      {n.title}
                    </Link>
                  ) : (
                    <p className={`text-sm ${n.readAt ? 'text-slate-700' : 'font-medium text-slate-900'}`}>{n.title}</p>
                  )}
                  {n.body && <p className="mt-0.5 text-sm text-slate-500">{n.body}</p>}
                  <p className="mt-0.5 text-xs text-slate-400">
                    <When iso={n.createdAt} />
                    {!n.readAt && <span className="sr-only"> · unread</span>}
                  </p>
                </div>
                {!n.readAt && (
                  <Form method="post">
                    <input type="hidden" name="id" value={n.id} />
                    <Button type="submit" size="sm" variant="ghost" aria-label={`Mark "${n.title}" read`}>
                      Mark read
                    </Button>
                  </Form>
                )}
              </li>
            ))}
          </ul>
        )}
        {pages > 1 && (
          <nav aria-label="Pages" className="flex items-center justify-between text-sm">
            {page > 1 ? <Link to={`?page=${page - 1}`} className="text-indigo-600 underline">Newer</Link> : <span />}
            <span className="text-slate-500">
              Page {page} of {pages}
            </span>
            {page < pages ? <Link to={`?page=${page + 1}`} className="text-indigo-600 underline">Older</Link> : <span />}
          </nav>
        )}
      </main>
    </div>
  );
}
