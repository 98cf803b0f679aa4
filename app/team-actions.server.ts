import type { Viewer } from './auth.server';
import type { AppServices } from './services.server';
import { createInvite } from '../db/queries/team-invites';
import { inviteLink, mailInvite } from './team-invite-mail.server';

export const actorOf = (viewer: Viewer) => ({ userId: viewer.user.id, teamId: viewer.team.id, role: viewer.team.role });

/** Invites one address (GraphQL and the team page share it): the link is made once, e-mailed when SMTP is set. */
export async function inviteToTeam(services: AppServices, viewer: Viewer, input: { email: string; role: string }, origin: string | null) {
  const created = await createInvite(services.db, actorOf(viewer), input);
  if (!created.ok) return created;
  const { invite, token } = created.value;
  const link = inviteLink(services.notifications, origin, token);
  const mail = await mailInvite(services.notifications, { to: invite.email, teamName: viewer.team.name, inviter: viewer.user.name, role: invite.role, link, expiresAt: invite.expiresAt });
  return { ok: true as const, value: { invite: { ...invite, invitedBy: viewer.user.name }, link, ...mail } };
}
