import { json, redirect, type ActionFunctionArgs, type LoaderFunctionArgs } from '@remix-run/node';
import { listInvites, revokeInvite } from '../db/queries/team-invites';
import { changeMemberRole, createTeam, leaveTeam, listMembers, listMyTeams, removeMember } from '../db/queries/team-members';
import { HTTP_STATUS, type TeamResult } from '../db/queries/team-result';
import { roleAtLeast } from '../db/queries/teams';
import { requireViewer } from './session.server';
import { actorOf, inviteToTeam } from './team-actions.server';

export async function loadTeamPage({ request, context }: LoaderFunctionArgs) {
  const viewer = await requireViewer(request, context);
  const admin = roleAtLeast(viewer.team.role, 'admin');
  const db = context.services.db;
  const [teams, members, invites] = await Promise.all([listMyTeams(db, viewer.user.id), listMembers(db, viewer.team.id), admin ? listInvites(db, viewer.team.id) : Promise.resolve([])]);
  const active = teams.find((t) => t.id === viewer.team.id)!;
  return {
    viewer: { email: viewer.user.email, userId: viewer.user.id, teamName: viewer.team.name, role: viewer.team.role, admin, owner: viewer.team.role === 'owner', personal: active.personal },
    teams,
    // Strings on the server render too (loader data reaches SSR unserialized).
    members: members.map((m) => ({ ...m, joinedAt: m.joinedAt.toISOString() })),
    invites: invites.map((i) => ({ ...i, expiresAt: i.expiresAt.toISOString(), createdAt: i.createdAt.toISOString() })),
    origin: new URL(request.url).origin,
  };
}

type ActionData = { error?: string; notice?: string; invite?: { email: string; link: string; emailed: boolean; emailError?: string } };

const answer = (result: TeamResult<unknown>, notice: string) =>
  result.ok ? json<ActionData>({ notice }) : json<ActionData>({ error: result.error }, { status: HTTP_STATUS[result.code] });

/** One form per intent: create, invite, revoke, role, remove, leave. */
export async function handleTeamAction({ request, context }: ActionFunctionArgs) {
  const viewer = await requireViewer(request, context);
  const form = await request.formData();
  const field = (name: string) => String(form.get(name) ?? '');
  const { db } = context.services;
  switch (field('intent')) {
    case 'create': {
      const created = await createTeam(db, viewer.user.id, viewer.session.id, field('name'));
      return created.ok ? redirect('/settings/team') : json<ActionData>({ error: created.error }, { status: 400 });
    }
    case 'invite': {
      const origin = request.headers.get('origin') ?? new URL(request.url).origin;
      const invited = await inviteToTeam(context.services, viewer, { email: field('email'), role: field('role') }, origin);
      if (!invited.ok) return json<ActionData>({ error: invited.error }, { status: HTTP_STATUS[invited.code] });
      const { invite, link, emailed, emailError } = invited.value;
      return json<ActionData>({ invite: { email: invite.email, link, emailed, emailError } });
    }
    case 'revoke':
      return answer(await revokeInvite(db, actorOf(viewer), field('inviteId')), 'Invitation revoked; its link no longer works.');
    case 'role': {
      const changed = await changeMemberRole(db, actorOf(viewer), field('userId'), field('role'));
      return answer(changed, changed.ok ? `Role changed from ${changed.value.from} to ${changed.value.to}.` : '');
    }
    case 'remove':
      return answer(await removeMember(db, actorOf(viewer), field('userId')), 'Member removed from the team.');
    case 'leave': {
      const left = await leaveTeam(db, viewer.user.id, viewer.team.id);
      return left.ok ? redirect('/pipelines') : json<ActionData>({ error: left.error }, { status: HTTP_STATUS[left.code] });
    }
    default:
      return json<ActionData>({ error: 'Unknown action: send intent=create, invite, revoke, role, remove or leave.' }, { status: 400 });
  }
}
