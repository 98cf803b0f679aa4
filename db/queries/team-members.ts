import { and, asc, count, eq, ne, sql } from 'drizzle-orm';
import type { Db, Tx } from '../client';
import { memberships, sessions, teamRoles, teams, users } from '../schema';
import { recordAudit } from './audit';
import { done, refuse, type TeamActor, type TeamResult } from './team-result';
import { isUuid } from './pipelines';
import { roleAtLeast, type TeamRole } from './teams';

export const TEAM_NAME_MAX = 80;

/** Every team the user belongs to, with their role there; personal team first, then oldest membership. */
export function listMyTeams(db: Db, userId: string) {
  return db
    .select({
      id: teams.id,
      name: teams.name,
      role: memberships.role,
      personal: sql<boolean>`${teams.personalOwnerId} is not null`,
      // Spelled out: drizzle leaves columns unqualified inside a select list.
      members: sql<number>`(select count(*)::int from memberships m2 where m2.team_id = "teams"."id")`,
    })
    .from(memberships)
    .innerJoin(teams, eq(teams.id, memberships.teamId))
    .where(eq(memberships.userId, userId))
    .orderBy(asc(memberships.createdAt));
}

export async function findMembership(db: Db | Tx, teamId: string, userId: string) {
  if (!isUuid(teamId)) return undefined;
  const [row] = await db
    .select({ role: memberships.role, name: teams.name, personal: sql<boolean>`${teams.personalOwnerId} is not null` })
    .from(memberships)
    .innerJoin(teams, eq(teams.id, memberships.teamId))
    .where(and(eq(memberships.teamId, teamId), eq(memberships.userId, userId)));
  return row;
}

function parseTeamName(raw: string): TeamResult<string> {
  const name = raw.replace(/\p{Cc}/gu, '').trim();
  if (!name) return refuse('BAD_USER_INPUT', 'Give the team a name, e.g. "Data science".');
  if (name.length > TEAM_NAME_MAX) return refuse('BAD_USER_INPUT', `Team names are limited to ${TEAM_NAME_MAX} characters; this one has ${name.length}.`);
  return done(name);
}

/** A new shared team owned by its creator, who switches to it. */
export async function createTeam(db: Db, userId: string, sessionId: string, rawName: string) {
  const name = parseTeamName(rawName);
  if (!name.ok) return name;
  const team = await db.transaction(async (tx) => {
    const [row] = await tx.insert(teams).values({ name: name.value }).returning({ id: teams.id, name: teams.name });
    await tx.insert(memberships).values({ teamId: row!.id, userId, role: 'owner' });
    await tx.update(sessions).set({ activeTeamId: row!.id }).where(eq(sessions.id, sessionId));
    await recordAudit(tx, { teamId: row!.id, actor: { userId }, action: 'team.created', target: { type: 'team', id: row!.id, name: row!.name } });
    return row!;
  });
  return done(team);
}

/** Makes `teamId` the session's active team; only a team the user belongs to. */
export async function switchTeam(db: Db, userId: string, sessionId: string, teamId: string) {
  const membership = await findMembership(db, teamId, userId);
  if (!membership) return refuse('NOT_FOUND', 'You are not a member of that team (it may have removed you). Pick one of your teams.');
  await db.update(sessions).set({ activeTeamId: teamId }).where(and(eq(sessions.id, sessionId), eq(sessions.userId, userId)));
  return done({ id: teamId, name: membership.name, role: membership.role, personal: membership.personal });
}

export function listMembers(db: Db, teamId: string) {
  return db
    .select({ userId: users.id, name: users.name, email: users.email, role: memberships.role, joinedAt: memberships.createdAt })
    .from(memberships)
    .innerJoin(users, eq(users.id, memberships.userId))
    .where(eq(memberships.teamId, teamId))
    .orderBy(sql`array_position(array['owner','admin','editor','viewer']::team_role[], ${memberships.role})`, asc(users.name));
}

async function countOwners(tx: Tx, teamId: string, except?: string) {
  const [row] = await tx
    .select({ n: count() })
    .from(memberships)
    .where(and(eq(memberships.teamId, teamId), eq(memberships.role, 'owner'), except ? ne(memberships.userId, except) : undefined));
  return row!.n;
}

async function lockedMember(tx: Tx, teamId: string, userId: string) {
  if (!isUuid(userId)) return undefined;
  // Serializes concurrent role changes and removals in one team, so two owners cannot both demote themselves.
  await tx.execute(sql`select 1 from teams where id = ${teamId} for update`);
  const [row] = await tx
    .select({ role: memberships.role, name: users.name, email: users.email })
    .from(memberships)
    .innerJoin(users, eq(users.id, memberships.userId))
    .where(and(eq(memberships.teamId, teamId), eq(memberships.userId, userId)));
  return row;
}

