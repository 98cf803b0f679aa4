import { createHash } from 'node:crypto';
import type PgBoss from 'pg-boss';
import { UserError, type PortValue, type RunContext } from '../../engine/define-node';
import { runGraphNode } from '../../engine/execute';
import { upstreamDatasets } from '../../engine/upstream-datasets';
import { decodePortValue, encodePortValue, summarizePortValue } from '../../engine/io/serialize';
import type { BlobStore } from '../../db/blob-store';
import type { Db } from '../../db/client';
import { retryWhileDatabaseIsAway } from '../../db/connection-loss';
import { findRunOrigin } from '../../db/queries/runs';
import type { DatasetResolver } from '../datasets';
import { handBackJob, type InFlight } from '../drain';
import { outputsChecksum, settledKey } from '../output-cache';
import { retryOrDeadLetter } from '../node-retries';
import { JOB_EXPIRY_LEASES, runNodePayload, type RetrySettings } from '../queues';
import { claimNode, completeNode, failNode, recordLog, recordProgress, renewLease, type Attempt, type Claim, type Taker } from '../run-lifecycle';
import type { RunningNodes } from '../running-nodes';

export type RunNodeDeps = {
  db: Db;
  boss: PgBoss;
  blobs: BlobStore;
  datasets: DatasetResolver;
  leaseSeconds: number;
  workerId: string;
  retry: RetrySettings;
  running: RunningNodes;
  inFlight: InFlight;
};

const PROGRESS_INTERVAL_MS = 250;

/** Executes one node of one run: load inputs from blobs, run the engine's node, store outputs, advance the run. */
export function createRunNodeHandler(deps: RunNodeDeps) {
  return async (jobs: PgBoss.JobWithMetadata<unknown>[]) => {
    for (const job of jobs) await runOne(deps, job);
  };
}

async function runOne(deps: RunNodeDeps, job: PgBoss.JobWithMetadata<unknown>) {
  const payload = runNodePayload.parse(job.data);
  if (deps.inFlight.draining) return handBackJob(deps.db, deps.boss, payload);
  const claim = await claimNode(deps.db, payload, deps.leaseSeconds, deps.workerId);
  if (!claim) return;
  // Successors this handler takes for itself keep pg-boss's job (and so this slot) busy: past half the job's
  // expiry, leave them to the queue, or pg-boss would stop waiting and hand the slot another job meanwhile.
  const takeUntil = Date.now() + (deps.leaseSeconds * JOB_EXPIRY_LEASES * 1000) / 2;
  // Asked when the node finishes: a draining worker takes nothing more.
  const taker = (): Taker | undefined =>
    !deps.inFlight.draining && Date.now() < takeUntil ? { leaseSeconds: deps.leaseSeconds, workerId: deps.workerId, jobId: job.id } : undefined;
  let node: { attempt: Attempt; claim: Claim; lease: Lease } | undefined = track(deps, payload.runId, claim);
  while (node) {
    const current = node;
    node = undefined;
    try {
      const next = await runClaimed(deps, current.claim, current.attempt, current.lease, taker);
      // Tracked before the finished node is forgotten, so a drain that began meanwhile waits for it (or hands it back).
      if (next) node = track(deps, payload.runId, next);
    } finally {
      deps.inFlight.delete(current.attempt);
    }
  }
}

type Lease = ReturnType<typeof keepLease>;

/** Starts renewing a claimed node's lease and counts it as running on this worker. */
function track(deps: RunNodeDeps, runId: string, claim: Claim) {
  const attempt = { runId, nodeId: claim.nodeId, attempt: claim.attempt };
  const lease = keepLease(deps, attempt);
  deps.inFlight.add({ attempt, abort: lease.abort, renew: lease.renew });
  return { attempt, claim, lease };
}

