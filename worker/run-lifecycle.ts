import { randomUUID } from 'node:crypto';
import { and, eq, inArray, sql, type SQL } from 'drizzle-orm';
import type PgBoss from 'pg-boss';
import { sortTopologically } from '../engine/graph';
import type { GraphProblem, PipelineGraph } from '../engine/graph-types';
import { nameNode } from '../engine/node-params';
import { getNodeType } from '../engine/registry';
import type { Db, Tx } from '../db/client';
import { appendRunEvent, appendRunEvents, type RunEventInput } from '../db/queries/run-events';
import { findPipelineToRun, insertPipelineVersion, lockPipeline, runVersionIdAt } from '../db/queries/pipelines';
import { isUniqueViolation } from '../db/pg-errors';
import { nodeOutputs, nodeRuns, pipelineVersions, runs, type RunTrigger } from '../db/schema';
import { bossDbFor } from './boss-tx';
import type { DatasetResolver } from './datasets';
import { enqueueModelRegistration } from './model-auto-registration';
import { notifyRunEnded } from './notifications/run-endings';
import { cachedNodeEvent, findStoredOutputs, planStartReuse, reuseStoredOutputs, storeOutputs, touchStoredOutputs } from './output-cache';
import { QUEUES, WAKE_CHANNEL } from './queues';
import { checkStart } from './start-checks';

/**
 * A run's state machine, shared by the web process (startRun) and workers (claim/complete/fail).
 * Every transition takes the run's row lock, writes its events, and enqueues follow-up jobs in the same transaction.
 */
export type LifecycleDeps = { db: Db; boss: PgBoss; datasets: DatasetResolver };

export class GraphInvalidError extends Error {
  constructor(readonly problems: GraphProblem[]) {
    super(`The pipeline cannot run yet: ${problems.map((p) => p.message).join(' ')}`);
  }
}

export const nodeLabel = (graph: PipelineGraph, nodeId: string) => {
  const node = graph.nodes.find((n) => n.id === nodeId);
  return node ? nameNode(node, getNodeType(node.type)) : nodeId;
};

export class IdempotencyKeyReusedError extends Error {
  constructor() {
    super('This idempotencyKey already started a run of another pipeline. Send a new key (e.g. a fresh UUID) for each Run.');
  }
}

type Run = typeof runs.$inferSelect;
type Starter = { teamId: string; userId: string | null };

export type StartRunOptions = {
  /** One per Run intent: every call with it (retries, a double click, racing requests) returns the same run. */
  idempotencyKey?: string;
  trigger?: RunTrigger;
  scheduleId?: string;
  /** Run this saved version of the pipeline instead of pinning the current draft. */
  versionId?: string;
  /**
   * A rerun of an earlier run of the same pipeline. With `fromNodeId`, the nodes that do not depend on that node
   * reuse the earlier run's outputs (where they succeeded there) instead of computing again.
   */
  rerunOf?: { runId: string; fromNodeId?: string };
  /** Recompute every node, ignoring stored outputs. */
  force?: boolean;
};

export class RerunError extends Error {}

/** Outputs a new run takes from an earlier run (a rerun from a node) instead of computing them; `fromRunId` null: that run was deleted since. */
type ReusedOutput = { outputs: Record<string, string>; summary: Record<string, unknown> | null; fromRunId: string | null };

/**
 * Validates the graph, pins a new pipeline version (or takes the given one), inserts the run and its node
 * runs, and enqueues the nodes whose inputs are ready, in one transaction.
 */
