import { desc, eq } from 'drizzle-orm';
import { z } from 'zod';
import { pipelineGraphSchema } from '../../engine/graph-types';
import * as queries from '../../db/queries/pipelines';
import { runs } from '../../db/schema';
import { badInput, notFound, requireEditor, requireViewer, type GraphQLContext } from '../context';

type Pipeline = NonNullable<Awaited<ReturnType<typeof queries.findPipeline>>>;

const nameSchema = z.string().trim().min(1, 'Give the pipeline a name.').max(120, 'Pipeline names are limited to 120 characters.');

function parseName(name: string) {
  const parsed = nameSchema.safeParse(name);
  if (!parsed.success) throw badInput(parsed.error.issues[0]!.message);
  return parsed.data;
}

export const pipelineResolvers = {
  Query: {
    pipelines: (_: unknown, __: unknown, ctx: GraphQLContext) => queries.listPipelines(ctx.services.db, requireViewer(ctx).team.id),
    pipeline: (_: unknown, args: { id: string }, ctx: GraphQLContext) =>
      queries.findPipeline(ctx.services.db, requireViewer(ctx).team.id, args.id).then((p) => p ?? null),
  },
  Mutation: {
    createPipeline: (_: unknown, args: { name: string }, ctx: GraphQLContext) => {
      const viewer = requireEditor(ctx);
      return queries.createPipeline(ctx.services.db, viewer.team.id, viewer.user.id, parseName(args.name));
    },
    renamePipeline: async (_: unknown, args: { id: string; name: string }, ctx: GraphQLContext) => {
      const viewer = requireEditor(ctx);
      return (await queries.renamePipeline(ctx.services.db, viewer.team.id, args.id, parseName(args.name))) ?? Promise.reject(notFound('Pipeline'));
    },
    deletePipeline: async (_: unknown, args: { id: string }, ctx: GraphQLContext) => {
      const viewer = requireEditor(ctx);
      if (!(await queries.deletePipeline(ctx.services.db, viewer.team.id, args.id))) throw notFound('Pipeline');
      return true;
    },
    savePipelineGraph: async (_: unknown, args: { pipelineId: string; graph: unknown }, ctx: GraphQLContext) => {
      const viewer = requireEditor(ctx);
      const parsed = pipelineGraphSchema.safeParse(args.graph);
      if (!parsed.success) {
        const issue = parsed.error.issues[0]!;
        throw badInput(`The pipeline graph is malformed at ${issue.path.join('.') || 'its root'}: ${issue.message}`);
      }
      const saved = await queries.savePipelineGraph(ctx.services.db, viewer.team.id, args.pipelineId, parsed.data);
      if (!saved) throw notFound('Pipeline');
      return saved;
    },
  },
  Pipeline: {
    nodes: (p: Pipeline) => p.graph.nodes,
    runs: (p: Pipeline, args: { limit: number }, ctx: GraphQLContext) =>
      ctx.services.db
        .select()
        .from(runs)
        .where(eq(runs.pipelineId, p.id))
        .orderBy(desc(runs.createdAt))
        .limit(Math.min(Math.max(args.limit, 1), 100)),
  },
};
