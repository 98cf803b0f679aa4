import { describeNodeTypes } from '../../engine/registry';
import { requireViewer, type GraphQLContext } from '../context';
import { readPage } from '../pagination';

export const catalogResolvers = {
  Query: {
    me: (_: unknown, __: unknown, ctx: GraphQLContext) =>
      ctx.viewer ? { id: ctx.viewer.user.id, email: ctx.viewer.user.email, name: ctx.viewer.user.name, team: ctx.viewer.team } : null,
    nodeTypes: () => describeNodeTypes(),
    datasets: async (_: unknown, args: { limit?: number | null; offset?: number | null }, ctx: GraphQLContext) => {
      const { limit, offset } = readPage('Query.datasets', args);
      return (await ctx.services.datasets.listOptions(requireViewer(ctx).team.id)).slice(offset, offset + limit);
    },
  },
};
