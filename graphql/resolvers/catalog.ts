import { createGraphQLError } from 'graphql-yoga';
import { z } from 'zod';
import { URL_FORMATS } from '../../engine/define-node';
import { describeNodeTypes } from '../../engine/registry';
import { datasetRefSchema } from '../../engine/nodes/dataset';
import type { DatasetOption } from '../../worker/datasets';
import { requireViewer, type GraphQLContext } from '../context';
import { readPage } from '../pagination';

/** What a Fetch node reads; the address checks happen when it is fetched, like on a run. */
const anyRefSchema = z.union([
  datasetRefSchema,
  z.object({ source: z.literal('url'), url: z.string().trim().min(1).max(8192), format: z.enum(URL_FORMATS).default('auto') }),
]);

export const catalogResolvers = {
  Query: {
    me: (_: unknown, __: unknown, ctx: GraphQLContext) =>
      ctx.viewer ? { id: ctx.viewer.user.id, email: ctx.viewer.user.email, name: ctx.viewer.user.name, team: ctx.viewer.team } : null,
    nodeTypes: () => describeNodeTypes(),
    datasets: async (_: unknown, args: { limit?: number | null; offset?: number | null }, ctx: GraphQLContext) => {
      const { limit, offset } = readPage('Query.datasets', args);
      return (await ctx.services.datasets.listOptions(requireViewer(ctx).team.id)).slice(offset, offset + limit);
    },
    datasetSchema: async (_: unknown, args: { ref: unknown }, ctx: GraphQLContext) => {
      const teamId = requireViewer(ctx).team.id;
      const ref = anyRefSchema.safeParse(args.ref);
      if (!ref.success) {
        const message =
          'ref must be a dataset reference: {"source": "sample", "name": …}, {"source": "upload", "datasetVersionId": …} or {"source": "url", "url": …, "format": "auto"}.';
        throw createGraphQLError(message, { extensions: { code: 'BAD_USER_INPUT' } });
      }
      try {
        return await ctx.services.datasets.datasetSchema(teamId, ref.data);
      } catch (error) {
        // A URL that cannot be fetched or read (refused address, 404, bad CSV) is a message for its node.
        // By name: services' UserError may come from another copy of the module than this bundle's.
        if (error instanceof Error && error.name === 'UserError') throw createGraphQLError(error.message, { extensions: { code: 'BAD_USER_INPUT' } });
        throw error;
      }
    },
  },
  DatasetOption: {
    // Never loaded here: one list could otherwise pull hundreds of wide schemas (megabytes each) at once.
    schema: (option: DatasetOption) => (option.ref.source === 'sample' ? option.schema : null),
  },
};
