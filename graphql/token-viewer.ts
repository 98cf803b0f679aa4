import { eq } from 'drizzle-orm';
import { createGraphQLError } from 'graphql-yoga';
import type { Viewer } from '../app/auth.server';
import type { AppServices } from '../app/services.server';
import { teams, users } from '../db/schema';

/** The role a full-scope token acts with: it may edit, never administer (members, tokens). */
const TOKEN_ROLE = 'editor' as const;

const refuse = (message: string, status: 401 | 403, code: string) => createGraphQLError(message, { extensions: { code, http: { status } } });

/**
 * The viewer of a GraphQL request carrying `Authorization: Bearer`. Refused (401) when the token is unknown,
 * revoked or expired, and (403) when its scope is 'predict', which covers only the prediction API.
 */
export async function readTokenViewer(services: AppServices, authorization: string): Promise<Viewer> {
  const checked = await services.callers.verifyToken(authorization);
  if (!checked.ok) throw refuse(checked.error, 401, 'UNAUTHENTICATED');
  const { token } = checked;
  if (token.scope !== 'full') {
    throw refuse(`API token '${token.name}' has the 'predict' scope: it may call the prediction API (POST /api/v1/models/{name}/predict) and read its OpenAPI documents, not GraphQL. Use a token with the 'full' scope.`, 403, 'FORBIDDEN');
  }
  const [row] = token.createdBy
    ? await services.db
        .select({ id: users.id, email: users.email, name: users.name, teamName: teams.name })
        .from(users)
        .innerJoin(teams, eq(teams.id, token.teamId))
        .where(eq(users.id, token.createdBy))
    : [];
  if (!row) throw refuse(`API token '${token.name}' belonged to an account that was deleted, so nothing can be attributed to it. Create a new token.`, 401, 'UNAUTHENTICATED');
  return {
    user: { id: row.id, email: row.email, name: row.name },
    session: { id: `token:${token.id}`, userId: row.id, expiresAt: new Date(8.64e15), fresh: false },
    team: { id: token.teamId, name: row.teamName, role: TOKEN_ROLE },
    token: { id: token.id, name: token.name },
  };
}