export async function startRun(deps: LifecycleDeps, who: Starter, pipelineId: string, opts: StartRunOptions = {}): Promise<Run | undefined> {
  const { idempotencyKey } = opts;
  if (idempotencyKey) {
    const earlier = await findRunByKey(deps.db, who.teamId, idempotencyKey);
    if (earlier) return sameIntent(earlier, pipelineId);
  }
  const toRun = await findPipelineToRun(deps.db, who.teamId, pipelineId);
  if (!toRun) return undefined;
  const { pipeline } = toRun;
  const pinned = opts.versionId ? await findVersion(deps.db, pipeline.id, opts.versionId) : undefined;
  if (opts.versionId && !pinned) throw new RerunError('That version of the pipeline no longer exists; run the current draft instead.');
  const graph = pinned?.graph ?? pipeline.graph;
  const graphTag = pinned ? `version ${pinned.id}` : `pipeline ${pipeline.id}@${pipeline.revision}`;
  const identities = await deps.datasets.runIdentities(who.teamId, graph);
  const { problems, keys } = await checkStart(graph, graphTag, identities, () => deps.datasets.schemaContext(who.teamId, graph));
  if (graph.nodes.length === 0) throw new GraphInvalidError([{ message: 'Add at least one node to the canvas before running.' }]);
  if (problems.length > 0) throw new GraphInvalidError([...problems]);
  const reused = opts.rerunOf?.fromNodeId ? await outputsBefore(deps.db, graph, opts.rerunOf.runId, opts.rerunOf.fromNodeId) : new Map<string, ReusedOutput>();

  try {
    return await deps.db.transaction(async (tx) => {
      // A racing call with the same key waits here for the winner, then sees its run.
      if (idempotencyKey) {
        await lockPipeline(tx, pipeline.id);
        const earlier = await findRunByKey(tx, who.teamId, idempotencyKey);
        if (earlier) return sameIntent(earlier, pipelineId);
      }
      // The run's id is chosen here, so the version, the run and the cache lookup go to Postgres as one pipelined batch
      // (postgres.js pipelines a transaction's concurrent queries; Postgres runs them in the order sent). The node runs
      // are then written once, in their final state (queued, or taken from the cache), with their events and the dispatch.
      const runId = randomUUID();
      const force = opts.force ?? false;
      const waiting = graph.nodes.flatMap((n) => (reused.has(n.id) ? [] : (keys.get(n.id) ?? [])));
      // A saved version, or the one an earlier run of this draft revision made.
      const existing = pinned ?? toRun.runVersion;
      const [version, [run], , stored] = await Promise.all([
        // An existing version needs no new number, but the pipeline's lock still orders this start among the others.
        existing ? lockPipeline(tx, pipeline.id).then(() => existing) : insertPipelineVersion(tx, pipeline.id, graph, who.userId, { draftRevision: pipeline.revision }),
        tx
          .insert(runs)
          .values({
            id: runId,
            teamId: who.teamId,
            pipelineId: pipeline.id,
            pipelineVersionId: existing ? existing.id : runVersionIdAt(pipeline.id, pipeline.revision),
            trigger: opts.trigger ?? 'manual',
            scheduleId: opts.scheduleId,
            rerunOfRunId: opts.rerunOf?.runId,
            rerunFromNodeId: opts.rerunOf?.fromNodeId,
            force,
            status: 'queued',
            startedBy: who.userId,
            idempotencyKey,
          })
          .returning(),
        touchStoredOutputs(tx, who.teamId, [...reused.keys()].flatMap((id) => keys.get(id) ?? [])),
        findStoredOutputs(tx, { id: runId, teamId: who.teamId, force }, waiting),
      ]);
      const { hits, compute, allSucceeded } = planStartReuse(graph, keys, new Set(reused.keys()), stored);
      // A cache hit's outputs, summary and producing run are copied from its entry in SQL (the entry is locked against
      // deletion by findStoredOutputs); outputs taken from an earlier run (`reused`) are sent.
      const nodeRows = graph.nodes.map((n) => {
        const row = { node_id: n.id, node_type: n.type, content_key: keys.get(n.id) ?? null };
        if (hits.has(n.id)) return { ...row, status: 'succeeded', cached: true };
        const r = reused.get(n.id);
        // Keys left out read as SQL NULL (a JSON null would be stored as a jsonb 'null').
        return r ? { ...row, status: 'succeeded', outputs: r.outputs, ...(r.summary ? { summary: r.summary } : {}), cached_from_run_id: r.fromRunId } : { ...row, status: 'queued' };
      });
      // One parameter, so the statement is prepared once per connection whatever the graph's size (a multi-row VALUES
      // list would be a new text, described in a round trip of its own, for each node count). Sent first: the dispatch
      // below updates these rows; the rest follow in the order written.
      const inserted = tx.execute(sql`
        insert into ${nodeRuns} (run_id, node_id, node_type, content_key, status, progress, outputs, summary, cached_from_run_id, finished_at)
        select ${runId}::uuid, r.node_id, r.node_type, r.content_key, r.status, case when r.status = 'succeeded' then 1 else 0 end,
          coalesce(o.outputs, r.outputs), coalesce(o.summary, r.summary), case when r.cached then o.run_id else r.cached_from_run_id end,
          case when r.status = 'succeeded' then now() end
        from jsonb_to_recordset(${JSON.stringify(nodeRows)}::jsonb)
          as r(node_id text, node_type text, content_key text, status text, outputs jsonb, summary jsonb, cached_from_run_id uuid, cached boolean)
          left join ${nodeOutputs} o on r.cached and o.team_id = ${who.teamId}::uuid and o.content_key = r.content_key`).execute();
      const [, , , finished] = await Promise.all([
        inserted,
        appendRunEvents(tx, runId, [
          { type: 'run_status', status: 'queued', payload: { pipelineVersion: version.version } },
          ...graph.nodes.map((n): RunEventInput => {
            const hit = hits.get(n.id);
            if (hit) return cachedNodeEvent(n.id, hit);
            const r = reused.get(n.id);
            if (!r) return { type: 'node_status', nodeId: n.id, status: 'queued' };
            return { type: 'node_status', nodeId: n.id, status: 'succeeded', payload: { outputs: r.summary ?? {}, cachedFromRunId: r.fromRunId } };
          }),
          ...(allSucceeded ? [{ type: 'run_status', status: 'succeeded' } as const] : []),
        ]),
        enqueueNodes(tx, deps.boss, runId, compute, { dispatched: 0 }),
        // Every node came from the cache: the run is over before any worker is involved (its last event is above).
        allSucceeded ? finishRun(tx, run!, graph, { pipelineName: pipeline.name, eventSent: true }) : run!,
      ]);
      return finished;
    });
  } catch (error) {
    // The same key raced in for another pipeline (a different row lock): the winner's run answers.
    if (!idempotencyKey || !isUniqueViolation(error, 'runs_idempotency_key')) throw error;
    return sameIntent((await findRunByKey(deps.db, who.teamId, idempotencyKey))!, pipelineId);
  }
}

