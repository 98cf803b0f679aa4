import { requireViewer, badInput, type GraphQLContext } from '../context';
import { prepareUrlSources } from '../../worker/url-fetch/preview-hooks';
import { PREVIEW_WINDOW_MAX_ROWS } from '../preview-columns';
import { checkPreviewRequest } from '../preview-request';
import type { PreviewWindow } from '../preview-window';

type PreviewArgs = { pipelineId: string; graph: unknown; nodeId: string; sample?: unknown };
type PreviewRowsArgs = PreviewArgs & { port: string; part?: string | null; offset: number; limit: number };

export const previewResolvers = {
  Query: {
    // Read-only: viewers may preview what they may see. Node errors, time-outs and cancellations are values.
    preview: (_: unknown, args: PreviewArgs, ctx: GraphQLContext) => ctx.services.metrics.timePreview(() => computePreview(args, ctx)),
    // The same checks and thread as the preview: a window is read from the node's cached output.
    previewRows: (_: unknown, args: PreviewRowsArgs, ctx: GraphQLContext) => ctx.services.metrics.timePreview(() => computePreview(args, ctx, checkWindow(args))),
  },
};

async function computePreview(args: PreviewArgs, ctx: GraphQLContext, window?: PreviewWindow) {
  const viewer = requireViewer(ctx);
  const checked = await checkPreviewRequest(ctx.services.db, viewer.team.id, args);
  // URLs are revalidated here, outside the preview's time cap; the thread reads the very bytes seen here.
  const urlSources = await prepareUrlSources(ctx.services.urls, checked.graph, args.nodeId);
  const supersedeKey = `${viewer.user.id}|${args.pipelineId}|${args.nodeId}`;
  return ctx.services.previews.preview({
    ...checked,
    urlSources,
    // Windows never replace the preview or each other: a grid scrolled fast asks for several at once.
    supersedeKey: window ? `${supersedeKey}|rows|${window.port}|${window.part ?? ''}|${window.offset}|${window.limit}` : supersedeKey,
    pipelineId: args.pipelineId,
    nodeId: args.nodeId,
    window,
  });
}

export function checkWindow(args: Omit<PreviewRowsArgs, keyof PreviewArgs>): PreviewWindow {
  if (args.offset < 0) throw badInput(`offset must be 0 or more (it was ${args.offset}).`);
  if (args.limit < 1 || args.limit > PREVIEW_WINDOW_MAX_ROWS) throw badInput(`limit must be 1 to ${PREVIEW_WINDOW_MAX_ROWS} rows (it was ${args.limit}).`);
  const part = args.part ?? undefined;
  if (part !== undefined && part !== 'train' && part !== 'test') throw badInput(`part must be "train" or "test" for a split output, or left out (it was "${part}").`);
  return { port: args.port, part, offset: args.offset, limit: args.limit };
}
