import { and, desc, eq, sql } from 'drizzle-orm';
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

/**
 * The version a prediction for `name` in `teamId` is answered from, or a sentence saying why there is none.
 * `orNewest`: with neither stage nor version asked for, the production version, else the newest (so a model
 * can be documented before its first promotion).
 */
export async function findServedVersion(db: Db, teamId: string, name: string, sel: VersionSelector, opts: { orNewest?: boolean } = {}): Promise<ServedVersion | { missing: string }> {
  const [model] = await db.select({ id: models.id, name: models.name }).from(models).where(and(eq(models.teamId, teamId), eq(models.name, name)));
  if (!model) return { missing: `No model named '${name}' is registered in this team.` };
  const orNewest = opts.orNewest && sel.version === undefined && sel.stage === undefined;
  const where =
    sel.version !== undefined
      ? and(eq(modelVersions.modelId, model.id), eq(modelVersions.version, sel.version))
      : orNewest
        ? eq(modelVersions.modelId, model.id)
        : and(eq(modelVersions.modelId, model.id), eq(modelVersions.stage, sel.stage ?? 'production'));
  const [row] = await db
    .select({ versionId: modelVersions.id, version: modelVersions.version, stage: modelVersions.stage, artifactBlobKey: modelVersions.artifactBlobKey })
    .from(modelVersions)
    .where(where)
    .orderBy(...(orNewest ? [desc(sql`${modelVersions.stage} = 'production'`)] : []), desc(modelVersions.version))
    .limit(1);
  if (!row) {
    return {
      missing:
        sel.version !== undefined
          ? `Model '${name}' has no version ${sel.version}.`
          : orNewest
            ? `Model '${name}' has no versions.`
            : `Model '${name}' has no version in ${sel.stage ?? 'production'}; promote one first, or ask for ?version=N.`,
    };
  }
  return { modelId: model.id, modelName: model.name, ...row };
}

/** `?stage=` and `?version=` of a prediction or API document request, or every problem with them. */
export function parseVersionSelector(params: URLSearchParams): VersionSelector | { errors: string[] } {
  const errors: string[] = [];
  const stage = params.get('stage');
  const version = params.get('version');
  for (const key of new Set(params.keys())) {
    if (key !== 'stage' && key !== 'version') errors.push(`Unknown query parameter '${key}': use ?stage=staging|production or ?version=N.`);
  }
  if (stage !== null && stage !== 'staging' && stage !== 'production') errors.push(`?stage must be 'staging' or 'production', not '${stage}'.`);
  if (version !== null && !/^[1-9]\d{0,8}$/.test(version)) errors.push(`?version must be a version number such as 3, not '${version}'.`);
  if (stage !== null && version !== null) errors.push('Ask for a stage or a version, not both.');
  if (errors.length > 0) return { errors };
  return version !== null ? { version: Number(version) } : stage !== null ? { stage: stage as 'staging' | 'production' } : {};
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

/** A model's archived versions: unloaded when a stage change archives them. */
export async function findArchivedVersionIds(db: Db, modelId: string): Promise<string[]> {
  const rows = await db
    .select({ id: modelVersions.id })
    .from(modelVersions)
    .where(and(eq(modelVersions.modelId, modelId), eq(modelVersions.stage, 'archived')));
  return rows.map((r) => r.id);
}