/** `eventSent`: the caller appended the run's succeeded event with its own (a run that ends as it starts). */
async function finishRun(tx: Tx, run: Run, graph: PipelineGraph, known: { pipelineName?: string; eventSent?: boolean } = {}) {
  const now = new Date();
  // Sent together (postgres.js pipelines a transaction's concurrent queries): none reads what another writes.
  const [[done]] = await Promise.all([
    tx.update(runs).set({ status: 'succeeded', startedAt: run.startedAt ?? now, finishedAt: now }).where(eq(runs.id, run.id)).returning(),
    known.eventSent ? undefined : appendRunEvent(tx, run.id, { type: 'run_status', status: 'succeeded' }),
    notifyRunEnded(tx, run, 'succeeded', null, [], known),
    enqueueModelRegistration(tx, run, graph),
  ]);
  return done!;
}

async function findVersion(db: Db, pipelineId: string, versionId: string) {
  const [version] = await db
    .select()
    .from(pipelineVersions)
    .where(and(eq(pipelineVersions.pipelineId, pipelineId), eq(pipelineVersions.id, versionId)));
  return version;
}

/** The earlier run's outputs of every node that does not depend on `fromNodeId` and succeeded there. */
async function outputsBefore(db: Db, graph: PipelineGraph, runId: string, fromNodeId: string) {
  if (!graph.nodes.some((n) => n.id === fromNodeId)) throw new RerunError(`Node ${fromNodeId} is not in the pipeline version that run used.`);
  const redo = new Set([fromNodeId]);
  for (const id of sortTopologically(graph).order) {
    if (graph.edges.some((e) => e.target === id && redo.has(e.source))) redo.add(id);
  }
  const rows = await db.select().from(nodeRuns).where(eq(nodeRuns.runId, runId));
  const reused = new Map<string, ReusedOutput>();
  for (const row of rows) {
    if (redo.has(row.nodeId) || row.status !== 'succeeded' || !row.outputs) continue;
    reused.set(row.nodeId, { outputs: row.outputs, summary: row.summary, fromRunId: row.cachedFromRunId ?? runId });
  }
  return reused;
}

