import { aliasedTable, and, asc, desc, eq, ne, sql } from 'drizzle-orm';
import { checkGateSettings, checkPromotionGates, type PromotionGates } from '../../engine/registry/gates';
import type { Db, Tx } from '../client';
import { models, modelStageChanges, modelVersions, users, type ModelStage } from '../schema';
import { recordAudit, type AuditActor } from './audit';

/** Serving processes LISTEN here and reload the served version of the model whose id arrives. */
export const MODEL_STAGE_CHANNEL = 'pipewright_model_stages';

/** An expected refusal: `code` is the GraphQL extensions code; GATE refusals carry every failing gate. */
export class RegistryError extends Error {
  constructor(
    message: string,
    readonly code: 'BAD_USER_INPUT' | 'NOT_FOUND' | 'CONFLICT' | 'GATE_FAILED',
    readonly problems: string[] = [],
  ) {
    super(message);
  }
}

export type Model = typeof models.$inferSelect;
export type ModelVersion = typeof modelVersions.$inferSelect;
type Actor = AuditActor & { userId: string | null };

/** The metric a model is summarised by: its gate's, else the task's usual one, when the version has it. */
export function keyMetricOf(model: Pick<Model, 'gateMetric'>, version: Pick<ModelVersion, 'metrics' | 'task'>) {
  const names = [model.gateMetric, version.task === 'classification' ? 'accuracy' : 'r2', 'metric'];
  const name = names.find((n): n is string => !!n && version.metrics[n] !== undefined);
  return name ? { name, value: version.metrics[name]! } : null;
}

/** The team's models, most recently changed first, each with its latest and production versions. */
export async function listModels(db: Db, teamId: string) {
  const rows = await db.select().from(models).where(eq(models.teamId, teamId));
  const versions = rows.length
    ? await db
        .select()
        .from(modelVersions)
        .where(sql`${modelVersions.modelId} in (select id from ${models} where ${models.teamId} = ${teamId})`)
        .orderBy(desc(modelVersions.version))
    : [];
  const changes = await db
    .select({ modelId: modelStageChanges.modelId, at: sql<Date>`max(${modelStageChanges.at})`.mapWith((v) => new Date(v)) })
    .from(modelStageChanges)
    .innerJoin(models, eq(models.id, modelStageChanges.modelId))
    .where(eq(models.teamId, teamId))
    .groupBy(modelStageChanges.modelId);
  return rows
    .map((model) => {
      const own = versions.filter((v) => v.modelId === model.id);
      const latest = own[0];
      const production = own.find((v) => v.stage === 'production');
      const changedAt = changes.find((c) => c.modelId === model.id)?.at;
      const updatedAt = [model.createdAt, latest?.createdAt, changedAt].filter((d): d is Date => !!d).sort((a, b) => b.getTime() - a.getTime())[0]!;
      return {
        id: model.id,
        name: model.name,
        versions: own.length,
        latestVersion: latest?.version ?? null,
        productionVersion: production?.version ?? null,
        keyMetric: production ? keyMetricOf(model, production) : latest ? keyMetricOf(model, latest) : null,
        updatedAt,
      };
    })
    .sort((a, b) => b.updatedAt.getTime() - a.updatedAt.getTime());
}

/** The team's model rows, by name. */
export async function listTeamModels(db: Db, teamId: string) {
  return db.select().from(models).where(eq(models.teamId, teamId)).orderBy(asc(models.name));
}

export async function findModel(db: Db | Tx, teamId: string, name: string) {
  const [model] = await db.select().from(models).where(and(eq(models.teamId, teamId), eq(models.name, name)));
  return model;
}

async function requireModel(db: Db | Tx, teamId: string, name: string, lock = false) {
  const query = db.select().from(models).where(and(eq(models.teamId, teamId), eq(models.name, name)));
  const [model] = lock ? await query.for('update') : await query;
  if (!model) throw new RegistryError(`No model named '${name}' is registered in this team.`, 'NOT_FOUND');
  return model;
}

export async function listVersions(db: Db | Tx, modelId: string) {
  return db.select().from(modelVersions).where(eq(modelVersions.modelId, modelId)).orderBy(desc(modelVersions.version));
}

export async function findVersion(db: Db | Tx, teamId: string, name: string, version: number) {
  const model = await requireModel(db, teamId, name);
  const [row] = await db.select().from(modelVersions).where(and(eq(modelVersions.modelId, model.id), eq(modelVersions.version, version)));
  if (!row) throw new RegistryError(`Model '${name}' has no version ${version}.`, 'NOT_FOUND');
  return { model, version: row };
}

/** Every stage change of a model, newest first, with the version number and who made it. */
export async function stageHistory(db: Db | Tx, modelId: string) {
  return db
    .select({
      id: modelStageChanges.id,
      version: modelVersions.version,
      fromStage: modelStageChanges.fromStage,
      toStage: modelStageChanges.toStage,
      reason: modelStageChanges.reason,
      at: modelStageChanges.at,
      actorName: users.name,
      actorEmail: users.email,
      actorTokenId: modelStageChanges.actorTokenId,
    })
    .from(modelStageChanges)
    .innerJoin(modelVersions, eq(modelVersions.id, modelStageChanges.versionId))
    .leftJoin(users, eq(users.id, modelStageChanges.actorUserId))
    .where(eq(modelStageChanges.modelId, modelId))
    .orderBy(desc(modelStageChanges.at), desc(modelStageChanges.id));
}

