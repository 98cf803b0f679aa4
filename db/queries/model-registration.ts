import { and, eq, max, or } from 'drizzle-orm';
import type { ComparisonValue, ModelValue } from '../../engine/define-node';
import { decodePortValue } from '../../engine/io/serialize';
import { checkModelName } from '../../engine/registry/model-name';
import type { BlobStore } from '../blob-store';
import type { Db } from '../client';
import { models, modelVersions, nodeRuns, pipelineVersions, runs } from '../schema';
import { recordAudit, type AuditActor } from './audit';
import { RegistryError } from './models';

export type Registration = { teamId: string; actor: AuditActor & { userId: string | null }; runId: string; nodeId: string; name: string; description?: string | null };

type EvaluationSummary = { kind: 'metrics'; metrics: Record<string, number> } & Record<string, unknown>;

/**
 * What scored `trainNodeId`'s model in the run: a succeeded Evaluate node's summary, else the model's row of a
 * succeeded Compare node (its metrics and its ROC curve or predicted-vs-actual plot), else null.
 */
async function evaluationOf(db: Db, run: { id: string; pipelineVersionId: string }, trainNodeId: string): Promise<EvaluationSummary | null> {
  const [pinned] = await db.select({ graph: pipelineVersions.graph }).from(pipelineVersions).where(eq(pipelineVersions.id, run.pipelineVersionId));
  const graph = pinned?.graph;
  if (!graph) return null;
  const scorers = graph.edges
    .filter((e) => e.source === trainNodeId && e.sourcePort === 'model')
    .map((e) => graph.nodes.find((n) => n.id === e.target))
    .filter((n) => n?.type === 'evaluate' || n?.type === 'compare')
    // Evaluate first: its summary holds every chart, Compare's only the ranking's.
    .sort((a, b) => Number(b!.type === 'evaluate') - Number(a!.type === 'evaluate'));
  for (const node of scorers) {
    const [row] = await db.select({ status: nodeRuns.status, summary: nodeRuns.summary }).from(nodeRuns).where(and(eq(nodeRuns.runId, run.id), eq(nodeRuns.nodeId, node!.id)));
    if (row?.status !== 'succeeded') continue;
    const summary = node!.type === 'evaluate' ? (row.summary?.metrics as EvaluationSummary | undefined) : comparedEvaluation(row.summary?.comparison as ComparisonValue | undefined, trainNodeId);
    if (summary?.kind === 'metrics') return summary;
  }
  return null;
}

/** A Compare summary's row for one model, as the metrics summary Evaluate would have written for its figures. */
function comparedEvaluation(comparison: ComparisonValue | undefined, trainNodeId: string): EvaluationSummary | undefined {
  const model = comparison?.kind === 'comparison' ? comparison.models.find((m) => m.source === trainNodeId) : undefined;
  if (!model) return undefined;
  const curves = model.roc ? { roc: [model.roc] } : model.scatter ? { scatter: model.scatter } : undefined;
  return { kind: 'metrics', task: comparison!.task, metrics: model.metrics, ...(curves ? { curves } : {}) };
}

/**
 * Registers the model a run's Train node produced as the next version of `name` (creating the model):
 * the artifact is the node's stored output, so it alone serves predictions; metrics are Train's merged
 * with the test metrics of an Evaluate node of the same run that scored it, whose summary (charts) is kept.
 * A node's model is registered once per model name.
 */
export async function registerModelVersion(deps: { db: Db; blobs: BlobStore }, reg: Registration) {
  const problem = checkModelName(reg.name);
  if (problem) throw new RegistryError(problem, 'BAD_USER_INPUT');
  const { db } = deps;
  const [run] = await db.select().from(runs).where(and(eq(runs.id, reg.runId), eq(runs.teamId, reg.teamId)));
  if (!run) throw new RegistryError('That run was not found in your team.', 'NOT_FOUND');
  const [node] = await db.select().from(nodeRuns).where(and(eq(nodeRuns.runId, run.id), eq(nodeRuns.nodeId, reg.nodeId)));
  if (!node) throw new RegistryError(`The run has no node '${reg.nodeId}'.`, 'NOT_FOUND');
  const artifactBlobKey = node.outputs?.model;
  if (node.nodeType !== 'train' || node.status !== 'succeeded' || !artifactBlobKey) {
    const why = node.nodeType !== 'train' ? `is a ${node.nodeType} node, not a Train node` : `did not produce a model (it is ${node.status})`;
    throw new RegistryError(`Node '${reg.nodeId}' of this run ${why}; register the model of a Train node that succeeded.`, 'BAD_USER_INPUT');
  }
  const value = decodePortValue(await deps.blobs.get(artifactBlobKey));
  if (value.kind !== 'model') throw new RegistryError(`Node '${reg.nodeId}' stored no model.`, 'BAD_USER_INPUT');
  const model = value as ModelValue;
  const inputSchema = model.inputSchema;
  if (!inputSchema) {
    throw new RegistryError('This model was trained before models recorded the columns a prediction sends; run the pipeline again and register the new run’s model.', 'BAD_USER_INPUT');
  }
  const evaluation = await evaluationOf(db, run, reg.nodeId);

  return db.transaction(async (tx) => {
    await tx.insert(models).values({ teamId: reg.teamId, name: reg.name, createdBy: reg.actor.userId }).onConflictDoNothing();
    const [owner] = await tx.select().from(models).where(and(eq(models.teamId, reg.teamId), eq(models.name, reg.name))).for('update');
    // The same artifact twice is one model: a fully cached rerun takes the earlier run's stored model unchanged.
    const [already] = await tx
      .select({ version: modelVersions.version, runId: modelVersions.runId })
      .from(modelVersions)
      .where(and(eq(modelVersions.modelId, owner!.id), or(and(eq(modelVersions.runId, run.id), eq(modelVersions.nodeId, reg.nodeId)), eq(modelVersions.artifactBlobKey, artifactBlobKey))))
      .limit(1);
    if (already) {
      const why = already.runId === run.id ? "This run's model" : `This run took its model unchanged from an earlier run's stored output; it`;
      throw new RegistryError(`${why} is already version ${already.version} of '${reg.name}'.`, 'CONFLICT');
    }
    const [{ latest }] = (await tx.select({ latest: max(modelVersions.version) }).from(modelVersions).where(eq(modelVersions.modelId, owner!.id))) as [{ latest: number | null }];
    const [version] = await tx
      .insert(modelVersions)
      .values({
        modelId: owner!.id,
        version: (latest ?? 0) + 1,
        artifactBlobKey,
        algorithm: model.algorithm,
        task: model.task,
        target: model.target,
        classes: model.classes,
        metrics: { ...(model.metrics ?? {}), ...(evaluation?.metrics ?? {}) },
        hyperparameters: model.hyperparameters,
        inputSchema,
        evaluation,
        runId: run.id,
        nodeId: reg.nodeId,
        pipelineId: run.pipelineId,
        pipelineVersionId: run.pipelineVersionId,
        lineage: model.lineage ?? null,
        description: reg.description?.trim() || null,
        registeredBy: reg.actor.userId,
      })
      .returning();
    await recordAudit(tx, {
      teamId: reg.teamId,
      actor: reg.actor,
      action: 'model.registered',
      target: { type: 'model', id: owner!.id, name: owner!.name },
      details: { version: version!.version, runId: run.id, nodeId: reg.nodeId },
    });
    return { model: owner!, version: version! };
  });
}