async function findRunByKey(db: Db | Tx, teamId: string, idempotencyKey: string) {
  const [run] = await db.select().from(runs).where(and(eq(runs.teamId, teamId), eq(runs.idempotencyKey, idempotencyKey)));
  return run;
}

function sameIntent(run: Run, pipelineId: string) {
  if (run.pipelineId !== pipelineId.toLowerCase()) throw new IdempotencyKeyReusedError();
  return run;
}

/**
 * Sends one job per node under a new dispatch number, and records the job so the sweeper can watch it. The job id
 * is ours, so recording it, bumping the dispatch and queueing the wake NOTIFY (sent at commit) take one statement,
 * sent together with the job's insert: a node's dispatch is read first, in one query for all of them, unless the
 * caller knows it (`dispatched`, e.g. 0 for a run's fresh nodes).
 */
export async function enqueueNodes(tx: Tx, boss: PgBoss, runId: string, nodeIds: string[], opts: { startAfterSeconds?: number; dispatched?: number } = {}) {
  if (nodeIds.length === 0) return;
  const db = bossDbFor(tx);
  const current =
    opts.dispatched === undefined
      ? new Map(
          (await tx.select({ nodeId: nodeRuns.nodeId, dispatch: nodeRuns.dispatch }).from(nodeRuns).where(and(eq(nodeRuns.runId, runId), inArray(nodeRuns.nodeId, nodeIds)))).map(
            (r) => [r.nodeId, r.dispatch],
          ),
        )
      : new Map(nodeIds.map((id) => [id, opts.dispatched!]));
  const missing = nodeIds.find((id) => !current.has(id));
  if (missing) throw new Error(`Node ${missing} is not part of run ${runId}.`);
  // Under the run's row lock (every caller holds it), so the dispatch read above is still the node's.
  await Promise.all(
    nodeIds.flatMap((nodeId) => {
      const was = current.get(nodeId)!;
      const jobId = randomUUID();
      const dispatch = was + 1;
      return [
        tx
          .update(nodeRuns)
          .set({ dispatch, jobId, queuedAt: sql`now()` })
          .where(and(eq(nodeRuns.runId, runId), eq(nodeRuns.nodeId, nodeId), eq(nodeRuns.dispatch, was)))
          .returning({ woke: sql`pg_notify(${WAKE_CHANNEL}, ${QUEUES.runNode})` })
          .then((rows) => {
            if (rows.length === 0) throw new Error(`Node ${nodeId} of run ${runId} was dispatched by someone else meanwhile.`);
          }),
        boss.send(QUEUES.runNode, { runId, nodeId, dispatch }, { db, id: jobId, ...(opts.startAfterSeconds ? { startAfter: opts.startAfterSeconds } : {}) }).then((sent) => {
          if (!sent) throw new Error(`pg-boss refused the job for node ${nodeId}: does the ${QUEUES.runNode} queue exist?`);
        }),
      ];
    }),
  );
}

export async function lockRun(tx: Tx, runId: string) {
  const [run] = await tx.select().from(runs).where(eq(runs.id, runId)).for('update');
  return run;
}

/**
 * Versions are immutable (never updated), so each process keeps the graphs of the versions it ran lately: a
 * node's claim and completion then skip a read, which is on the path from a node finishing to the next starting.
 */
const PINNED_GRAPHS_KEPT = 64;
const pinnedGraphs = new Map<string, PipelineGraph>();

/** The graph a run executes: the pipeline version it pinned when it started. */
export async function pinnedGraph(tx: Tx, run: { pipelineVersionId: string }) {
  const kept = pinnedGraphs.get(run.pipelineVersionId);
  if (kept) {
    // Least recently used goes first: a Map iterates in insertion order.
    pinnedGraphs.delete(run.pipelineVersionId);
    pinnedGraphs.set(run.pipelineVersionId, kept);
    return kept;
  }
  const [version] = await tx.select({ graph: pipelineVersions.graph }).from(pipelineVersions).where(eq(pipelineVersions.id, run.pipelineVersionId));
  pinnedGraphs.set(run.pipelineVersionId, version!.graph);
  if (pinnedGraphs.size > PINNED_GRAPHS_KEPT) pinnedGraphs.delete(pinnedGraphs.keys().next().value!);
  return version!.graph;
}

