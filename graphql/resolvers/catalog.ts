import { describeNodeTypes } from '../../engine/registry';
import { requireViewer, type GraphQLContext } from '../context';

export const catalogResolvers = {
  Query: {
    me: (_: unknown, __: unknown, ctx: GraphQLContext) =>
      ctx.viewer ? { id: ctx.viewer.user.id, email: ctx.viewer.user.email, name: ctx.viewer.user.name, team: ctx.viewer.team } : null,
    nodeTypes: () => describeNodeTypes(),
    datasets: (_: unknown, __: unknown, ctx: GraphQLContext) => ctx.services.datasets.listOptions(requireViewer(ctx).team.id),
  },
};
