import type { Db, Sql } from '../db/client';
import { isConnectionLoss } from '../db/connection-loss';
import { isTerminalRunEvent, listRunEvents, RUN_EVENTS_CHANNEL, type RunEvent } from '../db/queries/run-events';
import { abortableIterator } from './abortable-iterator';

/**
 * The web process LISTENs once on the run-events channel and wakes the subscribers of that run;
 * each subscriber then reads its next events from `run_events`, so a reconnect with afterSeq loses nothing.
 */
export async function startRunEventHub(sql: Sql, db: Db) {
  const waiters = new Map<string, Set<() => void>>();
  const listener = await sql.listen(
    RUN_EVENTS_CHANNEL,
    (payload) => {
      const runId = payload.split(':')[0]!;
      waiters.get(runId)?.forEach((wake) => wake());
    },
    // After a reconnect (the database restarted) notifications may have been missed: everyone re-reads.
    () => waiters.forEach((set) => set.forEach((wake) => wake())),
  );

  const PAGE = 500;
  const READ_RETRY_MS = 500;

  async function* follow(runId: string, afterSeq: number, signal: AbortSignal): AsyncGenerator<RunEvent> {
    let pending = true;
    let wake: () => void = () => {};
    const onEvent = () => {
      pending = true;
      wake();
    };
    let set = waiters.get(runId);
    if (!set) waiters.set(runId, (set = new Set()));
    set.add(onEvent);
    signal.addEventListener('abort', onEvent);
    try {
      let last = afterSeq;
      while (!signal.aborted) {
        if (!pending) await new Promise<void>((resolve) => (wake = resolve));
        if (signal.aborted) return;
        pending = false;
        let page: RunEvent[];
        try {
          page = await listRunEvents(db, runId, last, PAGE);
        } catch (error) {
          // The database is restarting: the subscription stays open and reads again shortly, from where it was.
          if (!isConnectionLoss(error)) throw error;
          pending = true;
          await new Promise((resolve) => setTimeout(resolve, READ_RETRY_MS));
          continue;
        }
        // A full page means more rows are waiting: read again without waiting for a notification.
        if (page.length === PAGE) pending = true;
        for (const event of page) {
          last = event.seq;
          yield event;
          if (isTerminalRunEvent(event)) return;
        }
      }
    } finally {
      signal.removeEventListener('abort', onEvent);
      set.delete(onEvent);
      if (set.size === 0) waiters.delete(runId);
    }
  }

  /** The run's events from after `afterSeq`; unsubscribing ends a wait at once (see abortableIterator). */
  const subscribe = (runId: string, afterSeq: number) => abortableIterator((signal) => follow(runId, afterSeq, signal));

  return {
    subscribe,
    /** Subscribers following a run on this process now (for /metrics). */
    get active() {
      let n = 0;
      for (const set of waiters.values()) n += set.size;
      return n;
    },
    stop: () => listener.unlisten(),
  };
}

export type RunEventHub = Awaited<ReturnType<typeof startRunEventHub>>;
