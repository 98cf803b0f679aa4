import { createHash } from 'node:crypto';
import { and, eq, sql, type SQL } from 'drizzle-orm';
import { createContentKeys, type DatasetIdentities } from '../engine/content-key';
import { sortTopologically } from '../engine/graph';
import type { PipelineGraph } from '../engine/graph-types';
import type { Tx } from '../db/client';
import { appendRunEvents, type RunEventInput } from '../db/queries/run-events';
import { nodeOutputs, nodeRuns } from '../db/schema';

/**
 * Skip-unchanged caching for runs. A node's outputs are stored in node_outputs under its content key
 * (engine/content-key.ts, the same function previews use, here without a sample: the full data). A run
 * reuses them for every node whose key is known when the node becomes ready, unless the run is forced.
 *
 * Keys are known at start for nodes whose whole upstream is static (uploads, samples, params). A Fetch node
 * reads a URL whose content may change at any time, so its key is settled only after it ran, from a checksum
 * of what it read; the nodes below it get their keys from it when they become ready.
 */

/** Keys of a run's nodes at its start; null where the key waits for content the run has not read yet (URLs). */
export function startKeys(graph: PipelineGraph, identities: DatasetIdentities): Map<string, string | null> {
  const keyOf = createContentKeys(graph, identities);
  return new Map(graph.nodes.map((n) => [n.id, attempt(() => keyOf(n.id))]));
}

/**
 * A node's key from the keys already settled in its run. `contentChecksum` (the node's own outputs, for a node
 * that read a URL) stands in for the URL's identity: the key then changes exactly when the fetched content does.
 */
export function settledKey(graph: PipelineGraph, nodeId: string, known: ReadonlyMap<string, string>, contentChecksum?: string): string | null {
  const identities: DatasetIdentities = {
    identifyDataset: (ref) => (ref.source === 'url' && contentChecksum ? `url:${ref.url}:content:${contentChecksum}` : undefined),
  };
  return attempt(() => createContentKeys(graph, identities, undefined, known)(nodeId));
}

/** One checksum over a node's outputs from each port's sha256 of its encoded bytes. */
export function outputsChecksum(portChecksums: Record<string, string>): string {
  const hash = createHash('sha256');
  for (const port of Object.keys(portChecksums).sort()) hash.update(`${port}\0${portChecksums[port]}\n`);
  return hash.digest('hex');
}

function attempt(key: () => string): string | null {
  try {
    return key();
  } catch {
    // A node whose key cannot be computed yet (or at all) simply runs.
    return null;
  }
}

type CacheRun = { id: string; teamId: string; force: boolean };

/**
 * Takes every node of the run that is ready (never dispatched, all inputs succeeded) and whose key has a stored
 * output: marks it succeeded with `cachedFromRunId`, which may make its successors ready in turn. Returns the
 * ready nodes that must compute, for the caller to enqueue, and `written`, the reuse's writes already sent, for the
 * caller to await with its own next writes. Runs under the run's row lock, as a node finishes (a run's start plans
 * its reuse with planStartReuse instead).
 */
export async function reuseStoredOutputs(tx: Tx, run: CacheRun, graph: PipelineGraph): Promise<{ compute: string[]; allSucceeded: boolean; written: Promise<void> }> {
  const rows = await tx
    .select({ nodeId: nodeRuns.nodeId, status: nodeRuns.status, dispatch: nodeRuns.dispatch, contentKey: nodeRuns.contentKey })
    .from(nodeRuns)
    .where(eq(nodeRuns.runId, run.id));
  const state = new Map(rows.map((r) => [r.nodeId, r]));
  const inputsOf = (id: string) => graph.edges.filter((e) => e.target === id).map((e) => e.source);
  const handled = new Set<string>();
  const compute: string[] = [];
  const stored = new Set<string>();
  const lookedUp = new Set<string>();
  const lookUp = async (keys: string[]) => {
    const fresh = keys.filter((k) => !lookedUp.has(k));
    fresh.forEach((k) => lookedUp.add(k));
    for (const key of await findStoredOutputs(tx, run, fresh)) stored.add(key);
  };
  // Every waiting node's known key in one query, not one query per level of the graph: a fully cached run is then a
  // handful of statements. Entries of nodes not ready yet are marked used a little early, which only delays their expiry.
  await lookUp(rows.flatMap((r) => (r.status === 'queued' && r.dispatch === 0 && r.contentKey ? [r.contentKey] : [])));
  const hits: { node_id: string; content_key: string }[] = [];
  const events: RunEventInput[] = [];
  for (;;) {
    const ready = rows.filter(
      (r) => !handled.has(r.nodeId) && r.status === 'queued' && r.dispatch === 0 && inputsOf(r.nodeId).every((s) => state.get(s)?.status === 'succeeded'),
    );
    if (ready.length === 0) break;
    const known = new Map(rows.flatMap((r) => (r.contentKey ? [[r.nodeId, r.contentKey] as const] : [])));
    for (const r of ready) {
      handled.add(r.nodeId);
      if (r.contentKey) continue;
      r.contentKey = settledKey(graph, r.nodeId, known);
      if (r.contentKey) await tx.update(nodeRuns).set({ contentKey: r.contentKey }).where(and(eq(nodeRuns.runId, run.id), eq(nodeRuns.nodeId, r.nodeId)));
    }
    await lookUp(ready.flatMap((r) => (r.contentKey ? [r.contentKey] : [])));
    for (const r of ready) {
      if (!r.contentKey || !stored.has(r.contentKey)) {
        compute.push(r.nodeId);
        continue;
      }
      r.status = 'succeeded';
      hits.push({ node_id: r.nodeId, content_key: r.contentKey });
      events.push(cachedNodeEvent(r.nodeId, r.contentKey));
    }
  }
  // Sent, not awaited: the caller pipelines what it writes next (the dispatch, the run's end) behind these.
  const written =
    hits.length === 0
      ? Promise.resolve()
      : Promise.all([
          tx.execute(sql`
            update ${nodeRuns} set status = 'succeeded', progress = 1, outputs = o.outputs, summary = o.summary, cached_from_run_id = o.run_id, finished_at = now()
            from jsonb_to_recordset(${JSON.stringify(hits)}::jsonb) as h(node_id text, content_key text)
              join ${nodeOutputs} o on o.team_id = ${run.teamId}::uuid and o.content_key = h.content_key
            where ${nodeRuns.runId} = ${run.id}::uuid and ${nodeRuns.nodeId} = h.node_id`),
          appendRunEvents(tx, run.id, events),
        ]).then(() => undefined);
  written.catch(() => undefined);
  return { compute, allSucceeded: rows.every((r) => r.status === 'succeeded'), written };
}