/**
 * Admins change admins', editors' and viewers' roles; only an owner grants or takes away ownership. An owner
 * may step down only while another owner remains (transfer ownership first). The role is read on every
 * request and every WebSocket operation, so the change applies at once; removals also close open sockets
 * (the memberships trigger, graphql/socket-sessions.ts).
 */
export async function changeMemberRole(db: Db, actor: TeamActor, userId: string, role: string): Promise<TeamResult<{ from: TeamRole; to: TeamRole }>> {
  if (!roleAtLeast(actor.role, 'admin')) return refuse('FORBIDDEN', 'Only team admins and owners can change roles.');
  if (!(teamRoles as readonly string[]).includes(role)) return refuse('BAD_USER_INPUT', `"${role}" is not a role; use one of ${teamRoles.join(', ')}.`);
  const to = role as TeamRole;
  return db.transaction(async (tx) => {
    const member = await lockedMember(tx, actor.teamId, userId);
    if (!member) return refuse('NOT_FOUND', 'That person is not a member of this team (any more).');
    const from = member.role;
    if (from === to) return done({ from, to });
    if ((from === 'owner' || to === 'owner') && actor.role !== 'owner') return refuse('FORBIDDEN', 'Only an owner can make someone an owner or change an owner\'s role.');
    if (from === 'owner' && (await countOwners(tx, actor.teamId, userId)) === 0) {
      return refuse('CONFLICT', `${member.name} is the team's only owner. Make another member owner first (transfer ownership), then change this role.`);
    }
    await tx.update(memberships).set({ role: to }).where(and(eq(memberships.teamId, actor.teamId), eq(memberships.userId, userId)));
    await recordAudit(tx, { teamId: actor.teamId, actor: { userId: actor.userId }, action: 'member.role_changed', target: { type: 'user', id: userId, name: member.email }, details: { from, to } });
    return done({ from, to });
  });
}

/** Admins remove editors, viewers and other admins; owners are never removed (change their role first). */
export async function removeMember(db: Db, actor: TeamActor, userId: string): Promise<TeamResult<{ email: string }>> {
  if (!roleAtLeast(actor.role, 'admin')) return refuse('FORBIDDEN', 'Only team admins and owners can remove members.');
  if (userId === actor.userId) return refuse('BAD_USER_INPUT', 'To remove yourself, use "Leave team".');
  return db.transaction(async (tx) => {
    const member = await lockedMember(tx, actor.teamId, userId);
    if (!member) return refuse('NOT_FOUND', 'That person is not a member of this team (any more).');
    if (member.role === 'owner') return refuse('CONFLICT', `${member.name} is an owner. An owner must change their role first (transfer ownership), then they can be removed.`);
    await tx.delete(memberships).where(and(eq(memberships.teamId, actor.teamId), eq(memberships.userId, userId)));
    await recordAudit(tx, { teamId: actor.teamId, actor: { userId: actor.userId }, action: 'member.removed', target: { type: 'user', id: userId, name: member.email }, details: { role: member.role } });
    return done({ email: member.email });
  });
}

/** Leaving: not your personal team, and not as the last owner. */
export async function leaveTeam(db: Db, userId: string, teamId: string): Promise<TeamResult<{ name: string }>> {
  return db.transaction(async (tx) => {
    const member = await lockedMember(tx, teamId, userId);
    if (!member) return refuse('NOT_FOUND', 'You are not a member of that team.');
    const [team] = await tx.select({ name: teams.name, personalOwnerId: teams.personalOwnerId }).from(teams).where(eq(teams.id, teamId));
    if (team!.personalOwnerId === userId) return refuse('CONFLICT', 'This is your personal team; it stays yours and cannot be left.');
    if (member.role === 'owner' && (await countOwners(tx, teamId, userId)) === 0) {
      return refuse('CONFLICT', `You are the only owner of ${team!.name}. Make another member owner first (transfer ownership), then leave.`);
    }
    await tx.delete(memberships).where(and(eq(memberships.teamId, teamId), eq(memberships.userId, userId)));
    await recordAudit(tx, { teamId, actor: { userId }, action: 'member.left', target: { type: 'user', id: userId, name: member.email }, details: { role: member.role } });
    return done({ name: team!.name });
  });
}
