import { asc, eq, sql } from 'drizzle-orm';
import type { Db, Tx } from '../client';
import { memberships, teamRoles, teams } from '../schema';

export type TeamRole = (typeof teamRoles)[number];
export type TeamAccess = { id: string; name: string; role: TeamRole };

export async function createPersonalTeam(tx: Db | Tx, userId: string, userName: string) {
  const [team] = await tx
    .insert(teams)
    .values({ name: `${userName}'s team`, personalOwnerId: userId })
    .returning();
  await tx.insert(memberships).values({ teamId: team!.id, userId, role: 'owner' });
  return team!;
}

/**
 * The team a session works in: the one it switched to while the user is still a member there, else the
 * user's oldest membership (a team left or deleted since falls back without an error). One query, read on
 * every request, so a removal or role change takes effect on the next one.
 */
export async function findActiveTeam(db: Db, sessionId: string): Promise<TeamAccess | undefined> {
  // By the session alone, so it can be read alongside the session's own check (one round trip per request, not two).
  const active = sql`(select active_team_id from sessions where id = ${sessionId})`;
  const [row] = await db
    .select({ id: teams.id, name: teams.name, role: memberships.role })
    .from(memberships)
    .innerJoin(teams, eq(teams.id, memberships.teamId))
    .where(eq(memberships.userId, sql`(select user_id from sessions where id = ${sessionId})`))
    .orderBy(sql`${memberships.teamId} = ${active} desc nulls last`, asc(memberships.createdAt))
    .limit(1);
  return row;
}

/** Whether `role` may do what `least` may: owner > admin > editor > viewer. */
export function roleAtLeast(role: TeamRole, least: TeamRole) {
  return teamRoles.indexOf(role) <= teamRoles.indexOf(least);
}

export function canEdit(team: TeamAccess) {
  return roleAtLeast(team.role, 'editor');
}
