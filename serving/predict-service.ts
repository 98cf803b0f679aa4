import type { BlobStore } from '../db/blob-store';
import type { Db, Sql } from '../db/client';
import { MODEL_STAGE_CHANNEL } from '../db/queries/models';
import { UserError, type ModelValue } from '../engine/define-node';
import { decodePortValue } from '../engine/io/serialize';
import { blankRecordTokens } from '../engine/io/read-options';
import { PredictionRefused, predictRecordsBatch, type PredictedBatch } from '../engine/training/predict-records';
import { compileRecordPredictor, type RecordPredictor } from '../engine/training/record-predictor';
import { refusalProblems, unseenValueWarnings } from '../engine/training/missing-features';
import { validatePredictBody } from './record-validation';
import { compileRecordScanner, type RecordScanner } from './record-scanner';
import { findArchivedVersionIds, findServedVersion, findStagedVersions, findVersionOfModel, type ServedVersion, type VersionSelector } from './served-version';

export type PredictResult = { ok: true; version: ServedVersion; batch: PredictedBatch } | { ok: false; status: 400 | 404; errors: string[] };

export type PredictService = {
  /** Predictions for raw records (the model replays its fitted steps on them), from a team's registered model. */
  predict(teamId: string, name: string, sel: VersionSelector, records: unknown): Promise<PredictResult>;
  /**
   * The same from a request body's bytes when they are the common case (record-scanner.ts), without parsing
   * them into objects first; null for anything else (including an unknown model), which then goes through
   * JSON.parse and `predict` for its answer and any error.
   */
  predictBody(teamId: string, name: string, sel: VersionSelector, body: Uint8Array): Promise<PredictResult | null>;
  /** A loaded model, by its version's artifact (loaded once, then kept). */
  model(version: ServedVersion): Promise<ModelValue>;
  /** Swaps a model's served versions after a stage change made here, before the change is answered (others follow the NOTIFY). */
  refresh(modelId: string): Promise<void>;
  /** The ids of the versions loaded in this process, least recently used first. */
  loadedVersionIds(): string[];
  stop(): Promise<void>;
};

type Loaded = { model: ModelValue; compiled: { predictor: RecordPredictor; scan: RecordScanner } | null };
type Served = { version: ServedVersion; loaded: Loaded };

/** A model's refusal of the values it was given (a UserError) as a 400; anything else is the server's fault. */
async function guarded(predict: () => Promise<PredictResult>): Promise<PredictResult> {
  try {
    return await predict();
  } catch (error) {
    if (error instanceof PredictionRefused) return { ok: false, status: 400, errors: error.problems };
    if (error instanceof UserError) return { ok: false, status: 400, errors: [error.message] };
    throw error;
  }
}

/**
 * Serves registered models from memory. Which version answers a (team, name, stage or version) is
 * resolved once and cached with its loaded model, so a request costs no query; a stage change anywhere
 * (NOTIFY on MODEL_STAGE_CHANNEL) re-resolves that model's entries and swaps each only once the new
 * version is loaded, so requests during a promotion get the old version or the new, never an error.
 * At most `maxLoaded` versions stay loaded (least recently used unloaded first); archived ones are unloaded
 * on their stage change.
 */
