import { notFound, requireViewer, type GraphQLContext } from '../context';
import { RawJson } from '../raw-json';
import { findNodeOutputs, serializeRunOutput, serializeRunOutputRows } from '../run-output';
import { checkWindow } from './preview';

type RunOutputArgs = { runId: string; nodeId: string };
type RunOutputRowsArgs = RunOutputArgs & { port: string; part?: string | null; offset: number; limit: number };

async function nodeOutputs(ctx: GraphQLContext, args: RunOutputArgs) {
  const viewer = requireViewer(ctx);
  const found = await findNodeOutputs(ctx.services.db, viewer.team.id, args.runId, args.nodeId);
  if (!found) throw notFound(`Step '${args.nodeId}' of run ${args.runId}`);
  return found;
}

export const runOutputResolvers = {
  Query: {
    runOutput: async (_: unknown, args: RunOutputArgs, ctx: GraphQLContext) => {
      const node = await nodeOutputs(ctx, args);
      if (node.status === 'unavailable') return node;
      return new RawJson(await serializeRunOutput(ctx.services.blobs, node, ctx.services.previews.caps));
    },
    runOutputRows: async (_: unknown, args: RunOutputRowsArgs, ctx: GraphQLContext) => {
      // Arguments first: a malformed window says so whatever the run.
      const window = checkWindow(args);
      const node = await nodeOutputs(ctx, args);
      if (node.status === 'unavailable') return node;
      return new RawJson(await serializeRunOutputRows(ctx.services.blobs, node, window, ctx.services.previews.caps));
    },
  },
};
