import { and, asc, eq, gt, sql } from 'drizzle-orm';
import type { Db, Tx } from '../client';
import { runEvents, runs } from '../schema';

export const RUN_EVENTS_CHANNEL = 'pipewright_run_events';

export type RunEventInput = {
  type: 'run_status' | 'node_status' | 'node_progress' | 'node_log';
  nodeId?: string;
  status?: string;
  progress?: number;
  message?: string;
  payload?: unknown;
};
export type RunEvent = typeof runEvents.$inferSelect;

/**
 * Appends one event with the run's next sequence number and NOTIFYs listeners on commit.
 * Bumping `runs.event_seq` takes the run's row lock, so a run's events commit in sequence order.
 */
export async function appendRunEvent(tx: Db | Tx, runId: string, event: RunEventInput) {
  const [row] = await tx
    .update(runs)
    .set({ eventSeq: sql`${runs.eventSeq} + 1` })
    .where(eq(runs.id, runId))
    .returning({ seq: runs.eventSeq });
  if (!row) throw new Error(`Run ${runId} does not exist`);
  await tx.insert(runEvents).values({
    runId,
    seq: row.seq,
    type: event.type,
    nodeId: event.nodeId ?? null,
    status: event.status ?? null,
    progress: event.progress ?? null,
    message: event.message ?? null,
    payload: event.payload ?? null,
  });
  await tx.execute(sql`select pg_notify(${RUN_EVENTS_CHANNEL}, ${`${runId}:${row.seq}:${event.type}`})`);
  return row.seq;
}

/** A run-events notification's payload, `runId:seq:type`: listeners that care about one event type skip the rest unread. */
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
