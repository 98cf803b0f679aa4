import { requireViewer, type GraphQLContext } from '../context';
import { prepareUrlSources } from '../../worker/url-fetch/preview-hooks';
import { checkPreviewRequest } from '../preview-request';

type PreviewArgs = { pipelineId: string; graph: unknown; nodeId: string; sample?: unknown };

export const previewResolvers = {
  Query: {
    // Read-only: viewers may preview what they may see. Node errors, time-outs and cancellations are values.
    preview: async (_: unknown, args: PreviewArgs, ctx: GraphQLContext) => {
      const viewer = requireViewer(ctx);
      const checked = await checkPreviewRequest(ctx.services.db, viewer.team.id, args);
      // URLs are revalidated here, outside the preview's time cap; the thread reads the very bytes seen here.
      const urlSources = await prepareUrlSources(ctx.services.urls, checked.graph, args.nodeId);
      return ctx.services.previews.preview({
        ...checked,
        urlSources,
        supersedeKey: `${viewer.user.id}|${args.pipelineId}|${args.nodeId}`,
        pipelineId: args.pipelineId,
        nodeId: args.nodeId,
      });
    },
  },
};
