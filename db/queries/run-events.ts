import { and, asc, eq, gt, sql } from 'drizzle-orm';
import type { Db, Tx } from '../client';
import { nodeOutputs, runEvents, runs } from '../schema';

export const RUN_EVENTS_CHANNEL = 'pipewright_run_events';

export type RunEventInput = {
  type: 'run_status' | 'node_status' | 'node_progress' | 'node_log';
  nodeId?: string;
  status?: string;
  progress?: number;
  message?: string;
  payload?: unknown;
  /**
   * A node taken from the cache: its payload gains `outputs` (the entry's summary) and `cachedFromRunId` (the run that
   * produced it) from node_outputs in SQL, so a fully cached run's summaries do not travel through Node and back.
   */
  cacheKey?: string;
};
export type RunEvent = typeof runEvents.$inferSelect;

/**
 * Appends events with the run's next sequence numbers and NOTIFYs listeners on commit, in one statement: a run's
 * start or a node's claim writes several events and each round trip delays dispatch. One notice announces the
 * batch (its last sequence number, and `run_status` if one is among them): a fully cached run's nine events woke
 * every listening process nine times.
 * Bumping `runs.event_seq` takes the run's row lock, so a run's events commit in sequence order.
 */
export async function appendRunEvents(tx: Db | Tx, runId: string, events: RunEventInput[]): Promise<number[]> {
  if (events.length === 0) return [];
  // Keys left out read as SQL NULL in jsonb_to_recordset (a JSON null payload would be a jsonb 'null' instead).
  const rows = JSON.stringify(
    events.map((e, i) => ({
      ord: i + 1,
      type: e.type,
      node_id: e.nodeId,
      status: e.status,
      progress: e.progress,
      message: e.message,
      ...(e.payload == null ? {} : { payload: e.payload }),
      ...(e.cacheKey ? { cache_key: e.cacheKey } : {}),
    })),
  );
  // A second statement text, not a join every append pays for: only events from the cache read node_outputs.
  const fromCache = events.some((e) => e.cacheKey);
  const payload = fromCache
    ? sql`case when e.cache_key is null then e.payload
        else coalesce(e.payload, '{}'::jsonb) || jsonb_build_object('outputs', coalesce(o.summary, '{}'::jsonb), 'cachedFromRunId', o.run_id) end`
    : sql`e.payload`;
  const cached = fromCache ? sql`left join ${nodeOutputs} o on o.team_id = bumped.team_id and o.content_key = e.cache_key` : sql``;
  const result = await tx.execute<{ seq: string | number }>(sql`
    with bumped as (
      update ${runs} set event_seq = event_seq + ${events.length}::int where id = ${runId}::uuid returning event_seq, team_id
    ), inserted as (
      insert into ${runEvents} (run_id, seq, type, node_id, status, progress, message, payload)
      select ${runId}::uuid, bumped.event_seq - ${events.length}::int + e.ord, e.type, e.node_id, e.status, e.progress, e.message, ${payload}
      from bumped cross join jsonb_to_recordset(${rows}::jsonb)
        as e(ord int, type text, node_id text, status text, progress real, message text, payload jsonb, cache_key text)
        ${cached}
      returning seq, type
    ), announced as (
      select pg_notify(${RUN_EVENTS_CHANNEL}, ${runId}::text || ':' || max(seq) || ':' || case when bool_or(type = 'run_status') then 'run_status' else min(type) end)
      from inserted
    )
    select seq from inserted, announced order by seq`);
  const seqs = [...result].map((r) => Number(r.seq));
  if (seqs.length !== events.length) throw new Error(`Run ${runId} does not exist`);
  return seqs;
}

/** Appends one event; see appendRunEvents. */
export async function appendRunEvent(tx: Db | Tx, runId: string, event: RunEventInput) {
  const [seq] = await appendRunEvents(tx, runId, [event]);
  return seq!;
}

/**
 * A run-events notification's payload, `runId:seq:type`: the last event of a batch appended together, typed
 * `run_status` when the batch holds one (listeners that only care about run statuses skip the rest unread).
 */
export function parseRunEventNotice(payload: string) {
  const [runId = '', seq, type] = payload.split(':');
  return { runId, seq: Number(seq), type: type as RunEventInput['type'] | undefined };
}

export function listRunEvents(db: Db, runId: string, afterSeq: number, limit = 500) {
  return db
    .select()
    .from(runEvents)
    .where(and(eq(runEvents.runId, runId), gt(runEvents.seq, afterSeq)))
    .orderBy(asc(runEvents.seq))
    .limit(limit);
}

export const isTerminalRunEvent = (e: Pick<RunEvent, 'type' | 'status'>) =>
  e.type === 'run_status' && (e.status === 'succeeded' || e.status === 'failed' || e.status === 'cancelled');
