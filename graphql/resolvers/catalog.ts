import { createGraphQLError } from 'graphql-yoga';
import { describeNodeTypes } from '../../engine/registry';
import { datasetRefSchema } from '../../engine/nodes/dataset';
import type { DatasetOption } from '../../worker/datasets';
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
    datasetSchema: (_: unknown, args: { ref: unknown }, ctx: GraphQLContext) => {
      const teamId = requireViewer(ctx).team.id;
      const ref = datasetRefSchema.safeParse(args.ref);
      if (!ref.success) {
        const message = 'ref must be a dataset reference: {"source": "sample", "name": …} or {"source": "upload", "datasetVersionId": …}.';
        throw createGraphQLError(message, { extensions: { code: 'BAD_USER_INPUT' } });
      }
      return ctx.services.datasets.datasetSchema(teamId, ref.data);
    },
  },
  DatasetOption: {
    // Never loaded here: one list could otherwise pull hundreds of wide schemas (megabytes each) at once.
    schema: (option: DatasetOption) => (option.ref.source === 'sample' ? option.schema : null),
  },
};
