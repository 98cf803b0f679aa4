import { and, asc, eq } from 'drizzle-orm';
import { isUuid } from '../../db/queries/pipelines';
import { nodeRuns, runs } from '../../db/schema';
import { GraphInvalidError, IdempotencyKeyReusedError, RerunError, startRun, type StartRunOptions } from '../../worker/run-lifecycle';
import { cancelRun, RunAlreadyFinishedError } from '../../worker/cancel-run';
import { badInput, notFound, requireEditor, requireViewer, type GraphQLContext } from '../context';
import { whileMember } from '../membership-guard';

type Run = typeof runs.$inferSelect;

const IDEMPOTENCY_KEY = /^[A-Za-z0-9_-]{8,128}$/;

async function findTeamRun(ctx: GraphQLContext, teamId: string, runId: string) {
  if (!isUuid(runId)) return undefined;
  const [run] = await ctx.services.db.select().from(runs).where(and(eq(runs.id, runId), eq(runs.teamId, teamId)));
  return run;
}

function checkedKey(key: string | null | undefined) {
  if (key != null && !IDEMPOTENCY_KEY.test(key)) {
    throw badInput('idempotencyKey must be 8 to 128 letters, digits, "-" or "_" (a UUID fits); send one new key per Run intent.', { argument: 'idempotencyKey' });
  }
  return key ?? undefined;
}

async function startOrExplain(ctx: GraphQLContext, viewer: { team: { id: string }; user: { id: string }; token?: unknown }, pipelineId: string, opts: StartRunOptions) {
  try {
    // A run a script starts with an API token is the Runs page's 'API' trigger; one started from the app, 'Manual'.
    const run = await startRun(ctx.services, { teamId: viewer.team.id, userId: viewer.user.id }, pipelineId, { ...opts, trigger: viewer.token ? 'api' : 'manual' });
    if (!run) throw notFound('Pipeline');
    return run;
  } catch (error) {
    if (error instanceof GraphInvalidError) throw badInput(error.message, { problems: error.problems });
    if (error instanceof IdempotencyKeyReusedError) throw badInput(error.message, { argument: 'idempotencyKey' });
    if (error instanceof RerunError) throw badInput(error.message, { argument: 'fromNodeId' });
    throw error;
  }
}

export const runResolvers = {
  Query: {
    run: (_: unknown, args: { id: string }, ctx: GraphQLContext) =>
      findTeamRun(ctx, requireViewer(ctx).team.id, args.id).then((r) => r ?? null),
  },
  Mutation: {
    startRun: async (_: unknown, args: { pipelineId: string; idempotencyKey?: string | null; force?: boolean | null }, ctx: GraphQLContext) => {
      const viewer = requireEditor(ctx);
      return startOrExplain(ctx, viewer, args.pipelineId, { idempotencyKey: checkedKey(args.idempotencyKey), force: args.force ?? false });
    },
    rerunRun: async (_: unknown, args: { runId: string; fromNodeId?: string | null; idempotencyKey?: string | null; force?: boolean | null }, ctx: GraphQLContext) => {
      const viewer = requireEditor(ctx);
      const earlier = await findTeamRun(ctx, viewer.team.id, args.runId);
      if (!earlier) throw notFound('Run');
      return startOrExplain(ctx, viewer, earlier.pipelineId, {
        idempotencyKey: checkedKey(args.idempotencyKey),
        force: args.force ?? false,
        versionId: earlier.pipelineVersionId,
        rerunOf: { runId: earlier.id, fromNodeId: args.fromNodeId ?? undefined },
      });
    },
    cancelRun: async (_: unknown, args: { runId: string }, ctx: GraphQLContext) => {
      const viewer = requireEditor(ctx);
      if (!isUuid(args.runId)) throw notFound('Run');
      try {
        const run = await cancelRun(ctx.services.db, { teamId: viewer.team.id, userId: viewer.user.id, name: viewer.user.name }, args.runId);
        if (!run) throw notFound('Run');
        return run;
      } catch (error) {
        if (error instanceof RunAlreadyFinishedError) throw badInput(error.message, { argument: 'runId', runStatus: error.status });
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
        return whileMember(ctx, viewer.team.id, ctx.services.runEvents.subscribe(args.runId, args.afterSeq ?? 0));
      },
      resolve: (event: unknown) => event,
    },
  },
  Run: {
    nodes: (run: Run, _: unknown, ctx: GraphQLContext) =>
      ctx.services.db.select().from(nodeRuns).where(eq(nodeRuns.runId, run.id)).orderBy(asc(nodeRuns.startedAt)),
  },
};
