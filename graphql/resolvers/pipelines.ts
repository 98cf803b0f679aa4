import { desc, eq } from 'drizzle-orm';
import { createGraphQLError } from 'graphql-yoga';
import { checkpointNameSchema, describeGraphIssue, pipelineGraphSchema, pipelineNameSchema, type PipelineGraph } from '../../engine/graph-types';
import { findPipelineVersion, listPipelineVersions } from '../../db/queries/pipeline-versions';
import * as queries from '../../db/queries/pipelines';
import { insertPipelineVersion } from '../../db/queries/pipelines';
import { runs } from '../../db/schema';
import { badInput, notFound, requireEditor, requireViewer, type GraphQLContext } from '../context';
import { readPage } from '../pagination';

type PageArgs = { limit?: number | null; offset?: number | null };
type Pipeline = NonNullable<Awaited<ReturnType<typeof queries.findPipeline>>>;

function parseName(name: string, schema = pipelineNameSchema) {
  const parsed = schema.safeParse(name);
  if (!parsed.success) throw badInput(parsed.error.issues[0]!.message);
  return parsed.data;
}

function parseGraph(graph: unknown) {
  const parsed = pipelineGraphSchema.safeParse(graph);
  if (parsed.success) return parsed.data;
  const problems = parsed.error.issues.slice(0, 20).map((issue) => describeGraphIssue(graph, issue));
  throw badInput(`The pipeline could not be saved. ${problems[0]!.message}`, { problems });
}

async function saveDraft(ctx: GraphQLContext, teamId: string, pipelineId: string, graph: PipelineGraph, baseRevision?: number | null) {
  const outcome = await queries.savePipelineGraph(ctx.services.db, teamId, pipelineId, graph, baseRevision ?? undefined);
  if (outcome.status === 'missing') throw notFound('Pipeline');
  if (outcome.status === 'conflict') {
    const { current } = outcome;
    throw createGraphQLError(
      `This pipeline was changed elsewhere (revision ${current.revision}) after revision ${baseRevision} that this save was based on. Merge the changes, or choose which to keep.`,
      { extensions: { code: 'CONFLICT', revision: current.revision, graph: current.graph, updatedAt: current.updatedAt.toISOString() } },
    );
  }
  return outcome.row;
}

async function requirePipeline(ctx: GraphQLContext, teamId: string, id: string) {
  const pipeline = await queries.findPipeline(ctx.services.db, teamId, id);
  if (!pipeline) throw notFound('Pipeline');
  return pipeline;
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
      if (!(await queries.deletePipeline(ctx.services.db, viewer.team.id, args.id, { userId: viewer.user.id }))) throw notFound('Pipeline');
      return true;
    },
    savePipelineGraph: (_: unknown, args: { pipelineId: string; graph: unknown; baseRevision?: number | null }, ctx: GraphQLContext) => {
      const viewer = requireEditor(ctx);
      return saveDraft(ctx, viewer.team.id, args.pipelineId, parseGraph(args.graph), args.baseRevision);
    },
    createCheckpoint: async (_: unknown, args: { pipelineId: string; name: string; graph?: unknown }, ctx: GraphQLContext) => {
      const viewer = requireEditor(ctx);
      const name = parseName(args.name, checkpointNameSchema);
      const graph = args.graph == null ? undefined : parseGraph(args.graph);
      const pipeline = await requirePipeline(ctx, viewer.team.id, args.pipelineId);
      const version = await ctx.services.db.transaction((tx) => insertPipelineVersion(tx, pipeline.id, graph ?? pipeline.graph, viewer.user.id, { checkpoint: { name } }));
      return { ...version, author: viewer.user.email, runId: null };
    },
    restorePipelineVersion: async (_: unknown, args: { pipelineId: string; version: number; baseRevision?: number | null }, ctx: GraphQLContext) => {
      const viewer = requireEditor(ctx);
      const pipeline = await requirePipeline(ctx, viewer.team.id, args.pipelineId);
      const version = await findPipelineVersion(ctx.services.db, pipeline.id, args.version);
      if (!version) throw notFound(`Version ${args.version} of this pipeline`);
      return saveDraft(ctx, viewer.team.id, pipeline.id, version.graph, args.baseRevision);
    },
  },
  Pipeline: {
    nodes: (p: Pipeline) => p.graph.nodes,
    runs: (p: Pipeline, args: PageArgs, ctx: GraphQLContext) => {
      const { limit, offset } = readPage('Pipeline.runs', args);
      return ctx.services.db.select().from(runs).where(eq(runs.pipelineId, p.id)).orderBy(desc(runs.createdAt)).limit(limit).offset(offset);
    },
    // The parent Pipeline was read within the viewer's team, so its versions are theirs too.
    versions: (p: Pipeline, args: PageArgs, ctx: GraphQLContext) => {
      const { limit, offset } = readPage('Pipeline.versions', args);
      return listPipelineVersions(ctx.services.db, p.id).limit(limit).offset(offset);
    },
  },
};
