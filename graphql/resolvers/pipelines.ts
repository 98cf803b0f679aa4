import { desc, eq } from 'drizzle-orm';
import { describeGraphIssue, pipelineGraphSchema, pipelineNameSchema } from '../../engine/graph-types';
import * as queries from '../../db/queries/pipelines';
import { runs } from '../../db/schema';
import { badInput, notFound, requireEditor, requireViewer, type GraphQLContext } from '../context';
import { readPage } from '../pagination';

type PageArgs = { limit?: number | null; offset?: number | null };
type Pipeline = NonNullable<Awaited<ReturnType<typeof queries.findPipeline>>>;

function parseName(name: string) {
  const parsed = pipelineNameSchema.safeParse(name);
  if (!parsed.success) throw badInput(parsed.error.issues[0]!.message);
  return parsed.data;
}

export const pipelineResolvers = {
  Query: {
    pipelines: (_: unknown, args: PageArgs, ctx: GraphQLContext) => {
      const { limit, offset } = readPage('Query.pipelines', args);
      return queries.listPipelines(ctx.services.db, requireViewer(ctx).team.id).limit(limit).offset(offset);
    },
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
        const problems = parsed.error.issues.slice(0, 20).map((issue) => describeGraphIssue(args.graph, issue));
        throw badInput(`The pipeline could not be saved. ${problems[0]!.message}`, { problems });
      }
      const saved = await queries.savePipelineGraph(ctx.services.db, viewer.team.id, args.pipelineId, parsed.data);
      if (!saved) throw notFound('Pipeline');
      return saved;
    },
  },
  Pipeline: {
    nodes: (p: Pipeline) => p.graph.nodes,
    runs: (p: Pipeline, args: PageArgs, ctx: GraphQLContext) => {
      const { limit, offset } = readPage('Pipeline.runs', args);
      return ctx.services.db.select().from(runs).where(eq(runs.pipelineId, p.id)).orderBy(desc(runs.createdAt)).limit(limit).offset(offset);
    },
  },
};
