import { createGraphQLError } from 'graphql-yoga';
import { compareVersions } from '../../engine/registry/compare-versions';
import { registerModelVersion } from '../../db/queries/model-registration';
import {
  changeStage,
  findModel,
  findVersion,
  listTeamModels,
  listVersions,
  RegistryError,
  rollbackModel,
  setGates,
  stageHistory,
  type Model,
  type ModelVersion,
} from '../../db/queries/models';
import { modelStages, type ModelStage } from '../../db/schema';
import { badInput, requireEditor, requireViewer, type GraphQLContext } from '../context';

/** Registry refusals become GraphQL errors with their code; a failed gate lists each shortfall in `problems`. */
async function asGraphQL<T>(work: () => Promise<T>): Promise<T> {
  try {
    return await work();
  } catch (error) {
    if (error instanceof RegistryError) throw createGraphQLError(error.message, { extensions: { code: error.code, problems: error.problems } });
    throw error;
  }
}

const versionView = (modelName: string, v: ModelVersion) => ({ ...v, model: modelName });

function parseStage(stage: string): ModelStage {
  if (!(modelStages as readonly string[]).includes(stage)) throw badInput(`stage must be one of ${modelStages.join(', ')}, not '${stage}'.`, { argument: 'stage' });
  return stage as ModelStage;
}

const actorOf = (ctx: GraphQLContext) => ({ userId: requireEditor(ctx).user.id });

export const registryResolvers = {
  Query: {
    models(_: unknown, __: unknown, ctx: GraphQLContext) {
      return listTeamModels(ctx.services.db, requireViewer(ctx).team.id);
    },
    model(_: unknown, args: { name: string }, ctx: GraphQLContext) {
      return findModel(ctx.services.db, requireViewer(ctx).team.id, args.name).then((m) => m ?? null);
    },
    async modelVersion(_: unknown, args: { model: string; version: number }, ctx: GraphQLContext) {
      const teamId = requireViewer(ctx).team.id;
      try {
        const found = await findVersion(ctx.services.db, teamId, args.model, args.version);
        return versionView(found.model.name, found.version);
      } catch (error) {
        if (error instanceof RegistryError && error.code === 'NOT_FOUND') return null;
        throw error;
      }
    },
    compareModelVersions(_: unknown, args: { model: string; a: number; b: number }, ctx: GraphQLContext) {
      const teamId = requireViewer(ctx).team.id;
      return asGraphQL(async () => {
        const [a, b] = await Promise.all([findVersion(ctx.services.db, teamId, args.model, args.a), findVersion(ctx.services.db, teamId, args.model, args.b)]);
        return compareVersions(a.version, b.version);
      });
    },
  },
  Mutation: {
    registerModel(_: unknown, args: { runId: string; nodeId: string; name: string; description?: string | null }, ctx: GraphQLContext) {
      const viewer = requireEditor(ctx);
      return asGraphQL(async () => {
        const { model, version } = await registerModelVersion(ctx.services, { teamId: viewer.team.id, actor: { userId: viewer.user.id }, ...args, name: args.name.trim() });
        return versionView(model.name, version);
      });
    },
    setModelStage(_: unknown, args: { model: string; version: number; stage: string; reason?: string | null }, ctx: GraphQLContext) {
      const actor = actorOf(ctx);
      const to = parseStage(args.stage);
      return asGraphQL(async () => {
        const { model, version } = await changeStage(ctx.services.db, actor, { teamId: requireViewer(ctx).team.id, name: args.model, version: args.version, to, reason: args.reason });
        // Read your writes: this process serves the new stage before answering; others follow the NOTIFY.
        await ctx.services.predictions.refresh(model.id);
        return versionView(model.name, version);
      });
    },
    rollbackModel(_: unknown, args: { model: string; reason?: string | null }, ctx: GraphQLContext) {
      const actor = actorOf(ctx);
      return asGraphQL(async () => {
        const { model, restored } = await rollbackModel(ctx.services.db, actor, { teamId: requireViewer(ctx).team.id, name: args.model, reason: args.reason });
        await ctx.services.predictions.refresh(model.id);
        return versionView(model.name, restored);
      });
    },
    setModelGates(_: unknown, args: { model: string; metric?: string | null; minimum?: number | null; mustBeatProduction: boolean }, ctx: GraphQLContext) {
      const actor = actorOf(ctx);
      const gates = { metric: args.metric?.trim() || null, minimum: args.minimum ?? null, mustBeatProduction: args.mustBeatProduction };
      return asGraphQL(() => setGates(ctx.services.db, actor, requireViewer(ctx).team.id, args.model, gates));
    },
  },
  RegisteredModel: {
    versions: (model: Model, _: unknown, ctx: GraphQLContext) => listVersions(ctx.services.db, model.id).then((rows) => rows.map((v) => versionView(model.name, v))),
    latestVersion: (model: Model, _: unknown, ctx: GraphQLContext) => listVersions(ctx.services.db, model.id).then((rows) => rows[0]?.version ?? null),
    productionVersion: (model: Model, _: unknown, ctx: GraphQLContext) =>
      listVersions(ctx.services.db, model.id).then((rows) => rows.find((v) => v.stage === 'production')?.version ?? null),
    history: (model: Model, _: unknown, ctx: GraphQLContext) =>
      stageHistory(ctx.services.db, model.id).then((rows) => rows.map((r) => ({ ...r, actor: r.actorName ?? r.actorEmail ?? (r.actorTokenId ? 'API token' : null) }))),
  },
};
