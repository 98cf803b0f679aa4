import { findPipeline } from '../../db/queries/pipelines';
import { findTeamRunDetails, listTeamRuns, readRunListFilter, type RunDetails } from '../../db/queries/run-list';
import type { runs } from '../../db/schema';
import { badInput, notFound, requireViewer, type GraphQLContext } from '../context';
import { readPage } from '../pagination';
import { whileMember } from '../membership-guard';

type RunRow = typeof runs.$inferSelect;
/** Other resolvers hand over plain rows; the runs list and its feed hand over rows with their details. */
type RunParent = RunRow | RunDetails;

const hasDetails = (run: RunParent): run is RunDetails => 'pipelineName' in run;

/**
 * Loads the details of plain run rows, one query for all the rows resolved in the same tick (a pipeline's
 * page of runs asks for each one's number at once).
 */
function createDetailsLoader(db: GraphQLContext['services']['db']) {
  type Waiter = { resolve(d: RunDetails | undefined): void; reject(error: unknown): void };
  type Batch = Map<string, { teamId: string; waiters: Waiter[] }>;
  let batch: Batch | undefined;
  async function flush(current: Batch) {
    const byTeam = new Map<string, string[]>();
    current.forEach(({ teamId }, id) => byTeam.set(teamId, [...(byTeam.get(teamId) ?? []), id]));
    try {
      const found = (await Promise.all([...byTeam].map(([teamId, ids]) => findTeamRunDetails(db, teamId, ids)))).flat();
      const byId = new Map(found.map((d) => [d.id, d]));
      current.forEach((entry, id) => entry.waiters.forEach((w) => w.resolve(byId.get(id))));
    } catch (error) {
      current.forEach((entry) => entry.waiters.forEach((w) => w.reject(error)));
    }
  }
  return (run: RunRow) =>
    new Promise<RunDetails | undefined>((resolve, reject) => {
      if (!batch) {
        const current: Batch = (batch = new Map());
        queueMicrotask(() => {
          batch = undefined;
          void flush(current);
        });
      }
      const entry = batch.get(run.id) ?? { teamId: run.teamId, waiters: [] };
      entry.waiters.push({ resolve, reject });
      batch.set(run.id, entry);
    });
}

const loaders = new WeakMap<GraphQLContext, ReturnType<typeof createDetailsLoader>>();

async function detailsOf(run: RunParent, ctx: GraphQLContext): Promise<RunDetails> {
  if (hasDetails(run)) return run;
  let load = loaders.get(ctx);
  if (!load) loaders.set(ctx, (load = createDetailsLoader(ctx.services.db)));
  const details = await load(run);
  if (!details) throw notFound('Run');
  return details;
}

const detail =
  <K extends keyof RunDetails>(key: K) =>
  (run: RunParent, _: unknown, ctx: GraphQLContext) =>
    detailsOf(run, ctx).then((d) => d[key]);

/** A finished run's duration, a running one's so far; null before it starts. */
function durationMs(run: RunRow) {
  if (!run.startedAt) return null;
  if (run.finishedAt) return run.finishedAt.getTime() - run.startedAt.getTime();
  return run.status === 'running' || run.status === 'queued' ? Date.now() - run.startedAt.getTime() : null;
}

type RunsArgs = { pipelineId?: string | null; status?: string | null; trigger?: string | null; limit?: number | null; offset?: number | null };

export const runListResolvers = {
  Query: {
    runs: async (_: unknown, args: RunsArgs, ctx: GraphQLContext) => {
      const viewer = requireViewer(ctx);
      const page = readPage('Query.runs', args);
      const read = readRunListFilter(args);
      if ('error' in read) throw badInput(read.error, { argument: read.argument });
      if (read.filter.pipelineId && !(await findPipeline(ctx.services.db, viewer.team.id, read.filter.pipelineId))) throw notFound('Pipeline');
      const { runs: list, total } = await listTeamRuns(ctx.services.db, viewer.team.id, read.filter, page);
      return { runs: list, total, hasMore: page.offset + list.length < total };
    },
  },
  Subscription: {
    teamRunUpdates: {
      // The hub reads every run back by the subscriber's team, so the team check happens per event.
      subscribe: (_: unknown, __: unknown, ctx: GraphQLContext) => {
        const teamId = requireViewer(ctx).team.id;
        return whileMember(ctx, teamId, ctx.services.teamRuns.subscribe(teamId));
      },
      resolve: (run: RunDetails) => run,
    },
  },
  Run: {
    number: detail('number'),
    pipelineName: detail('pipelineName'),
    pipelineVersion: detail('pipelineVersion'),
    startedBy: detail('starter'),
    schedule: detail('schedule'),
    durationMs,
  },
};
