import { DrizzlePostgreSQLAdapter } from '@lucia-auth/adapter-drizzle';
import { sql } from 'drizzle-orm';
import type { DatabaseSession, DatabaseUser } from 'lucia';
import type { Db } from '../db/client';
import type { TeamAccess, TeamRole } from '../db/queries/teams';
import { memberships, sessions, teams, users } from '../db/schema';

type Row = {
  session_id: string;
  user_id: string;
  expires_at: Date | string;
  active_team_id: string | null;
  email: string;
  name: string;
  team_id: string | null;
  team_name: string | null;
  role: TeamRole | null;
};

/**
 * Lucia's Drizzle adapter, whose read of a session also finds the team it works in, so a request's
 * sign-in check is one statement (it was two, side by side on two connections: the session with its
 * user, and the team). The team is the one the session switched to while the user is still a member
 * there, else the user's oldest membership (a team left or deleted since falls back without an error);
 * read on every request, so a removal or role change takes effect on the next one. It reaches the
 * session as its `team` attribute (see getSessionAttributes in auth.server.ts).
 */
export class SessionAdapter extends DrizzlePostgreSQLAdapter {
  constructor(private readonly database: Db) {
    super(database, sessions, users);
  }

  override async getSessionAndUser(sessionId: string): Promise<[DatabaseSession | null, DatabaseUser | null]> {
    const [row] = await this.database.execute<Row>(sql`
      select s.id as session_id, s.user_id, s.expires_at, s.active_team_id, u.email, u.name, a.id as team_id, a.name as team_name, a.role
      from ${sessions} s
      join ${users} u on u.id = s.user_id
      left join lateral (
        select t.id, t.name, m.role from ${memberships} m join ${teams} t on t.id = m.team_id
        where m.user_id = s.user_id
        order by m.team_id = s.active_team_id desc nulls last, m.created_at asc
        limit 1
      ) a on true
      where s.id = ${sessionId}`);
    if (!row) return [null, null];
    const team: TeamAccess | null = row.team_id ? { id: row.team_id, name: row.team_name!, role: row.role! } : null;
    return [
      { id: row.session_id, userId: row.user_id, expiresAt: new Date(row.expires_at), attributes: { activeTeamId: row.active_team_id, team } },
      { id: row.user_id, attributes: { email: row.email, name: row.name } },
    ];
  }
}
