import type { Db, Sql } from '../db/client';
import { isConnectionLoss } from '../db/connection-loss';
import { isTerminalRunEvent, listRunEvents, parseRunEventNotice, RUN_EVENTS_CHANNEL, type RunEvent } from '../db/queries/run-events';
import { abortableIterator } from './abortable-iterator';

/**
 * A run's subscribers on this process (each told the seq a notification announced, or nothing when anything
 * may have been missed), and the reads of its events made since its last notification.
 */
type Feed = { wakers: Set<(seq?: number) => void>; reads: Map<number, Promise<RunEvent[]>> };

const PAGE = 500;
const READ_RETRY_MS = 500;

/**
 * The web process LISTENs once on the run-events channel and wakes the subscribers of that run;
 * each subscriber then reads its next events from `run_events`, so a reconnect with afterSeq loses nothing.
 * Subscribers of a run that ask for the events after the same seq share one read per notification: the 200
 * tabs following a run cost one query per event, not 200. A read made after the latest notification holds
 * every event that notification announced; one made before it may not, so each notification starts afresh.
 * A notification of an event a subscriber has already read (one read took in several events) wakes nobody.
 */
export async function startRunEventHub(sql: Sql, db: Db) {
  const feeds = new Map<string, Feed>();
  const wakeFeed = (feed: Feed, seq?: number) => {
    feed.reads.clear();
    feed.wakers.forEach((wake) => wake(seq));
  };
  const listener = await sql.listen(
    RUN_EVENTS_CHANNEL,
    (payload) => {
      const { runId, seq } = parseRunEventNotice(payload);
      const feed = feeds.get(runId);
      if (feed) wakeFeed(feed, Number.isSafeInteger(seq) ? seq : undefined);
    },
    // After a reconnect (the database restarted) notifications may have been missed: everyone re-reads.
    () => feeds.forEach((feed) => wakeFeed(feed)),
  );

  const readAfter = (runId: string, feed: Feed, afterSeq: number) => {
    let read = feed.reads.get(afterSeq);
    if (!read) {
      // execute(): a drizzle query is a thenable that runs again on every `then`, so sharing it shared nothing.
      read = listRunEvents(db, runId, afterSeq, PAGE).execute();
      feed.reads.set(afterSeq, read);
      // A failed read is not shared: the next subscriber to ask tries again.
      read.catch(() => feed.reads.get(afterSeq) === read && feed.reads.delete(afterSeq));
    }
    return read;
  };

  async function* follow(runId: string, afterSeq: number, signal: AbortSignal): AsyncGenerator<RunEvent> {
    let last = afterSeq;
    // A read is due while the history is unread, a page came back full, a notice may have been missed,
    // or a notification announced an event after `last`.
    let mustRead = true;
    let announced = 0;
    const due = () => mustRead || announced > last;
    let wake: () => void = () => {};
    const onNotice = (seq?: number) => {
      if (seq === undefined) mustRead = true;
      else if (seq > announced) announced = seq;
      if (due()) wake();
    };
    const onAbort = () => wake();
    let feed = feeds.get(runId);
    if (!feed) feeds.set(runId, (feed = { wakers: new Set(), reads: new Map() }));
    feed.wakers.add(onNotice);
    signal.addEventListener('abort', onAbort);
    try {
      while (!signal.aborted) {
        if (!due()) await new Promise<void>((resolve) => (wake = resolve));
        if (signal.aborted) return;
        mustRead = false;
        let page: RunEvent[];
        try {
          page = await readAfter(runId, feed, last);
        } catch (error) {
          // The database is restarting: the subscription stays open and reads again shortly, from where it was.
          if (!isConnectionLoss(error)) throw error;
          mustRead = true;
          await new Promise((resolve) => setTimeout(resolve, READ_RETRY_MS));
          continue;
        }
        // A full page means more rows are waiting: read again without waiting for a notification.
        if (page.length === PAGE) mustRead = true;
        for (const event of page) {
          last = event.seq;
          yield event;
          if (isTerminalRunEvent(event)) return;
        }
      }
    } finally {
      signal.removeEventListener('abort', onAbort);
      feed.wakers.delete(onNotice);
      if (feed.wakers.size === 0 && feeds.get(runId) === feed) feeds.delete(runId);
    }
  }

  /** The run's events from after `afterSeq`; unsubscribing ends a wait at once (see abortableIterator). */
  const subscribe = (runId: string, afterSeq: number) => abortableIterator((signal) => follow(runId, afterSeq, signal));

  return {
    subscribe,
    /** Subscribers following a run on this process now (for /metrics). */
    get active() {
      let n = 0;
      for (const feed of feeds.values()) n += feed.wakers.size;
      return n;
    },
    stop: () => listener.unlisten(),
  };
}

export type RunEventHub = Awaited<ReturnType<typeof startRunEventHub>>;
