import { and, asc, eq } from 'drizzle-orm';
import { isUuid } from '../../db/queries/pipelines';
import { nodeRuns, runs } from '../../db/schema';
import { GraphInvalidError, IdempotencyKeyReusedError, startRun } from '../../worker/run-lifecycle';
import { badInput, notFound, requireEditor, requireViewer, type GraphQLContext } from '../context';

type Run = typeof runs.$inferSelect;

const IDEMPOTENCY_KEY = /^[A-Za-z0-9_-]{8,128}$/;

async function findTeamRun(ctx: GraphQLContext, teamId: string, runId: string) {
  if (!isUuid(runId)) return undefined;
  const [run] = await ctx.services.db.select().from(runs).where(and(eq(runs.id, runId), eq(runs.teamId, teamId)));
  return run;
}

export const runResolvers = {
  Query: {
    run: (_: unknown, args: { id: string }, ctx: GraphQLContext) =>
      findTeamRun(ctx, requireViewer(ctx).team.id, args.id).then((r) => r ?? null),
  },
  Mutation: {
    startRun: async (_: unknown, args: { pipelineId: string; idempotencyKey?: string | null }, ctx: GraphQLContext) => {
      const viewer = requireEditor(ctx);
      const key = args.idempotencyKey ?? undefined;
      if (key !== undefined && !IDEMPOTENCY_KEY.test(key)) {
        throw badInput('idempotencyKey must be 8 to 128 letters, digits, "-" or "_" (a UUID fits); send one new key per Run intent.', { argument: 'idempotencyKey' });
      }
      try {
        const run = await startRun(ctx.services, { teamId: viewer.team.id, userId: viewer.user.id }, args.pipelineId, key);
        if (!run) throw notFound('Pipeline');
        return run;
      } catch (error) {
        if (error instanceof GraphInvalidError) throw badInput(error.message, { problems: error.problems });
        if (error instanceof IdempotencyKeyReusedError) throw badInput(error.message, { argument: 'idempotencyKey' });
        throw error;
      }
    },
  },
  Subscription: {
    runEvents: {
      // Hands graphql-ws the hub's iterator itself, so unsubscribing reaches it directly.
      subscribe: async (_: unknown, args: { runId: string; afterSeq?: number | null }, ctx: GraphQLContext) => {
        const viewer = requireViewer(ctx);
        if (!(await findTeamRun(ctx, viewer.team.id, args.runId))) throw notFound('Run');
        return ctx.services.runEvents.subscribe(args.runId, args.afterSeq ?? 0);
      },
      resolve: (event: unknown) => event,
    },
  },
  Run: {
    nodes: (run: Run, _: unknown, ctx: GraphQLContext) =>
      ctx.services.db.select().from(nodeRuns).where(eq(nodeRuns.runId, run.id)).orderBy(asc(nodeRuns.startedAt)),
  },
};
