import type { Db, Sql } from '../db/client';
import { isTerminalRunEvent, listRunEvents, RUN_EVENTS_CHANNEL, type RunEvent } from '../db/queries/run-events';

/**
 * The web process LISTENs once on the run-events channel and wakes the subscribers of that run;
 * each subscriber then reads its next events from `run_events`, so a reconnect with afterSeq loses nothing.
 */
export async function startRunEventHub(sql: Sql, db: Db) {
  const waiters = new Map<string, Set<() => void>>();
  const listener = await sql.listen(RUN_EVENTS_CHANNEL, (payload) => {
    const runId = payload.split(':')[0]!;
    waiters.get(runId)?.forEach((wake) => wake());
  });

  async function* subscribe(runId: string, afterSeq: number, signal?: AbortSignal): AsyncGenerator<RunEvent> {
    let pending = true;
    let wake: () => void = () => {};
    const onEvent = () => {
      pending = true;
      wake();
    };
    let set = waiters.get(runId);
    if (!set) waiters.set(runId, (set = new Set()));
    set.add(onEvent);
    const onAbort = () => wake();
    signal?.addEventListener('abort', onAbort);
    try {
      let last = afterSeq;
      while (!signal?.aborted) {
        if (!pending) await new Promise<void>((resolve) => (wake = resolve));
        pending = false;
        for (const event of await listRunEvents(db, runId, last)) {
          last = event.seq;
          yield event;
          if (isTerminalRunEvent(event)) return;
        }
      }
    } finally {
      signal?.removeEventListener('abort', onAbort);
      set.delete(onEvent);
      if (set.size === 0) waiters.delete(runId);
    }
  }

  return { subscribe, stop: () => listener.unlisten() };
}

export type RunEventHub = Awaited<ReturnType<typeof startRunEventHub>>;
