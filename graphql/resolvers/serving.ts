import { createGraphQLError } from 'graphql-yoga';
import { formatPredictions } from '../../engine/training/predict-records';
import type { VersionSelector } from '../../serving/served-version';
import { badInput, requireViewer, type GraphQLContext } from '../context';

type PredictArgs = { model: string; stage?: string | null; version?: number | null; records: unknown[] };

function selectorOf(args: PredictArgs): VersionSelector {
  if (args.stage != null && args.stage !== 'staging' && args.stage !== 'production') {
    throw badInput(`stage must be 'staging' or 'production', not '${args.stage}'.`, { argument: 'stage' });
  }
  return { stage: args.stage ?? undefined, version: args.version ?? undefined };
}

export const servingResolvers = {
  Query: {
    async predict(_: unknown, args: PredictArgs, ctx: GraphQLContext) {
      const viewer = requireViewer(ctx);
      const result = await ctx.services.predictions.predict(viewer.team.id, args.model, selectorOf(args), args.records);
      if (!result.ok) {
        const code = result.status === 404 ? 'NOT_FOUND' : 'BAD_USER_INPUT';
        throw createGraphQLError(result.errors.join(' '), { extensions: { code, problems: result.errors } });
      }
      const { version, batch } = result;
      return { model: version.modelName, version: version.version, stage: version.stage, warnings: batch.warnings, predictions: formatPredictions(batch.model, batch.predicted, batch.rows) };
    },
  },
};
