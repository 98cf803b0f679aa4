import { and, eq } from 'drizzle-orm';
import type { Tx } from '../db/client';
import type { Schedule } from '../db/queries/schedules';
import { pipelines, pipelineVersions } from '../db/schema';
import type { SchemaContext } from '../engine/define-node';
import type { PipelineGraph } from '../engine/graph-types';
import type { DatasetResolver } from './datasets';

/** Thrown under a schedule's row lock to leave the transaction, check the graph outside it, and come back. */
export class ScheduleNeedsCheck extends Error {
  constructor(
    readonly scheduleId: string,
    readonly teamId: string,
    readonly graph: PipelineGraph,
  ) {
    super(`Schedule ${scheduleId}: its pipeline is checked outside the lock first.`);
  }
}

const graphKey = (graph: PipelineGraph) => JSON.stringify(graph);

/**
 * A scheduled run's validation, done before the scheduler takes the schedule's row lock: reading a URL
 * dataset's schema may fetch it (seconds), and the lock would stall the other schedulers' passes and any
 * edit of the schedule meanwhile. Under the lock the scheduler reads the graph again; startRun gets the
 * checked schemas only for that very graph, so a pipeline edited in between is checked afresh.
 */
export function createScheduleChecks(datasets: DatasetResolver) {
  const checked = new Map<string, { key: string; context: SchemaContext }>();
  return {
    /** Forget every check (each scheduler pass starts afresh, so URL schemas are revalidated as usual). */
    clear: () => checked.clear(),
    /** Outside any transaction. */
    async check(need: ScheduleNeedsCheck) {
      checked.set(need.scheduleId, { key: graphKey(need.graph), context: await datasets.schemaContext(need.teamId, need.graph) });
    },
    /** Under the lock: the resolver startRun uses for this graph, or a ScheduleNeedsCheck when it was not checked yet. */
    datasetsFor(s: Schedule, graph: PipelineGraph): DatasetResolver {
      const done = checked.get(s.id);
      if (!done || done.key !== graphKey(graph)) throw new ScheduleNeedsCheck(s.id, s.teamId, graph);
      return { ...datasets, schemaContext: async (teamId, g, signal) => (graphKey(g) === done.key ? done.context : datasets.schemaContext(teamId, g, signal)) };
    },
  };
}

/** The graph a tick of `s` runs (its pinned version or the pipeline's draft); undefined when gone (startRun then says so). */
export async function graphToRun(tx: Tx, s: Schedule): Promise<PipelineGraph | undefined> {
  if (s.versionMode === 'pinned') {
    if (!s.pinnedVersionId) return undefined;
    const [version] = await tx.select({ graph: pipelineVersions.graph }).from(pipelineVersions).where(and(eq(pipelineVersions.id, s.pinnedVersionId), eq(pipelineVersions.pipelineId, s.pipelineId)));
    return version?.graph;
  }
  const [pipeline] = await tx.select({ graph: pipelines.graph }).from(pipelines).where(and(eq(pipelines.id, s.pipelineId), eq(pipelines.teamId, s.teamId)));
  return pipeline?.graph;
}
