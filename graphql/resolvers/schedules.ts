import { checkTimeZone, nextTicks, normalizeCron, ScheduleInputError } from '../../engine/schedule/cron';
import { describeSchedule } from '../../engine/schedule/presets';
import { findPipeline } from '../../db/queries/pipelines';
import * as queries from '../../db/queries/schedules';
import type { ListedSchedule, ScheduleFields } from '../../db/queries/schedules';
import { badInput, notFound, requireEditor, requireViewer, type GraphQLContext } from '../context';
import { readPage } from '../pagination';
import { batchLoaderOf } from '../request-batch';

type ScheduleInput = Omit<ScheduleFields, 'pinnedVersionId'> & { pinnedVersionId?: string | null };
const MAX_PREVIEW = 20;
/** More than this many schedules on one pipeline is a mistake, not a plan (and each fires its own runs). */
const MAX_PER_PIPELINE = 20;

/** Throws BAD_USER_INPUT naming the argument (cron or timezone) and how to fix it. */
function checked<T>(read: () => T): T {
  try {
    return read();
  } catch (error) {
    if (error instanceof ScheduleInputError) throw badInput(error.message, { argument: error.argument });
    throw error;
  }
}

async function readInput(ctx: GraphQLContext, pipelineId: string, input: ScheduleInput): Promise<ScheduleFields> {
  const cron = checked(() => normalizeCron(input.cron));
  const timezone = checked(() => checkTimeZone(input.timezone.trim()));
  let pinnedVersionId: string | null = null;
  if (input.versionMode === 'pinned') {
    if (!input.pinnedVersionId) throw badInput('Choose which version to pin (pinnedVersionId), or run the latest saved draft (versionMode: latest).', { argument: 'pinnedVersionId' });
    const version = await queries.findVersionOf(ctx.services.db, pipelineId, input.pinnedVersionId);
    if (!version) throw badInput(`Version ${input.pinnedVersionId} is not a version of this pipeline; pick one from its history.`, { argument: 'pinnedVersionId' });
    pinnedVersionId = version.id;
  }
  return { ...input, cron, timezone, pinnedVersionId };
}

async function listed(ctx: GraphQLContext, teamId: string, id: string) {
  const row = await queries.findListedSchedule(ctx.services.db, teamId, id);
  if (!row) throw notFound('Schedule');
  return row;
}

export const scheduleResolvers = {
  Query: {
    schedules: (_: unknown, args: { pipelineId?: string | null; limit?: number | null; offset?: number | null }, ctx: GraphQLContext) => {
      const { limit, offset } = readPage('Query.schedules', args);
      return queries.listSchedules(ctx.services.db, requireViewer(ctx).team.id, args.pipelineId ?? undefined).then((rows) => rows.slice(offset, offset + limit));
    },
    scheduleNextRuns: (_: unknown, args: { cron: string; timezone: string; count?: number | null }, ctx: GraphQLContext) => {
      requireViewer(ctx);
      const count = args.count ?? 5;
      if (count < 1 || count > MAX_PREVIEW) throw badInput(`count must be between 1 and ${MAX_PREVIEW} (got ${count}).`, { argument: 'count' });
      const cron = checked(() => normalizeCron(args.cron));
      const timezone = checked(() => checkTimeZone(args.timezone.trim()));
      return nextTicks(cron, timezone, new Date(), count);
    },
  },
  Mutation: {
    createSchedule: async (_: unknown, args: { pipelineId: string; input: ScheduleInput }, ctx: GraphQLContext) => {
      const viewer = requireEditor(ctx);
      const pipeline = await findPipeline(ctx.services.db, viewer.team.id, args.pipelineId);
      if (!pipeline) throw notFound('Pipeline');
      const existing = await queries.listSchedules(ctx.services.db, viewer.team.id, pipeline.id);
      if (existing.length >= MAX_PER_PIPELINE) throw badInput(`"${pipeline.name}" already has ${MAX_PER_PIPELINE} schedules; delete or edit one instead of adding another.`);
      const fields = await readInput(ctx, pipeline.id, args.input);
      const row = await queries.insertSchedule(ctx.services.db, { teamId: viewer.team.id, userId: viewer.user.id }, pipeline.id, fields);
      return listed(ctx, viewer.team.id, row.id);
    },
    updateSchedule: async (_: unknown, args: { id: string; input: ScheduleInput }, ctx: GraphQLContext) => {
      const viewer = requireEditor(ctx);
      const current = await queries.findSchedule(ctx.services.db, viewer.team.id, args.id);
      if (!current) throw notFound('Schedule');
      const fields = await readInput(ctx, current.pipelineId, args.input);
      await queries.updateSchedule(ctx.services.db, viewer.team.id, current.id, fields);
      return listed(ctx, viewer.team.id, current.id);
    },
    deleteSchedule: async (_: unknown, args: { id: string }, ctx: GraphQLContext) => {
      const viewer = requireEditor(ctx);
      if (!(await queries.deleteSchedule(ctx.services.db, viewer.team.id, args.id))) throw notFound('Schedule');
      return true;
    },
    pauseSchedule: (_: unknown, args: { id: string }, ctx: GraphQLContext) => setEnabled(ctx, args.id, false),
    resumeSchedule: (_: unknown, args: { id: string }, ctx: GraphQLContext) => setEnabled(ctx, args.id, true),
  },
  Schedule: {
    description: (s: ListedSchedule) => describeSchedule(s.cron, s.timezone),
    lastTick: async (s: ListedSchedule, _: unknown, ctx: GraphQLContext) =>
      (await batchLoaderOf(ctx, 'Schedule.lastTick', (ids: string[]) => queries.lastTicks(ctx.services.db, ids))(s.id)) ?? null,
    ticks: (s: ListedSchedule, args: { limit?: number | null }, ctx: GraphQLContext) => queries.listTicks(ctx.services.db, s.id, readPage('Schedule.ticks', args).limit),
  },
};

async function setEnabled(ctx: GraphQLContext, id: string, enabled: boolean) {
  const viewer = requireEditor(ctx);
  try {
    if (!(await queries.setScheduleEnabled(ctx.services.db, viewer.team.id, id, enabled))) throw notFound('Schedule');
  } catch (error) {
    // A schedule the system paused because its cron stopped parsing cannot resume until it is edited.
    if (error instanceof ScheduleInputError) throw badInput(`${error.message} Edit the schedule to fix it.`, { argument: error.argument });
    throw error;
  }
  return listed(ctx, viewer.team.id, id);
}
