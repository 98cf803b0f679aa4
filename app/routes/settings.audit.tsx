import type { LoaderFunctionArgs, MetaFunction } from '@remix-run/node';
import { Form, Link, useLoaderData, useSearchParams } from '@remix-run/react';
import { listAuditActions, listAuditEvents } from '../../db/queries/team-audit-log';
import { listMembers } from '../../db/queries/team-members';
import { roleAtLeast } from '../../db/queries/teams';
import { SettingsPage } from '~/components/settings-page';
import { Button } from '~/components/ui/button';
import { AuditTable } from '~/team-settings/audit-table';
import { requireViewer } from '~/session.server';

export const meta: MetaFunction = () => [{ title: 'Audit log · Pipewright' }];

const PAGE = 50;

export async function loader({ request, context }: LoaderFunctionArgs) {
  const viewer = await requireViewer(request, context);
  if (!roleAtLeast(viewer.team.role, 'admin')) throw new Response('Only team admins and owners can see the audit log.', { status: 403 });
  const url = new URL(request.url);
  const filter = { action: url.searchParams.get('action'), actorUserId: url.searchParams.get('actor'), beforeId: Number(url.searchParams.get('before')) || null };
  const { db } = context.services;
  const [page, actions, members] = await Promise.all([listAuditEvents(db, viewer.team.id, filter, PAGE), listAuditActions(db, viewer.team.id), listMembers(db, viewer.team.id)]);
  return { viewer: { email: viewer.user.email, teamName: viewer.team.name }, more: page.more, events: page.events.map((e) => ({ ...e, at: e.at.toISOString() })), actions, members: members.map((m) => ({ id: m.userId, name: m.name })) };
}

export default function AuditLog() {
  const { viewer, events, more, actions, members } = useLoaderData<typeof loader>();
  const [params] = useSearchParams();
  const families = [...new Set(actions.map((a) => a.split('.')[0]!))];
  const older = new URLSearchParams(params);
  if (events.length) older.set('before', String(events[events.length - 1]!.id));
  return (
    <SettingsPage
      viewer={viewer}
      wide
      title="Audit log"
      intro={
        <>
          Who changed what in {viewer.teamName}, newest first: members, roles, invitations, tokens, models, moves and deletions.{' '}
          <Link to="/settings/team" className="text-indigo-600 hover:underline">Team settings</Link>
        </>
      }
    >
      <Form method="get" className="flex flex-wrap items-end gap-3">
        <label className="text-xs font-medium text-slate-700">
          Action
          <select name="action" defaultValue={params.get('action') ?? ''} className="mt-1 block rounded-md border border-slate-300 px-2 py-1 text-sm">
            <option value="">All actions</option>
            {families.map((f) => <option key={f} value={f}>{f} (all)</option>)}
            {actions.map((a) => <option key={a} value={a}>{a}</option>)}
          </select>
        </label>
        <label className="text-xs font-medium text-slate-700">
          Who
          <select name="actor" defaultValue={params.get('actor') ?? ''} className="mt-1 block rounded-md border border-slate-300 px-2 py-1 text-sm">
            <option value="">Anyone</option>
            {members.map((m) => <option key={m.id} value={m.id}>{m.name}</option>)}
          </select>
        </label>
        <Button type="submit">Filter</Button>
        {params.get('before') ? <Link to={`?${new URLSearchParams([...params].filter(([k]) => k !== 'before'))}`} className="text-sm text-indigo-600 hover:underline">Newest</Link> : null}
      </Form>
      <AuditTable events={events} />
      {more ? <Link to={`?${older}`} className="inline-block text-sm text-indigo-600 hover:underline">Older events</Link> : null}
    </SettingsPage>
  );
}