const leaseUntil = (seconds: number) => sql`now() + make_interval(secs => ${seconds})`;

/**
 * Marks a queued node running under a new attempt number with a fresh lease, or returns null when there is
 * nothing to do: the run or node finished, the job is stale (the node was dispatched again since), or the
 * node is already running. The last happens when pg-boss retries a job that outlived its expiry while the
 * first attempt still renews its lease: that attempt is healthy and keeps the node. A running node whose
 * lease lapsed is not taken here either; the sweeper re-dispatches it, counting attempts.
 */
/** `workerId` (the heartbeat's id) goes into the running event, so a run's history says which worker ran each node. */
export async function claimNode(db: Db, job: { runId: string; nodeId: string; dispatch: number }, leaseSeconds: number, workerId?: string) {
  const { runId, nodeId } = job;
  return db.transaction(async (tx) => {
    // The run's row lock (taken first, as every transition does) and the node's claim in one round trip: this
    // statement is the whole wait between a worker taking a job and the node counting as running.
    const [claimed] = await tx.execute<{ attempt: number; run_status: Run['status']; team_id: string; pipeline_version_id: string }>(sql`
      with run as (
        select ${runs.id}, ${runs.status}, ${runs.teamId}, ${runs.pipelineVersionId} from ${runs} where ${runs.id} = ${runId} for update
      )
      update ${nodeRuns} set status = 'running', attempt = ${nodeRuns.attempt} + 1, progress = 0, started_at = ${new Date().toISOString()}::timestamptz,
        error = null, lease_expires_at = ${leaseUntil(leaseSeconds)}, worker_id = ${workerId ?? null}
      from run
      where ${nodeRuns.runId} = run.id and run.status in ('queued', 'running') and ${nodeRuns.nodeId} = ${nodeId}
        and ${nodeRuns.dispatch} = ${job.dispatch} and ${nodeRuns.status} = 'queued'
      returning ${nodeRuns.attempt}, run.status as run_status, run.team_id, run.pipeline_version_id`);
    if (!claimed) return null;
    const run = { status: claimed.run_status, teamId: claimed.team_id, pipelineVersionId: claimed.pipeline_version_id };
    const node = { attempt: Number(claimed.attempt) };
    const events: RunEventInput[] = [];
    if (run.status === 'queued') {
      await tx.update(runs).set({ status: 'running', startedAt: new Date() }).where(eq(runs.id, runId));
      events.push({ type: 'run_status', status: 'running' });
    }
    events.push({ type: 'node_status', nodeId, status: 'running', payload: { attempt: node.attempt, ...(workerId ? { worker: workerId } : {}) } });
    await appendRunEvents(tx, runId, events);
    return readClaim(tx, { runId, nodeId, attempt: node.attempt }, run.teamId, await pinnedGraph(tx, run));
  });
}

/** What a worker needs to run a node it claimed: the pinned graph and what the node's inputs wrote. */
export type Claim = {
  nodeId: string;
  attempt: number;
  teamId: string;
  graph: PipelineGraph;
  outputsOf: Map<string, Record<string, string>>;
  /** Content keys settled so far in this run (absent: this node's waits on what it reads). */
  contentKeys: Map<string, string>;
};

async function readClaim(tx: Tx, a: Attempt, teamId: string, graph: PipelineGraph): Promise<Claim> {
  const inputs = await tx.select({ nodeId: nodeRuns.nodeId, outputs: nodeRuns.outputs, contentKey: nodeRuns.contentKey }).from(nodeRuns).where(eq(nodeRuns.runId, a.runId));
  return {
    nodeId: a.nodeId,
    attempt: a.attempt,
    teamId,
    graph,
    outputsOf: new Map(inputs.map((r) => [r.nodeId, r.outputs ?? {}])),
    contentKeys: new Map(inputs.flatMap((r) => (r.contentKey ? [[r.nodeId, r.contentKey] as const] : []))),
  };
}

/**
 * Marks a ready node (never dispatched) running for `taker` under the run's lock, as claimNode would, but
 * without a job: the worker that finished its input runs it next, so no queue hop sits between the two.
 * Its lease, the sweeper and cancel treat it like any claimed node (a lapsed lease re-dispatches it as a job).
 */
