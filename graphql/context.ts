import type { IncomingMessage } from 'node:http';
// createGraphQLError builds errors from the same graphql instance yoga checks with instanceof (graphql 16 ships CJS and ESM copies).
import { createGraphQLError } from 'graphql-yoga';
import type { Viewer } from '../app/auth.server';
import type { AppServices } from '../app/services.server';
import { canEdit } from '../db/queries/teams';

export type GraphQLContext = { services: AppServices; viewer: Viewer | null };

/** One context builder for HTTP (Fetch `request`) and WebSocket (`req` of the upgrade) operations. */
export async function buildContext(
  services: AppServices,
  init: { request?: Request; req?: IncomingMessage },
): Promise<GraphQLContext> {
  const cookie = init.request?.headers.get('cookie') ?? init.req?.headers.cookie ?? null;
  const { viewer } = await services.auth.readViewer(cookie);
  return { services, viewer };
}

export function requireViewer(ctx: GraphQLContext): Viewer {
  if (!ctx.viewer) throw createGraphQLError('Sign in to continue.', { extensions: { code: 'UNAUTHENTICATED' } });
  return ctx.viewer;
}

export function requireEditor(ctx: GraphQLContext): Viewer {
  const viewer = requireViewer(ctx);
  if (!canEdit(viewer.team)) throw createGraphQLError('Your role in this team is read-only.', { extensions: { code: 'FORBIDDEN' } });
  return viewer;
}

export const notFound = (what: string) => createGraphQLError(`${what} was not found in your team.`, { extensions: { code: 'NOT_FOUND' } });
export const badInput = (message: string, extra: Record<string, unknown> = {}) =>
  createGraphQLError(message, { extensions: { code: 'BAD_USER_INPUT', ...extra } });
