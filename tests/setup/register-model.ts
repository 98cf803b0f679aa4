import { expect } from 'vitest';
import type { AppServices } from '../../app/services.server';
import type { ModelStage } from '../../db/schema';
import type { PipelineGraph } from '../../engine/graph-types';
import { registerRunModel } from '../fixtures/model-registry';
import type { UserClient } from './app-harness';

const RUN_EVENTS = /* GraphQL */ `subscription ($runId: ID!) { runEvents(runId: $runId) { type status } }`;

/**
 * Trains `graph` in a real run (the harness needs a worker) and registers its Train node's model as the
 * next version of model `name`, in production unless `stage` says otherwise.
 */
export async function registerTrainedModel(
  services: AppServices,
  user: UserClient,
  opts: { name: string; graph: PipelineGraph; trainNodeId: string; stage?: ModelStage },
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

  const registered = await registerRunModel(services, { runId, nodeId: opts.trainNodeId, name: opts.name, stage: opts.stage ?? 'production' });
  return { ...registered, runId };
}