export async function startPredictService(deps: { db: Db; sql: Sql; blobs: BlobStore; maxRecords: number; maxLoaded: number }): Promise<PredictService> {
  // In use order, least recent first (a Map keeps insertion order: a use re-inserts).
  const models = new Map<string, Promise<Loaded>>();
  const served = new Map<string, Served>();
  // Bumped by every notification: a resolution read before it may be stale and is not cached.
  let generation = 0;

  const load = (v: ServedVersion) => {
    let m = models.get(v.versionId);
    if (!m) {
      m = deps.blobs.get(v.artifactBlobKey).then((bytes): Loaded => {
        const value = decodePortValue(bytes);
        if (value.kind !== 'model') throw new Error(`Model version ${v.versionId}'s artifact is not a model.`);
        const predictor = compileRecordPredictor(value);
        if ('unsupported' in predictor) return { model: value, compiled: null };
        return { model: value, compiled: { predictor, scan: compileRecordScanner(predictor.inputs, value) } };
      });
      m.catch(() => models.get(v.versionId) === m && models.delete(v.versionId));
      models.set(v.versionId, m);
      for (const versionId of models.keys()) {
        if (models.size <= deps.maxLoaded) break;
        unload(versionId);
      }
    }
    return m;
  };

  /** Drops a loaded version and the resolutions answered by it: the next request for it loads it again. */
  const unload = (versionId: string) => {
    models.delete(versionId);
    for (const [key, s] of served) if (s.version.versionId === versionId) served.delete(key);
  };

  const markUsed = (versionId: string) => {
    const m = models.get(versionId);
    if (!m) return;
    models.delete(versionId);
    models.set(versionId, m);
  };

  /** Loads the model's staged versions in the background; a failure only means no head start. */
  const preloadStaged = (version: ServedVersion) => {
    findStagedVersions(deps.db, version)
      .then((staged) => Promise.all(staged.map(load)))
      .catch(() => undefined);
  };

  const keyOf = (teamId: string, name: string, sel: VersionSelector) =>
    `${teamId}\u0000${name}\u0000${sel.version !== undefined ? `v${sel.version}` : (sel.stage ?? 'production')}`;

  async function resolve(teamId: string, name: string, sel: VersionSelector): Promise<Served | { missing: string }> {
    const key = keyOf(teamId, name, sel);
    const hit = served.get(key);
    if (hit) return hit;
    const started = generation;
    const version = await findServedVersion(deps.db, teamId, name, sel);
    if ('missing' in version) return version;
    const entry = { version, loaded: await load(version) };
    if (generation === started) served.set(key, entry);
    if (version.stage === 'production') preloadStaged(version);
    return entry;
  }

  /**
 * Re-resolves every cached entry of `modelId`; each keeps answering from its old version until the new one is
 * loaded. Then unloads the model's archived versions.
 */
  async function refresh(modelId: string) {
    generation++;
    const stale = [...served].filter(([, s]) => s.version.modelId === modelId);
    await Promise.all(
      stale.map(async ([key, old]) => {
        const which = key.slice(key.lastIndexOf('\u0000') + 1);
        const sel: VersionSelector = which.startsWith('v') ? { version: Number(which.slice(1)) } : { stage: which as VersionSelector['stage'] };
        const version = await findVersionOfModel(deps.db, old.version, sel);
        if (!version) {
          if (served.get(key) === old) served.delete(key);
          return;
        }
        const loaded = await load(version);
        if (served.get(key) === old) served.set(key, { version, loaded });
        if (version.stage === 'production') preloadStaged(version);
      }),
    );
    // After the swaps, so no request waits on a reload meanwhile; an archived version asked for by number loads again.
    for (const versionId of await findArchivedVersionIds(deps.db, modelId)) if (models.has(versionId)) unload(versionId);
  }

  const listener = await deps.sql.listen(
    MODEL_STAGE_CHANNEL,
    (modelId) => {
      refresh(modelId).catch((error) => {
        // The stale entries go: the next request resolves again rather than answering from an old version.
        for (const [key, s] of served) if (s.version.modelId === modelId) served.delete(key);
        console.error(`[serving] could not swap model ${modelId} after a stage change: ${error instanceof Error ? error.message : error}`);
      });
    },
    // Listening (again, after a lost connection): notifications may have been missed meanwhile.
    () => {
      generation++;
      served.clear();
    },
  );

  /** Features, refused where the replay leaves one missing, then the model's predictions. */
  function predictFeatures(entry: Served, predictor: RecordPredictor, features: () => ReturnType<RecordPredictor['features']>, rows: number): Promise<PredictResult> {
    return guarded(async () => {
      const { columns, missing, unseen } = features();
      if (missing.length > 0) return { ok: false, status: 400, errors: refusalProblems(missing, unseen, entry.loaded.model) };
      const warnings = unseenValueWarnings(unseen);
      return { ok: true, version: entry.version, batch: { model: entry.loaded.model, predicted: await predictor.predict(columns, rows), rows, warnings } };
    });
  }

  return {
    model: async (v) => (await load(v)).model,
    refresh,
    loadedVersionIds: () => [...models.keys()],
    async predict(teamId, name, sel, records) {
      const entry = await resolve(teamId, name, sel);
      if ('missing' in entry) return { ok: false, status: 404, errors: [entry.missing] };
      markUsed(entry.version.versionId);
      const { model, compiled } = entry.loaded;
      // Records from the dataset's source may hold what it read as missing ('?', '-999', '', 'NA'): null before they are checked.
      const checked = validatePredictBody({ records: Array.isArray(records) ? blankRecordTokens(records, model.inputSchema) : records }, model, deps.maxRecords);
      if ('errors' in checked) return { ok: false, status: 400, errors: checked.errors };
      if (!compiled) return guarded(async () => ({ ok: true, version: entry.version, batch: await predictRecordsBatch(model, checked.records) }));
      return predictFeatures(entry, compiled.predictor, () => compiled.predictor.features(checked.records), checked.records.length);
    },
    async predictBody(teamId, name, sel, body) {
      // A failure to resolve (the database, an artifact that does not load) is the general path's to report:
      // it parses the body first, so a body that is not JSON is still told so.
      const entry = await resolve(teamId, name, sel).catch(() => null);
      if (!entry || 'missing' in entry || !entry.loaded.compiled) return null;
      const { predictor, scan } = entry.loaded.compiled;
      const scanned = scan(body, deps.maxRecords);
      if (!scanned) return null;
      markUsed(entry.version.versionId);
      return predictFeatures(entry, predictor, () => predictor.featuresOfColumns(scanned.columns, scanned.rows), scanned.rows);
    },
    stop: () => listener.unlisten(),
  };
}
