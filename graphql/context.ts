import type { IncomingMessage } from 'node:http';
// createGraphQLError builds errors from the same graphql instance yoga checks with instanceof (graphql 16 ships CJS and ESM copies).
import { createGraphQLError } from 'graphql-yoga';
import type { Viewer } from '../app/auth.server';
import type { AppServices } from '../app/services.server';
import type { AuditActor } from '../db/queries/audit';
import { roleAtLeast, type TeamRole } from '../db/queries/teams';
import { readTokenViewer } from './token-viewer';

export type GraphQLContext = { services: AppServices; viewer: Viewer | null };

/** One context builder for HTTP (Fetch `request`) and WebSocket (`req` of the upgrade) operations. */
export async function buildContext(
  services: AppServices,
  init: { request?: Request; req?: IncomingMessage },
): Promise<GraphQLContext> {
  // Tokens over HTTP only: WebSocket handshakes are checked by Origin, and scripts have no Origin to send.
  const authorization = init.request?.headers.get('authorization');
  if (authorization) return { services, viewer: await readTokenViewer(services, authorization) };
  const cookie = init.request?.headers.get('cookie') ?? init.req?.headers.cookie ?? null;
  const { viewer } = await services.auth.readViewer(cookie);
  return { services, viewer };
}

export function requireViewer(ctx: GraphQLContext): Viewer {
  if (!ctx.viewer) throw createGraphQLError('Sign in to continue.', { extensions: { code: 'UNAUTHENTICATED' } });
  return ctx.viewer;
}

const ROLE_NEEDED: Record<TeamRole, string> = {
  owner: 'Only the team owner can do this.',
  admin: 'Only team admins and the owner can do this.',
  editor: 'Your role in this team is read-only.',
  viewer: 'Sign in to continue.',
};

/** The viewer, if their role in the active team is at least `least`; FORBIDDEN otherwise. */
export function requireRole(ctx: GraphQLContext, least: TeamRole): Viewer {
  const viewer = requireViewer(ctx);
  if (!roleAtLeast(viewer.team.role, least)) throw createGraphQLError(ROLE_NEEDED[least], { extensions: { code: 'FORBIDDEN', role: viewer.team.role } });
  return viewer;
}

export const requireEditor = (ctx: GraphQLContext): Viewer => requireRole(ctx, 'editor');

export const notFound = (what: string) => createGraphQLError(`${what} was not found in your team.`, { extensions: { code: 'NOT_FOUND' } });
export const badInput = (message: string, extra: Record<string, unknown> = {}) =>
  createGraphQLError(message, { extensions: { code: 'BAD_USER_INPUT', ...extra } });

/** Who the audit log names for what this viewer does: the token when one is used, else the user. */
export const auditActor = (viewer: Viewer): AuditActor => (viewer.token ? { tokenId: viewer.token.id } : { userId: viewer.user.id });
