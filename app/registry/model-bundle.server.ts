import { createHash } from 'node:crypto';
import { decodePortValue } from '../../engine/io/serialize';
import type { ModelValue } from '../../engine/define-node';
import type { Model, ModelVersion } from '../../db/queries/models';
import type { BlobStore } from '../../db/blob-store';

/** The bundle's format name and version: a reader checks both before anything else (README, "Model bundles"). */
export const BUNDLE_FORMAT = { format: 'pipewright-model-bundle', formatVersion: 1 } as const;

/**
 * One self-contained JSON file: a manifest (what the model is, its request columns, metrics, stage,
 * lineage) and the encoded model (engine/io/serialize.ts, base64) that carries the fitted preprocessing
 * and predicts raw records with `predictRecords(decodePortValue(bytes), records)`.
 */
export async function buildModelBundle(blobs: BlobStore, model: Model, version: ModelVersion) {
  const bytes = await blobs.get(version.artifactBlobKey);
  const value = decodePortValue(bytes) as ModelValue;
  return {
    ...BUNDLE_FORMAT,
    model: {
      name: model.name,
      version: version.version,
      stage: version.stage,
      algorithm: version.algorithm,
      task: version.task,
      target: version.target,
      classes: version.classes,
      features: value.features,
      inputSchema: version.inputSchema,
      fittedPreprocessing: value.fitted.map((step) => step.type),
      metrics: version.metrics,
      hyperparameters: version.hyperparameters,
      lineage: version.lineage,
      registeredAt: version.createdAt.toISOString(),
    },
    artifact: {
      encoding: 'pwv1-port-value+base64',
      bytes: bytes.byteLength,
      sha256: createHash('sha256').update(bytes).digest('hex'),
      data: Buffer.from(bytes.buffer, bytes.byteOffset, bytes.byteLength).toString('base64'),
    },
  };
}