/** A node taken from the cache: its summary and producing run are filled in from the entry in SQL (appendRunEvents). */
export const cachedNodeEvent = (nodeId: string, contentKey: string): RunEventInput => ({
  type: 'node_status',
  nodeId,
  status: 'succeeded',
  payload: { cached: true },
  cacheKey: contentKey,
});

/**
 * What a run starting now takes from the cache (every key it can have is known at its start, so this reads nothing):
 * in graph order, a node whose key is among `stored` and whose inputs all succeeded (`done`: taken from an earlier
 * run) or come from the cache too. `compute`: the nodes left whose inputs are all ready, for the caller to enqueue.
 */
export function planStartReuse(graph: PipelineGraph, keys: ReadonlyMap<string, string | null>, done: ReadonlySet<string>, stored: ReadonlySet<string>) {
  const hits = new Map<string, string>();
  const compute: string[] = [];
  const ready = new Set(done);
  for (const id of sortTopologically(graph).order) {
    if (ready.has(id) || !graph.edges.every((e) => e.target !== id || ready.has(e.source))) continue;
    const key = keys.get(id);
    if (key && stored.has(key)) {
      hits.set(id, key);
      ready.add(id);
    } else compute.push(id);
  }
  return { hits, compute, allSucceeded: graph.nodes.every((n) => ready.has(n.id)) };
}

/** The keys as one parameter: a list of one parameter each would be a new statement, described first, per graph size. */
const keyList = (keys: string[]) => sql`select jsonb_array_elements_text(${JSON.stringify(keys)}::jsonb)`;

/**
 * Which of `keys` have stored outputs (none for a forced run). Their rows are locked against deletion (retention, "delete
 * outputs") until the caller commits, so the outputs it then copies in SQL (into node_runs and events) are still there;
 * FOR KEY SHARE does not wait for, or block, another run reusing or storing the same entry. A caller that knows the keys
 * before its node runs exist (startRun) sends this alongside the run's insert and plans with the answer (planStartReuse).
 */
export async function findStoredOutputs(tx: Tx, run: CacheRun, keys: string[]): Promise<Set<string>> {
  if (run.force || keys.length === 0) return new Set();
  const found = await tx.execute<{ content_key: string }>(sql`
    with found as (
      select content_key from ${nodeOutputs}
      where team_id = ${run.teamId}::uuid and content_key in (${keyList(keys)})
      for key share
    ), touched as (${touch(run.teamId, sql`select content_key from found`)})
    select content_key from found`);
  return new Set([...found].map((f) => f.content_key));
}

/**
 * A use moves an entry's lastUsedAt only when the last move is older than this. Each move writes a new row version and
 * index entry (a whole entry: its summary too); retention counts in days, so a cached rerun a minute later need not.
 */
const TOUCH_AFTER = sql`interval '1 hour'`;

const touch = (teamId: string, keys: SQL) =>
  sql`update ${nodeOutputs} set last_used_at = now() where team_id = ${teamId}::uuid and content_key in (${keys}) and last_used_at < now() - ${TOUCH_AFTER}`;

/** Marks entries as used (a rerun from a node took an earlier run's outputs directly), so retention keeps them. */
export async function touchStoredOutputs(tx: Tx, teamId: string, keys: string[]) {
  if (keys.length === 0) return;
  await tx.execute(touch(teamId, keyList(keys)));
}

/**
 * Stores a finished node's outputs under its key. A forced run replaces the entry (the newest run becomes the
 * producer); the outputs it displaces stay with their runs until the retention sweep.
 */
export async function storeOutputs(
  tx: Tx,
  entry: { teamId: string; contentKey: string; nodeType: string; nodeId: string; runId: string; outputs: Record<string, string>; summary: Record<string, unknown>; bytes: number },
) {
  await tx
    .insert(nodeOutputs)
    .values(entry)
    .onConflictDoUpdate({
      target: [nodeOutputs.teamId, nodeOutputs.contentKey],
      set: { outputs: entry.outputs, summary: entry.summary, runId: entry.runId, nodeId: entry.nodeId, bytes: entry.bytes, createdAt: sql`now()`, lastUsedAt: sql`now()` },
    });
}