export async function setGates(db: Db, actor: Actor, teamId: string, name: string, gates: PromotionGates) {
  const problem = checkGateSettings(gates);
  if (problem) throw new RegistryError(problem, 'BAD_USER_INPUT');
  return db.transaction(async (tx) => {
    const model = await requireModel(tx, teamId, name, true);
    const [updated] = await tx
      .update(models)
      .set({ gateMetric: gates.metric, gateMinimum: gates.minimum, gateMustBeatProduction: gates.mustBeatProduction })
      .where(eq(models.id, model.id))
      .returning();
    await recordAudit(tx, { teamId, actor, action: 'model.gates_changed', target: { type: 'model', id: model.id, name }, details: { ...gates } });
    return updated!;
  });
}

const STAGE_RANK: Record<ModelStage, number> = { none: 0, archived: 0, staging: 1, production: 2 };

async function moveStage(tx: Tx, actor: Actor, model: Model, version: ModelVersion, to: ModelStage, reason: string | null) {
  await tx.update(modelVersions).set({ stage: to }).where(eq(modelVersions.id, version.id));
  await tx.insert(modelStageChanges).values({ modelId: model.id, versionId: version.id, fromStage: version.stage, toStage: to, actorUserId: actor.userId, actorTokenId: actor.tokenId ?? null, reason });
}

const notifyServing = (tx: Tx, modelId: string) => tx.execute(sql`select pg_notify(${MODEL_STAGE_CHANNEL}, ${modelId})`);

async function productionOf(tx: Tx, modelId: string) {
  const [row] = await tx.select().from(modelVersions).where(and(eq(modelVersions.modelId, modelId), eq(modelVersions.stage, 'production')));
  return row;
}

export type StageChange = { teamId: string; name: string; version: number; to: ModelStage; reason?: string | null };

/**
 * Moves a version to another stage. Into production it must pass the model's gates, and the version it
 * replaces is archived (as MLflow does: staging is for candidates, not retired versions). One transaction
 * records the stage changes, the audit entry, and NOTIFYs serving processes.
 */
export async function changeStage(db: Db, actor: Actor, change: StageChange) {
  const reason = change.reason?.trim() || null;
  return db.transaction(async (tx) => {
    const model = await requireModel(tx, change.teamId, change.name, true);
    const [version] = await tx.select().from(modelVersions).where(and(eq(modelVersions.modelId, model.id), eq(modelVersions.version, change.version)));
    if (!version) throw new RegistryError(`Model '${change.name}' has no version ${change.version}.`, 'NOT_FOUND');
    if (version.stage === change.to) throw new RegistryError(`Version ${version.version} of '${model.name}' is already in ${change.to}.`, 'CONFLICT');
    let replaced: ModelVersion | undefined;
    if (change.to === 'production') {
      replaced = await productionOf(tx, model.id);
      const gates = { metric: model.gateMetric, minimum: model.gateMinimum, mustBeatProduction: model.gateMustBeatProduction };
      const failures = checkPromotionGates(gates, version, replaced);
      if (failures.length) {
        throw new RegistryError(`Version ${version.version} cannot go to production: ${failures.join(' ')}`, 'GATE_FAILED', failures);
      }
      if (replaced) await moveStage(tx, actor, model, replaced, 'archived', `Replaced in production by version ${version.version}`);
    }
    await moveStage(tx, actor, model, version, change.to, reason);
    await recordAudit(tx, {
      teamId: change.teamId,
      actor,
      action: STAGE_RANK[change.to] > STAGE_RANK[version.stage] ? 'model.promoted' : 'model.demoted',
      target: { type: 'model', id: model.id, name: model.name },
      details: { version: version.version, from: version.stage, to: change.to, reason, ...(replaced ? { archivedVersion: replaced.version } : {}) },
    });
    await notifyServing(tx, model.id);
    return { model, version: { ...version, stage: change.to }, archived: replaced?.version ?? null };
  });
}

/**
 * Puts back the version that was in production before the current one (the latest earlier promotion in
 * the stage history whose version still exists), archiving the current one. Gates are not checked: the
 * version already served. One transaction, audited as model.rolled_back, serving NOTIFYed.
 */
export async function rollbackModel(db: Db, actor: Actor, input: { teamId: string; name: string; reason?: string | null }) {
  const reason = input.reason?.trim() || null;
  return db.transaction(async (tx) => {
    const model = await requireModel(tx, input.teamId, input.name, true);
    const current = await productionOf(tx, model.id);
    const restoredVersions = aliasedTable(modelVersions, 'restored');
    const [previous] = await tx
      .select({ version: restoredVersions })
      .from(modelStageChanges)
      .innerJoin(restoredVersions, eq(restoredVersions.id, modelStageChanges.versionId))
      .where(and(eq(modelStageChanges.modelId, model.id), eq(modelStageChanges.toStage, 'production'), current ? ne(modelStageChanges.versionId, current.id) : undefined))
      .orderBy(desc(modelStageChanges.at), desc(modelStageChanges.id))
      .limit(1);
    if (!previous) throw new RegistryError(`'${model.name}' has no earlier production version to roll back to.`, 'CONFLICT');
    const restored = previous.version;
    const why = reason ?? (current ? `Rolled back from version ${current.version}` : 'Rolled back');
    if (current) await moveStage(tx, actor, model, current, 'archived', `Rolled back to version ${restored.version}${reason ? `: ${reason}` : ''}`);
    await moveStage(tx, actor, model, restored, 'production', why);
    await recordAudit(tx, {
      teamId: input.teamId,
      actor,
      action: 'model.rolled_back',
      target: { type: 'model', id: model.id, name: model.name },
      details: { from: current?.version ?? null, to: restored.version, reason },
    });
    await notifyServing(tx, model.id);
    return { model, restored: { ...restored, stage: 'production' as const }, archived: current?.version ?? null };
  });
}
