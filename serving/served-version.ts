import { and, desc, eq } from 'drizzle-orm';
import type { Db } from '../db/client';
import { models, modelVersions, type ModelStage } from '../db/schema';

/** Which version of a model a prediction asks for: a stage (production by default) or a version number. */
export type VersionSelector = { stage?: Exclude<ModelStage, 'none' | 'archived'>; version?: number };

export type ServedVersion = {
  modelId: string;
  modelName: string;
  versionId: string;
  version: number;
  stage: ModelStage;
  artifactBlobKey: string;
};

/** The version a prediction for `name` in `teamId` is answered from, or a sentence saying why there is none. */
export async function findServedVersion(db: Db, teamId: string, name: string, sel: VersionSelector): Promise<ServedVersion | { missing: string }> {
  const [model] = await db.select({ id: models.id, name: models.name }).from(models).where(and(eq(models.teamId, teamId), eq(models.name, name)));
  if (!model) return { missing: `No model named '${name}' is registered in this team.` };
  const where =
    sel.version !== undefined
      ? and(eq(modelVersions.modelId, model.id), eq(modelVersions.version, sel.version))
      : and(eq(modelVersions.modelId, model.id), eq(modelVersions.stage, sel.stage ?? 'production'));
  const [row] = await db
    .select({ versionId: modelVersions.id, version: modelVersions.version, stage: modelVersions.stage, artifactBlobKey: modelVersions.artifactBlobKey })
    .from(modelVersions)
    .where(where)
    .orderBy(desc(modelVersions.version))
    .limit(1);
  if (!row) {
    return {
      missing:
        sel.version !== undefined
          ? `Model '${name}' has no version ${sel.version}.`
          : `Model '${name}' has no version in ${sel.stage ?? 'production'}; promote one first, or ask for ?version=N.`,
    };
  }
  return { modelId: model.id, modelName: model.name, ...row };
}

/**
 * The version now answering `sel` for a model already resolved once (by id: one query), for the swap after
 * a stage change; null when there is none any more.
 */
export async function findVersionOfModel(db: Db, served: Pick<ServedVersion, 'modelId' | 'modelName'>, sel: VersionSelector): Promise<ServedVersion | null> {
  const [row] = await db
    .select({ versionId: modelVersions.id, version: modelVersions.version, stage: modelVersions.stage, artifactBlobKey: modelVersions.artifactBlobKey })
    .from(modelVersions)
    .where(
      sel.version !== undefined
        ? and(eq(modelVersions.modelId, served.modelId), eq(modelVersions.version, sel.version))
        : and(eq(modelVersions.modelId, served.modelId), eq(modelVersions.stage, sel.stage ?? 'production')),
    )
    .limit(1);
  return row ? { modelId: served.modelId, modelName: served.modelName, ...row } : null;
}

/** A model's versions in staging: the likely next production, loaded ahead so a promotion swaps at once. */
export async function findStagedVersions(db: Db, served: Pick<ServedVersion, 'modelId' | 'modelName'>): Promise<ServedVersion[]> {
  const rows = await db
    .select({ versionId: modelVersions.id, version: modelVersions.version, stage: modelVersions.stage, artifactBlobKey: modelVersions.artifactBlobKey })
    .from(modelVersions)
    .where(and(eq(modelVersions.modelId, served.modelId), eq(modelVersions.stage, 'staging')));
  return rows.map((row) => ({ modelId: served.modelId, modelName: served.modelName, ...row }));
}
