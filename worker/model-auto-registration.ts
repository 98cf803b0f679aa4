import type PgBoss from 'pg-boss';
import { eq, sql } from 'drizzle-orm';
import type { BlobStore } from '../db/blob-store';
import type { Db, Tx } from '../db/client';
import { registerModelVersion } from '../db/queries/model-registration';
import { RegistryError } from '../db/queries/models';
import { pipelineVersions, runs } from '../db/schema';
import type { PipelineGraph } from '../engine/graph-types';
import { sendInTx } from './boss-tx';
import { QUEUES, registerModelsPayload, WAKE_CHANNEL } from './queues';

/** Train nodes whose "Register on success as" setting names a model. */
const autoRegistered = (graph: PipelineGraph) =>
  graph.nodes.flatMap((n) => {
    const name = n.type === 'train' ? (n.params as { registerAs?: unknown }).registerAs : undefined;
    return typeof name === 'string' && name.trim() ? [{ nodeId: n.id, name: name.trim() }] : [];
  });

async function graphOf(db: Db | Tx, pipelineVersionId: string) {
  const [row] = await db.select({ graph: pipelineVersions.graph }).from(pipelineVersions).where(eq(pipelineVersions.id, pipelineVersionId));
  return row?.graph;
}

/**
 * Called in the transaction that marks a run succeeded: when a Train node asks to be registered, a job
 * does it right after (decoding the model needs the blob store, which the web process's all-cached
 * runs and the worker reach differently), so it happens exactly when the success commits.
 */
export async function enqueueModelRegistration(tx: Tx, run: { id: string }, graph: PipelineGraph) {
  if (autoRegistered(graph).length === 0) return;
  // Together: the wake-up is delivered at commit, after the job exists whatever the order sent.
  await Promise.all([sendInTx(tx, QUEUES.registerModels, { runId: run.id }), tx.execute(sql`select pg_notify(${WAKE_CHANNEL}, ${QUEUES.registerModels})`)]);
}

/** Registers each asking Train node's model; a retried job skips the ones already registered. */
export async function registerRunModels(deps: { db: Db; blobs: BlobStore }, runId: string) {
  const [run] = await deps.db.select().from(runs).where(eq(runs.id, runId));
  if (!run || run.status !== 'succeeded') return;
  const graph = await graphOf(deps.db, run.pipelineVersionId);
  for (const { nodeId, name } of graph ? autoRegistered(graph) : []) {
    try {
      await registerModelVersion(deps, { teamId: run.teamId, actor: { userId: run.startedBy }, runId, nodeId, name, description: 'Registered on success' });
    } catch (error) {
      if (!(error instanceof RegistryError && error.code === 'CONFLICT')) throw error;
    }
  }
}

export function createRegisterModelsHandler(deps: { db: Db; blobs: BlobStore }) {
  return async ([job]: PgBoss.Job<unknown>[]) => registerRunModels(deps, registerModelsPayload.parse(job!.data).runId);
}
