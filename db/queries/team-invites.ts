import { createHash, randomBytes } from 'node:crypto';
import { and, desc, eq, isNull } from 'drizzle-orm';
import { z } from 'zod';
import type { Db } from '../client';
import { memberships, sessions, teamInvites, teams, users } from '../schema';
import { recordAudit } from './audit';
import { isUuid } from './pipelines';
import { done, refuse, type TeamActor, type TeamResult } from './team-result';
import { roleAtLeast, type TeamRole } from './teams';

export const INVITE_DAYS = 7;
/** Roles an invitation can grant: ownership is transferred to a member, never handed out by link. */
export const INVITABLE_ROLES = ['admin', 'editor', 'viewer'] as const;

const hashToken = (token: string) => createHash('sha256').update(token).digest('hex');
const inviteEmail = z.string().trim().toLowerCase().max(254).pipe(z.email());

export type InviteStatus = 'pending' | 'accepted' | 'revoked' | 'expired';
const statusOf = (i: { acceptedAt: Date | null; revokedAt: Date | null; expiresAt: Date }, now = new Date()): InviteStatus =>
  i.acceptedAt ? 'accepted' : i.revokedAt ? 'revoked' : i.expiresAt <= now ? 'expired' : 'pending';

/** A one-time invitation; the token is returned once (for the link and the e-mail) and only its hash is stored. */
export async function createInvite(db: Db, actor: TeamActor, input: { email: string; role: string; days?: number }) {
  if (!roleAtLeast(actor.role, 'admin')) return refuse('FORBIDDEN', 'Only team admins and owners can invite people.');
  const email = inviteEmail.safeParse(input.email);
  if (!email.success) return refuse('BAD_USER_INPUT', `"${input.email}" is not an e-mail address; enter one like ada@example.com.`);
  if (!(INVITABLE_ROLES as readonly string[]).includes(input.role)) {
    return refuse('BAD_USER_INPUT', `Invite as ${INVITABLE_ROLES.join(', ')}; to make someone an owner, invite them and then change their role.`);
  }
  const [member] = await db
    .select({ id: users.id })
    .from(memberships)
    .innerJoin(users, eq(users.id, memberships.userId))
    .where(and(eq(memberships.teamId, actor.teamId), eq(users.email, email.data)));
  if (member) return refuse('CONFLICT', `${email.data} is already a member of this team; change their role in the members list instead.`);
  const token = randomBytes(32).toString('base64url');
  const expiresAt = new Date(Date.now() + (input.days ?? INVITE_DAYS) * 86_400_000);
  const invite = await db.transaction(async (tx) => {
    const [row] = await tx
      .insert(teamInvites)
      .values({ teamId: actor.teamId, email: email.data, role: input.role as TeamRole, tokenHash: hashToken(token), invitedBy: actor.userId, expiresAt })
      .returning();
    await recordAudit(tx, { teamId: actor.teamId, actor: { userId: actor.userId }, action: 'member.invited', target: { type: 'invite', id: row!.id, name: email.data }, details: { role: input.role, expiresAt: expiresAt.toISOString() } });
    return row!;
  });
  return done({ invite: { ...invite, status: statusOf(invite) as InviteStatus }, token });
}

/** The team's invitations that are still open or recently closed (accepted ones drop out: they are members now). */
export async function listInvites(db: Db, teamId: string) {
  const rows = await db
    .select({ id: teamInvites.id, email: teamInvites.email, role: teamInvites.role, expiresAt: teamInvites.expiresAt, acceptedAt: teamInvites.acceptedAt, revokedAt: teamInvites.revokedAt, createdAt: teamInvites.createdAt, invitedBy: users.name })
    .from(teamInvites)
    .leftJoin(users, eq(users.id, teamInvites.invitedBy))
    .where(and(eq(teamInvites.teamId, teamId), isNull(teamInvites.acceptedAt), isNull(teamInvites.revokedAt)))
    .orderBy(desc(teamInvites.createdAt))
    .limit(200);
  return rows.map((r) => ({ ...r, status: statusOf(r) }));
}