/** Runs a claimed node to its recorded end; returns the successor completeNode took for this worker, if any. */
async function runClaimed(deps: RunNodeDeps, claim: Claim, attempt: Attempt, lease: Lease, taker: () => Taker | undefined): Promise<Claim | undefined> {
  const { runId, nodeId } = attempt;
  // A database restart while the node runs must not lose its result: its writes wait for the database, up to a lease
  // (after that the node is another worker's anyway).
  const persist = <T>(write: () => Promise<T>) => retryWhileDatabaseIsAway(write, deps.leaseSeconds * 1000);
  const reporter = createProgressReporter(deps.db, attempt, persist);
  const log = (message: string) => reporter.enqueue(() => recordLog(deps.db, attempt, message));
  const ctx: RunContext = {
    progress: reporter.progress,
    log,
    metric: reporter.metric,
    signal: lease.signal,
    loadDataset: (ref, read) => deps.datasets.loadDataset(claim.teamId, ref, { signal: lease.signal, log, read }),
    async lineage() {
      const origin = await persist(() => findRunOrigin(deps.db, runId));
      if (!origin) throw new Error(`Run ${runId} is gone; its model has no lineage to record.`);
      const datasets = await persist(() => deps.datasets.describeDatasets(claim.teamId, upstreamDatasets(claim.graph, nodeId)));
      return { runId, nodeId, ...origin, datasets, at: new Date().toISOString() };
    },
  };
  const getInput = async (sourceNodeId: string, sourcePort: string): Promise<PortValue> => {
    const key = claim.outputsOf.get(sourceNodeId)?.[sourcePort];
    if (!key) throw new Error(`Output "${sourcePort}" of node ${sourceNodeId} is missing from this run.`);
    return decodePortValue(await deps.blobs.get(key));
  };

  // Outputs written by this attempt; deleted unless its completion commits (a cancelled or superseded attempt
  // leaves no orphan blob, even when the cancel lands while they are being written).
  const written: string[] = [];
  let recorded = false;
  try {
    const outputs = await runGraphNode(claim.graph, nodeId, getInput, ctx);
    const keys: Record<string, string> = {};
    const summary: Record<string, unknown> = {};
    const checksums: Record<string, string> = {};
    let bytes = 0;
    for (const [port, value] of Object.entries(outputs)) {
      lease.signal.throwIfAborted();
      keys[port] = `runs/${runId}/${nodeId}/${claim.attempt}/${port}.bin`;
      const encoded = encodePortValue(value);
      bytes += encoded.byteLength;
      if (!claim.contentKeys.has(nodeId)) checksums[port] = createHash('sha256').update(encoded).digest('hex');
      written.push(keys[port]);
      await deps.blobs.put(keys[port], encoded);
      summary[port] = summarizePortValue(value);
    }
    lease.signal.throwIfAborted();
    // A node without a key at start read a URL: its key comes from the content it read.
    const contentKey = claim.contentKeys.get(nodeId) ?? settledKey(claim.graph, nodeId, claim.contentKeys, outputsChecksum(checksums));
    await reporter.flush();
    // From here a cancel is settled by the database: completeNode refuses an attempt that is no longer running.
    lease.stop();
    const completed = await persist(() => completeNode(deps.db, deps.boss, attempt, { outputs: keys, summary, contentKey, bytes }, taker()));
    recorded = completed.recorded;
    return completed.next;
  } catch (error) {
    lease.stop();
    await reporter.flush();
    // Cancelled, or our lease was lost (another worker took over, or the run ended): that attempt's outcome is moot.
    if (lease.signal.aborted) return;
    const message = error instanceof Error ? error.message : String(error);
    // A user error (bad config or data) fails at once: running it again gives the same answer.
    if (error instanceof UserError) return void (await persist(() => failNode(deps.db, attempt, message)));
    // Not the user's to fix: the stack goes to the worker's log for whoever runs it.
    console.warn(`[worker] ${nodeId} of run ${runId} failed on attempt ${claim.attempt}`, error);
    await persist(() => retryOrDeadLetter(deps.db, deps.boss, attempt, message, deps.retry));
  } finally {
    if (!recorded) await discardOutputs(deps.blobs, written);
  }
}

async function discardOutputs(blobs: BlobStore, keys: string[]) {
  for (const key of keys) await blobs.delete(key).catch((error) => console.error(`[worker] could not delete the unrecorded output ${key}`, error));
}

/** Renews the node's lease while it runs; aborts the node's work when the lease turns out to be lost. */
function keepLease(deps: RunNodeDeps, attempt: { runId: string; nodeId: string; attempt: number }) {
  const controller = new AbortController();
  const untrack = deps.running.track(attempt.runId, controller);
  const renew = () =>
    renewLease(deps.db, attempt, deps.leaseSeconds).then(
      (current) => void (current || controller.abort(new Error('This attempt was superseded.'))),
      (error) => console.error('[worker] could not renew a node lease', error),
    );
  const timer = setInterval(renew, (deps.leaseSeconds * 1000) / 3);
  const stop = () => {
    clearInterval(timer);
    untrack();
  };
  return {
    signal: controller.signal,
    stop,
    renew,
    /** Stops the node's work: its outcome will not be recorded (the node was handed back or taken over). */
    abort(reason: Error) {
      stop();
      controller.abort(reason);
    },
  };
}

/**
 * Forwards progress at most every 250 ms, in order, without blocking the node's computation. Each progress
 * event carries the latest value of every metric (loss, accuracy…), so the canvas can chart training live.
 */
function createProgressReporter(db: Db, attempt: { runId: string; nodeId: string; attempt: number }, persist: (write: () => Promise<void>) => Promise<void>) {
  let chain = Promise.resolve();
  let lastAt = 0;
  let lastValue = -1;
  let metrics: Record<string, { value: number; step?: number }> = {};
  let metricsSent = true;
  const enqueue = (write: () => Promise<void>) => {
    chain = chain.then(() => persist(write)).catch((error) => console.error('[worker] could not record progress', error));
  };
  const send = (value: number, message?: string) => {
    const payload = Object.keys(metrics).length > 0 ? { metrics } : undefined;
    metricsSent = true;
    enqueue(() => recordProgress(db, attempt, value, message, payload));
  };
  return {
    enqueue,
    progress(fraction: number, message?: string) {
      const now = Date.now();
      const value = Math.max(0, Math.min(1, fraction));
      if (value === lastValue || (now - lastAt < PROGRESS_INTERVAL_MS && value < 1)) return;
      lastAt = now;
      lastValue = value;
      send(value, message);
    },
    metric(name: string, value: number, step?: number) {
      metrics = { ...metrics, [name]: { value, step } };
      metricsSent = false;
    },
    flush() {
      if (!metricsSent) send(Math.max(lastValue, 0));
      return chain;
    },
  };
}
