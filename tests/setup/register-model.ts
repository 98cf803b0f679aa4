import { and, eq } from 'drizzle-orm';
import { expect } from 'vitest';
import type { AppServices } from '../../app/services.server';
import type { BlobStore } from '../../db/blob-store';
import type { Db } from '../../db/client';
import { models, modelVersions, nodeRuns, runs } from '../../db/schema';
import type { ModelValue } from '../../engine/define-node';
import type { PipelineGraph } from '../../engine/graph-types';
import { decodePortValue } from '../../engine/io/serialize';
import type { UserClient } from './app-harness';

const RUN_EVENTS = /* GraphQL */ `subscription ($runId: ID!) { runEvents(runId: $runId) { type status } }`;

/**
 * Trains `graph` in a real run (the harness needs a worker) and registers its Train node's model output as a
 * new version of model `name`, by inserting the registry rows directly (what the registry slice's
 * `registerModel` will do). Returns the version row and the decoded model.
 */
export async function registerTrainedModel(
  services: AppServices,
  user: UserClient,
  opts: { name: string; graph: PipelineGraph; trainNodeId: string; stage?: 'none' | 'staging' | 'production' },
) {
  const created = await user.gql(`mutation ($n: String!) { createPipeline(name: $n) { id } }`, { n: `${opts.name} pipeline` });
  const pipelineId = created.data!.createPipeline.id as string;
  const saved = await user.gql(`mutation ($id: ID!, $g: JSON!) { savePipelineGraph(pipelineId: $id, graph: $g) { id } }`, { id: pipelineId, g: opts.graph });
  expect(saved.errors).toBeUndefined();
  const started = await user.gql(`mutation ($id: ID!) { startRun(pipelineId: $id) { id } }`, { id: pipelineId });
  expect(started.errors).toBeUndefined();
  const runId = started.data!.startRun.id as string;
  const events = await user.subscribe<{ runEvents: { type: string; status: string | null } }>(RUN_EVENTS, { runId });
  expect(events.at(-1)?.runEvents).toMatchObject({ type: 'run_status', status: 'succeeded' });

  return { ...(await insertModelVersion(services, { runId, trainNodeId: opts.trainNodeId, name: opts.name, stage: opts.stage })), runId };
}

/**
 * Registers the model output of `trainNodeId` in a succeeded run as a new version of model `name` (in the
 * run's team), from the stored blob the Train node wrote.
 */
export async function insertModelVersion(
  services: { db: Db; blobs: BlobStore },
  opts: { runId: string; trainNodeId: string; name: string; stage?: 'none' | 'staging' | 'production' },
) {
  const { db } = services;
  const { runId } = opts;
  const [run] = await db.select({ teamId: runs.teamId, pipelineId: runs.pipelineId, pipelineVersionId: runs.pipelineVersionId }).from(runs).where(eq(runs.id, runId));
  const [train] = await db.select().from(nodeRuns).where(and(eq(nodeRuns.runId, runId), eq(nodeRuns.nodeId, opts.trainNodeId)));
  const blobKey = train!.outputs!.model!;
  const model = decodePortValue(await services.blobs.get(blobKey)) as ModelValue;

  const [existing] = await db.select().from(models).where(and(eq(models.teamId, run!.teamId), eq(models.name, opts.name)));
  const modelRow = existing ?? (await db.insert(models).values({ teamId: run!.teamId, name: opts.name }).returning())[0]!;
  const versions = await db.select({ version: modelVersions.version }).from(modelVersions).where(eq(modelVersions.modelId, modelRow.id));
  const [version] = await db
    .insert(modelVersions)
    .values({
      modelId: modelRow.id,
      version: versions.length + 1,
      stage: opts.stage ?? 'production',
      artifactBlobKey: blobKey,
      algorithm: model.algorithm,
      task: model.task,
      target: model.target,
      classes: model.classes,
      metrics: model.metrics ?? {},
      hyperparameters: model.hyperparameters,
      inputSchema: model.inputSchema!,
      runId,
      nodeId: opts.trainNodeId,
      pipelineId: run!.pipelineId,
      pipelineVersionId: run!.pipelineVersionId,
      lineage: model.lineage,
    })
    .returning();
  return { model: modelRow, version: version!, value: model };
}
