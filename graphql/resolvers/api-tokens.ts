import { createApiToken, listApiTokens, revokeApiToken, type ApiTokenSummary } from '../../db/queries/api-tokens';
import { isUuid } from '../../db/queries/pipelines';
import { parseApiTokenInput } from '../../serving/api-token-input';
import { auditActor, badInput, notFound, requireRole, type GraphQLContext } from '../context';

const tokenFields = (t: ApiTokenSummary) => ({ ...t, createdBy: t.createdByName });

export const apiTokenResolvers = {
  Query: {
    async apiTokens(_: unknown, __: unknown, ctx: GraphQLContext) {
      const viewer = requireRole(ctx, 'admin');
      return (await listApiTokens(ctx.services.db, viewer.team.id)).map(tokenFields);
    },
  },
  Mutation: {
    async createApiToken(_: unknown, args: { name: string; scope: string; expiresInDays?: number | null; rateLimitPerMinute?: number | null }, ctx: GraphQLContext) {
      const viewer = requireRole(ctx, 'admin');
      const parsed = parseApiTokenInput(args);
      if (!parsed.ok) throw badInput(parsed.error, { argument: parsed.field });
      const { token, secret } = await createApiToken(ctx.services.db, { teamId: viewer.team.id, actor: { userId: viewer.user.id }, ...parsed.value });
      return { token: tokenFields(token), secret };
    },
    async revokeApiToken(_: unknown, args: { id: string }, ctx: GraphQLContext) {
      const viewer = requireRole(ctx, 'admin');
      const revoked = isUuid(args.id) ? await revokeApiToken(ctx.services.db, { teamId: viewer.team.id, actor: auditActor(viewer), id: args.id }) : undefined;
      if (!revoked) throw notFound('An unrevoked API token with that id');
      ctx.services.callers.forgetToken(revoked.id);
      return tokenFields(revoked);
    },
  },
};
