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

/** Whether `role` may do what `least` may: owner > admin > editor > viewer. */
export function roleAtLeast(role: TeamRole, least: TeamRole) {
  return teamRoles.indexOf(role) <= teamRoles.indexOf(least);
}

export function canEdit(team: TeamAccess) {
  return roleAtLeast(team.role, 'editor');
}
