import type { BlobStore } from '../db/blob-store';
import type { Db } from '../db/client';
import type { ModelValue } from '../engine/define-node';
import { decodePortValue } from '../engine/io/serialize';
import { predictRecords, type Prediction } from '../engine/training/predict-records';
import { findServedVersion, type ServedVersion, type VersionSelector } from './served-version';

export type PredictResult = { ok: true; version: ServedVersion; predictions: Prediction[] } | { ok: false; status: 400 | 404; errors: string[] };

export type PredictService = {
  /** Predictions for raw records (the columns the pipeline started from) from a team's registered model. */
  predict(teamId: string, name: string, sel: VersionSelector, records: readonly unknown[]): Promise<PredictResult>;
  /** A loaded model, by its version's artifact (loaded once, then kept). */
  model(version: ServedVersion): Promise<ModelValue>;
};

/** Loads each served version's model once and keeps it in memory. */
export function createPredictService(deps: { db: Db; blobs: BlobStore }): PredictService {
  const loaded = new Map<string, Promise<ModelValue>>();
  const model = (v: ServedVersion) => {
    let m = loaded.get(v.versionId);
    if (!m) {
      m = deps.blobs.get(v.artifactBlobKey).then((bytes) => {
        const value = decodePortValue(bytes);
        if (value.kind !== 'model') throw new Error(`Model version ${v.versionId}'s artifact is not a model.`);
        return value;
      });
      m.catch(() => loaded.delete(v.versionId));
      loaded.set(v.versionId, m);
    }
    return m;
  };
  return {
    model,
    async predict(teamId, name, sel, records) {
      const version = await findServedVersion(deps.db, teamId, name, sel);
      if ('missing' in version) return { ok: false, status: 404, errors: [version.missing] };
      return { ok: true, version, predictions: await predictRecords(await model(version), records) };
    },
  };
}
