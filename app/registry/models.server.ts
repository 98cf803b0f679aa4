import { json, type AppLoadContext } from '@remix-run/node';
import { describeHyperparameters } from '~/canvas/model-card';
import { modelTitle } from '~/canvas/node-outputs';
import { learningCurveName } from '../../engine/training/model-families';
import { compareVersions } from '../../engine/registry/compare-versions';
import { changeStage, findVersion, listModels, listVersions, RegistryError, rollbackModel, setGates, stageHistory, findModel } from '../../db/queries/models';
import { modelStages, type ModelStage } from '../../db/schema';
import { canEdit } from '../../db/queries/teams';
import { requireViewer } from '~/session.server';
import { rollbackTarget } from './rollback-target';

type Ctx = { request: Request; context: AppLoadContext };

async function viewerOf({ request, context }: Ctx) {
  const viewer = await requireViewer(request, context);
  return { viewer, page: { email: viewer.user.email, teamName: viewer.team.name, canEdit: canEdit(viewer.team) } };
}

/** Registry refusals a page shows; NOT_FOUND becomes the app's 404 page. */
async function orNotFound<T>(work: () => Promise<T>): Promise<T> {
  try {
    return await work();
  } catch (error) {
    if (error instanceof RegistryError && error.code === 'NOT_FOUND') throw new Response(error.message, { status: 404 });
    throw error;
  }
}

export async function loadModelsList(ctx: Ctx) {
  const { viewer, page } = await viewerOf(ctx);
  return { viewer: page, models: await listModels(ctx.context.services.db, viewer.team.id) };
}

export async function loadModelPage(ctx: Ctx, name: string) {
  const { viewer, page } = await viewerOf(ctx);
  const { db } = ctx.context.services;
  const model = await findModel(db, viewer.team.id, name);
  if (!model) throw new Response(`No model named '${name}' is registered in this team.`, { status: 404 });
  const [versions, history] = await Promise.all([listVersions(db, model.id), stageHistory(db, model.id)]);
  const metricNames = [...new Set(versions.flatMap((v) => Object.keys(v.metrics)))].sort();
  return {
    viewer: page,
    model: { name: model.name, gateMetric: model.gateMetric, gateMinimum: model.gateMinimum, gateMustBeatProduction: model.gateMustBeatProduction },
    versions: versions.map((v) => ({ version: v.version, stage: v.stage, algorithm: modelTitle(v.algorithm), metrics: v.metrics, createdAt: v.createdAt.toISOString(), runId: v.runId })),
    history: history.map((h) => ({ ...h, at: h.at.toISOString(), actor: h.actorName ?? h.actorEmail ?? (h.actorTokenId ? 'API token' : 'someone') })),
    metricNames,
    // A model's versions learn one target, so one task names Train's score ('Training accuracy' or 'Training R²').
    task: versions[0]?.task,
    rollbackTo: rollbackTarget(history, versions.find((v) => v.stage === 'production')?.version),
  };
}

export async function loadVersionPage(ctx: Ctx, name: string, version: number) {
  const { viewer, page } = await viewerOf(ctx);
  const found = await orNotFound(() => findVersion(ctx.context.services.db, viewer.team.id, name, version));
  const v = found.version;
  return {
    viewer: page,
    model: { name: found.model.name },
    version: {
      version: v.version,
      stage: v.stage,
      algorithm: modelTitle(v.algorithm),
      task: v.task,
      target: v.target,
      classes: v.classes,
      metrics: v.metrics,
      hyperparameters: describeHyperparameters(v.algorithm, v.hyperparameters),
      /** What its training-history metrics are measured on ('Out-of-bag' for a bootstrapped forest). */
      curveName: learningCurveName(v.algorithm, v.hyperparameters),
      inputSchema: v.inputSchema,
      evaluation: v.evaluation,
      lineage: v.lineage,
      runId: v.runId,
      pipelineId: v.pipelineId,
      description: v.description,
      createdAt: v.createdAt.toISOString(),
    },
  };
}

export async function loadComparePage(ctx: Ctx, name: string) {
  const { viewer, page } = await viewerOf(ctx);
  const { db } = ctx.context.services;
  const model = await findModel(db, viewer.team.id, name);
  if (!model) throw new Response(`No model named '${name}' is registered in this team.`, { status: 404 });
  const versions = (await listVersions(db, model.id)).map((v) => v.version);
  const params = new URL(ctx.request.url).searchParams;
  const a = Number(params.get('a') ?? versions[1] ?? versions[0]);
  const b = Number(params.get('b') ?? versions[0]);
  if (versions.length === 0) return { viewer: page, model: { name }, versions, a: null, b: null, comparison: null };
  const [va, vb] = await orNotFound(() => Promise.all([findVersion(db, viewer.team.id, name, a), findVersion(db, viewer.team.id, name, b)]));
  return { viewer: page, model: { name }, versions, a, b, comparison: compareVersions(va.version, vb.version) };
}

export type RegistryActionResult = { ok: true; message: string } | { ok: false; message: string; problems?: string[] };

const numberOr = (value: FormDataEntryValue | null) => (typeof value === 'string' && value.trim() !== '' ? Number(value) : null);

/** The model and version pages' forms: stage changes, rollback, gates. Editors and above. */
export async function handleRegistryAction(ctx: Ctx, name: string) {
  const { viewer, page } = await viewerOf(ctx);
  if (!page.canEdit) return json<RegistryActionResult>({ ok: false, message: 'Your role in this team is read-only.' }, { status: 403 });
  const form = await ctx.request.formData();
  const { db } = ctx.context.services;
  const actor = { userId: viewer.user.id };
  const teamId = viewer.team.id;
  const reason = String(form.get('reason') ?? '');
  try {
    switch (form.get('intent')) {
      case 'stage': {
        const to = String(form.get('stage'));
        if (!(modelStages as readonly string[]).includes(to)) return json<RegistryActionResult>({ ok: false, message: `Unknown stage '${to}'.` }, { status: 400 });
        const version = Number(form.get('version'));
        const done = await changeStage(db, actor, { teamId, name, version, to: to as ModelStage, reason });
        const archived = done.archived ? ` Version ${done.archived} was archived.` : '';
        return json<RegistryActionResult>({ ok: true, message: `Version ${version} is now in ${to}.${archived}` });
      }
      case 'rollback': {
        const done = await rollbackModel(db, actor, { teamId, name, reason });
        return json<RegistryActionResult>({ ok: true, message: `Rolled back: version ${done.restored.version} is in production again${done.archived ? `, version ${done.archived} archived` : ''}.` });
      }
      case 'gates': {
        const metric = String(form.get('metric') ?? '').trim() || null;
        const minimum = numberOr(form.get('minimum'));
        if (minimum !== null && !Number.isFinite(minimum)) return json<RegistryActionResult>({ ok: false, message: 'The gate bound must be a number, e.g. 0.9.' }, { status: 400 });
        await setGates(db, actor, teamId, name, { metric, minimum, mustBeatProduction: form.get('mustBeatProduction') === 'on' });
        return json<RegistryActionResult>({ ok: true, message: 'Gates saved.' });
      }
      default:
        return json<RegistryActionResult>({ ok: false, message: 'Unknown action: reload the page and try again.' }, { status: 400 });
    }
  } catch (error) {
    if (error instanceof RegistryError) {
      return json<RegistryActionResult>({ ok: false, message: error.message, problems: error.problems }, { status: error.code === 'NOT_FOUND' ? 404 : 409 });
    }
    throw error;
  }
}