async function takeNode(tx: Tx, run: { id: string; teamId: string }, graph: PipelineGraph, nodeId: string, taker: Taker) {
  const [taken] = await tx
    .update(nodeRuns)
    .set({
      status: 'running',
      attempt: sql`${nodeRuns.attempt} + 1`,
      dispatch: sql`${nodeRuns.dispatch} + 1`,
      queuedAt: sql`now()`,
      progress: 0,
      startedAt: new Date(),
      error: null,
      leaseExpiresAt: leaseUntil(taker.leaseSeconds),
      workerId: taker.workerId,
      jobId: taker.jobId,
    })
    .where(and(eq(nodeRuns.runId, run.id), eq(nodeRuns.nodeId, nodeId), eq(nodeRuns.status, 'queued'), eq(nodeRuns.dispatch, 0)))
    .returning({ attempt: nodeRuns.attempt });
  if (!taken) return undefined;
  await appendRunEvent(tx, run.id, { type: 'node_status', nodeId, status: 'running', payload: { attempt: taken.attempt, worker: taker.workerId } });
  return readClaim(tx, { runId: run.id, nodeId, attempt: taken.attempt }, run.teamId, graph);
}

/**
 * A worker slot whose node just finished, ready to run a successor itself. `jobId`: the pg-boss job whose
 * handler runs it, recorded as the node's job (it completes once the node's work stopped).
 */
export type Taker = { leaseSeconds: number; workerId: string; jobId: string };

export type Attempt = { runId: string; nodeId: string; attempt: number };
export const currentAttempt = (a: Attempt) =>
  and(eq(nodeRuns.runId, a.runId), eq(nodeRuns.nodeId, a.nodeId), eq(nodeRuns.attempt, a.attempt), eq(nodeRuns.status, 'running'));

/**
 * Records a node's outputs (and stores them under its content key for later runs), then takes or enqueues
 * every node whose inputs are now all ready. `contentKey` settles the key of a node that had none at start
 * (one that read a URL). With a `taker`, the first node that must compute is claimed for it in this
 * transaction and returned as `next` (the rest are enqueued). `recorded` is false for a stale attempt.
 */
export async function completeNode(
  db: Db,
  boss: PgBoss,
  a: Attempt,
  result: { outputs: Record<string, string>; summary: Record<string, unknown>; contentKey?: string | null; bytes?: number },
  taker?: Taker,
): Promise<{ recorded: boolean; next?: Claim }> {
  return db.transaction(async (tx) => {
    const run = await lockRun(tx, a.runId);
    if (!run) return { recorded: false };
    const [done] = await tx
      .update(nodeRuns)
      .set({ status: 'succeeded', progress: 1, outputs: result.outputs, summary: result.summary, finishedAt: new Date(), ...(result.contentKey ? { contentKey: result.contentKey } : {}) })
      .where(currentAttempt(a))
      .returning();
    if (!done) return { recorded: false };
    if (done.contentKey) {
      const entry = { teamId: run.teamId, contentKey: done.contentKey, nodeType: done.nodeType, nodeId: a.nodeId, runId: a.runId };
      await storeOutputs(tx, { ...entry, outputs: result.outputs, summary: result.summary, bytes: result.bytes ?? 0 });
    }
    await appendRunEvent(tx, a.runId, { type: 'node_status', nodeId: a.nodeId, status: 'succeeded', payload: { outputs: result.summary } });
    if (run.status !== 'running') return { recorded: true };

    const graph = await pinnedGraph(tx, run);
    const { compute, allSucceeded, written } = await reuseStoredOutputs(tx, run, graph);
    const [first, ...rest] = compute;
    const [next] = await Promise.all([taker && first ? takeNode(tx, run, graph, first, taker) : undefined, written]);
    await Promise.all([enqueueNodes(tx, boss, a.runId, next ? rest : compute, { dispatched: 0 }), allSucceeded ? finishRun(tx, run, graph) : undefined]);
    return { recorded: true, next };
  });
}

