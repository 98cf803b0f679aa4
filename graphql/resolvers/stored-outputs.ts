import { createGraphQLError } from 'graphql-yoga';
import { deleteOutputs, readStoredOutputs, setRetention, StoredOutputsError } from '../../app/stored-outputs.server';
import { findPipeline } from '../../db/queries/pipelines';
import { notFound, requireViewer, type GraphQLContext } from '../context';

const asGraphQLError = (error: unknown) => {
  if (!(error instanceof StoredOutputsError)) return error;
  return error.code === 'NOT_FOUND' ? notFound('Pipeline') : createGraphQLError(error.message, { extensions: { code: error.code } });
};

const usage = (u: { count: number; bytes: number; retentionDays: number }) => ({ entries: u.count, bytes: u.bytes, retentionDays: u.retentionDays });

export const storedOutputResolvers = {
  Query: {
    storedOutputs: async (_: unknown, args: { pipelineId?: string | null }, ctx: GraphQLContext) => {
      const viewer = requireViewer(ctx);
      if (args.pipelineId && !(await findPipeline(ctx.services.db, viewer.team.id, args.pipelineId))) throw notFound('Pipeline');
      return usage(await readStoredOutputs(ctx.services, viewer.team.id, args.pipelineId ?? undefined));
    },
  },
  Mutation: {
    setOutputRetention: async (_: unknown, args: { days: number }, ctx: GraphQLContext) => {
      const viewer = requireViewer(ctx);
      try {
        await setRetention(ctx.services, viewer, args.days);
      } catch (error) {
        throw asGraphQLError(error);
      }
      return usage(await readStoredOutputs(ctx.services, viewer.team.id));
    },
    deleteStoredOutputs: async (_: unknown, args: { pipelineId?: string | null }, ctx: GraphQLContext) => {
      const viewer = requireViewer(ctx);
      try {
        const freed = await deleteOutputs(ctx.services, viewer, args.pipelineId ?? undefined);
        const { retentionDays } = await readStoredOutputs(ctx.services, viewer.team.id);
        return { entries: freed.count, bytes: freed.bytes, retentionDays };
      } catch (error) {
        throw asGraphQLError(error);
      }
    },
  },
};