export async function revokeInvite(db: Db, actor: TeamActor, id: string): Promise<TeamResult<{ email: string }>> {
  if (!roleAtLeast(actor.role, 'admin')) return refuse('FORBIDDEN', 'Only team admins and owners can revoke invitations.');
  if (!isUuid(id)) return refuse('NOT_FOUND', 'That invitation was not found in this team.');
  return db.transaction(async (tx) => {
    const [row] = await tx
      .update(teamInvites)
      .set({ revokedAt: new Date() })
      .where(and(eq(teamInvites.id, id), eq(teamInvites.teamId, actor.teamId), isNull(teamInvites.acceptedAt), isNull(teamInvites.revokedAt)))
      .returning({ email: teamInvites.email });
    if (!row) return refuse('NOT_FOUND', 'That invitation was not found, or it was already accepted or revoked.');
    await recordAudit(tx, { teamId: actor.teamId, actor: { userId: actor.userId }, action: 'invite.revoked', target: { type: 'invite', id, name: row.email } });
    return done(row);
  });
}

/** What the invitation page shows before accepting: the team, the role and whether it can still be used. */
export async function findInvite(db: Db, token: string) {
  const [row] = await db
    .select({ id: teamInvites.id, teamId: teamInvites.teamId, teamName: teams.name, email: teamInvites.email, role: teamInvites.role, expiresAt: teamInvites.expiresAt, acceptedAt: teamInvites.acceptedAt, revokedAt: teamInvites.revokedAt, invitedBy: users.name })
    .from(teamInvites)
    .innerJoin(teams, eq(teams.id, teamInvites.teamId))
    .leftJoin(users, eq(users.id, teamInvites.invitedBy))
    .where(eq(teamInvites.tokenHash, hashToken(token)));
  return row && { ...row, status: statusOf(row) };
}

const CLOSED: Record<Exclude<InviteStatus, 'pending'>, string> = {
  accepted: 'This invitation was already used. Ask a team admin for a new one if you still need to join.',
  revoked: 'This invitation was revoked by a team admin. Ask them for a new one.',
  expired: 'This invitation has expired. Ask a team admin to invite you again.',
};

/**
 * Joins the team with the invited role, once, and switches the session to it. The signed-in account's
 * e-mail must be the invited one: a forwarded link must not let someone else in.
 */
export async function acceptInvite(db: Db, user: { id: string; email: string }, sessionId: string, token: string): Promise<TeamResult<{ teamId: string; teamName: string; role: TeamRole }>> {
  return db.transaction(async (tx) => {
    const [invite] = await tx.select().from(teamInvites).where(eq(teamInvites.tokenHash, hashToken(token))).for('update');
    if (!invite) return refuse('NOT_FOUND', 'This invitation link is not valid. Check that you copied all of it, or ask for a new one.');
    const status = statusOf(invite);
    if (status !== 'pending') return refuse('CONFLICT', CLOSED[status]);
    if (invite.email !== user.email.toLowerCase()) {
      return refuse('FORBIDDEN', `This invitation is for ${invite.email}, but you are signed in as ${user.email}. Sign out and sign in (or sign up) as ${invite.email}, or ask the admin to invite ${user.email}.`);
    }
    const [team] = await tx.select({ name: teams.name }).from(teams).where(eq(teams.id, invite.teamId));
    const joined = await tx.insert(memberships).values({ teamId: invite.teamId, userId: user.id, role: invite.role }).onConflictDoNothing().returning();
    await tx.update(teamInvites).set({ acceptedAt: new Date(), acceptedBy: user.id }).where(eq(teamInvites.id, invite.id));
    await tx.update(sessions).set({ activeTeamId: invite.teamId }).where(eq(sessions.id, sessionId));
    if (joined.length > 0) {
      await recordAudit(tx, { teamId: invite.teamId, actor: { userId: user.id }, action: 'member.joined', target: { type: 'user', id: user.id, name: user.email }, details: { role: invite.role, inviteId: invite.id } });
    }
    const [membership] = await tx.select({ role: memberships.role }).from(memberships).where(and(eq(memberships.teamId, invite.teamId), eq(memberships.userId, user.id)));
    return done({ teamId: invite.teamId, teamName: team!.name, role: membership!.role });
  });
}

/** Invitation links whose token was just made: `${appUrl}/invite/${token}`. */
export const inviteLinkPath = (token: string) => `/invite/${token}`;