/** Fails the node and the run; nodes that had not started are marked skipped. */
export async function failNode(db: Db, a: Attempt, message: string) {
  return db.transaction(async (tx) => failNodeWhere(tx, a, currentAttempt(a), message));
}

/** Appends the failed attempt (its number, error, time and worker) to the node's `attempts`, in the same UPDATE. */
export const withFailedAttempt = (message: string) =>
  sql`${nodeRuns.attempts} || jsonb_build_array(jsonb_strip_nulls(jsonb_build_object('attempt', ${nodeRuns.attempt}, 'error', ${message}::text, 'at', now(), 'worker', ${nodeRuns.workerId})))`;

type FailAs = {
  /** `dead_letter` once transient errors exhausted the retries. */
  status?: 'failed' | 'dead_letter';
  /** The run's error; by default "<node> failed: <message>". */
  runError?: string;
};

/** Fails the node matching `where` (checked under the run's lock) and, with it, its run. False when nothing matched. */
export async function failNodeWhere(tx: Tx, a: { runId: string; nodeId: string }, where: SQL | undefined, message: string, as: FailAs = {}) {
  const run = await lockRun(tx, a.runId);
  if (!run) return false;
  const status = as.status ?? 'failed';
  const [failed] = await tx
    .update(nodeRuns)
    .set({ status, error: message, finishedAt: new Date(), leaseExpiresAt: null, attempts: withFailedAttempt(message) })
    .where(where)
    .returning();
  if (!failed) return false;
  await appendRunEvent(tx, a.runId, { type: 'node_status', nodeId: a.nodeId, status, message, payload: { attempts: failed.attempts } });
  if (run.status !== 'queued' && run.status !== 'running') return true;
  const graph = await pinnedGraph(tx, run);
  const skipped = await tx
    .update(nodeRuns)
    .set({ status: 'skipped', finishedAt: new Date() })
    .where(and(eq(nodeRuns.runId, a.runId), eq(nodeRuns.status, 'queued')))
    .returning({ nodeId: nodeRuns.nodeId });
  for (const s of skipped) await appendRunEvent(tx, a.runId, { type: 'node_status', nodeId: s.nodeId, status: 'skipped' });
  const error = as.runError ?? `${nodeLabel(graph, a.nodeId)} failed: ${message}`;
  await tx.update(runs).set({ status: 'failed', error, finishedAt: new Date() }).where(eq(runs.id, a.runId));
  await appendRunEvent(tx, a.runId, { type: 'run_status', status: 'failed', message: error });
  await notifyRunEnded(tx, run, 'failed', error);
  return true;
}

/** Extends the lease of a running attempt; false when the attempt is no longer current (taken over, or the run ended). */
export async function renewLease(db: Db, a: Attempt, leaseSeconds: number) {
  const runStillGoing = sql`exists (select 1 from ${runs} where ${runs.id} = ${a.runId} and ${runs.status} = 'running')`;
  const rows = await db
    .update(nodeRuns)
    .set({ leaseExpiresAt: leaseUntil(leaseSeconds) })
    .where(and(currentAttempt(a), runStillGoing))
    .returning({ nodeId: nodeRuns.nodeId });
  return rows.length > 0;
}

/** Progress ticks; ignored when the attempt is no longer current. */
export async function recordProgress(db: Db, a: Attempt, progress: number, message?: string, payload?: unknown) {
  await db.transaction(async (tx) => {
    // Run row first, then node row: the order every transition takes, so none can deadlock another.
    await lockRun(tx, a.runId);
    const [row] = await tx.update(nodeRuns).set({ progress }).where(currentAttempt(a)).returning({ nodeId: nodeRuns.nodeId });
    if (row) await appendRunEvent(tx, a.runId, { type: 'node_progress', nodeId: a.nodeId, progress, message, payload });
  });
}

/** A node's log line; dropped when the attempt is no longer current (a cancelled or superseded step may still be winding down). */
export async function recordLog(db: Db, a: Attempt, message: string) {
  await db.transaction(async (tx) => {
    await lockRun(tx, a.runId);
    const [current] = await tx.select({ nodeId: nodeRuns.nodeId }).from(nodeRuns).where(currentAttempt(a));
    if (current) await appendRunEvent(tx, a.runId, { type: 'node_log', nodeId: a.nodeId, message });
  });
}
