import type { Db, Sql } from '../db/client';
import { isConnectionLoss } from '../db/connection-loss';
import { findRunTeam, findTeamRunDetails, listTeamRunsChangedSince, type RunDetails } from '../db/queries/run-list';
import { parseRunEventNotice, RUN_EVENTS_CHANNEL } from '../db/queries/run-events';
import { abortableIterator } from './abortable-iterator';

type Feed = { changed(runId: string): void; resync(since: Date): void };

/** Runs whose team is remembered; a run never changes team, so entries never go stale, only old. */
const TEAM_CACHE_SIZE = 5_000;
const READ_RETRY_MS = 500;

/**
 * Feeds of one team's runs: each run_status event (a run created, started or ended) wakes the feeds of the
 * run's team, which then read the run back filtered by their own team, so another team's run never reaches
 * them. Progress and log events are skipped unread: the notification names its type.
 */
export async function startTeamRunHub(sql: Sql, db: Db) {
  const feeds = new Map<string, Set<Feed>>();
  const teamOfRun = new Map<string, string>();
  let lastNoticeAt = new Date();

  const forEachFeed = (fn: (feed: Feed) => void) => feeds.forEach((set) => set.forEach(fn));

  async function route(runId: string) {
    let teamId = teamOfRun.get(runId);
    if (!teamId) {
      teamId = await findRunTeam(db, runId);
      if (!teamId) return;
      if (teamOfRun.size >= TEAM_CACHE_SIZE) teamOfRun.delete(teamOfRun.keys().next().value!);
      teamOfRun.set(runId, teamId);
    }
    feeds.get(teamId)?.forEach((feed) => feed.changed(runId));
  }

  const listener = await sql.listen(
    RUN_EVENTS_CHANNEL,
    (payload) => {
      lastNoticeAt = new Date();
      if (feeds.size === 0) return;
      const { runId, type } = parseRunEventNotice(payload);
      if (type !== undefined && type !== 'run_status') return;
      // The lookup failed (the database is going away): every feed re-reads once it can, so nothing is lost.
      const since = new Date(Date.now() - 60_000);
      route(runId).catch(() => forEachFeed((feed) => feed.resync(since)));
    },
    // After a reconnect notifications may have been missed: every feed re-reads what changed meanwhile.
    () => {
      const since = new Date(lastNoticeAt.getTime() - 5_000);
      forEachFeed((feed) => feed.resync(since));
    },
  );

  async function* follow(teamId: string, signal: AbortSignal): AsyncGenerator<RunDetails> {
    const changed = new Set<string>();
    let resyncSince: Date | undefined;
    let wake: () => void = () => {};
    const feed: Feed = {
      changed(runId) {
        changed.add(runId);
        wake();
      },
      resync(since) {
        resyncSince = resyncSince && resyncSince < since ? resyncSince : since;
        wake();
      },
    };
    let set = feeds.get(teamId);
    if (!set) feeds.set(teamId, (set = new Set()));
    set.add(feed);
    const onAbort = () => wake();
    signal.addEventListener('abort', onAbort);
    try {
      while (!signal.aborted) {
        if (changed.size === 0 && !resyncSince) await new Promise<void>((resolve) => (wake = resolve));
        if (signal.aborted) return;
        // Several events of one run between two reads are one update with its latest state.
        const ids = [...changed];
        changed.clear();
        const since = resyncSince;
        resyncSince = undefined;
        let rows: RunDetails[];
        try {
          rows = since ? await listTeamRunsChangedSince(db, teamId, since) : await findTeamRunDetails(db, teamId, ids);
        } catch (error) {
          // The database is restarting: keep what was to be read and try again shortly; the feed stays open.
          if (!isConnectionLoss(error)) throw error;
          ids.forEach((id) => changed.add(id));
          if (since) feed.resync(since);
          await new Promise((resolve) => setTimeout(resolve, READ_RETRY_MS));
          continue;
        }
        for (const row of rows) yield row;
      }
    } finally {
      signal.removeEventListener('abort', onAbort);
      set.delete(feed);
      if (set.size === 0) feeds.delete(teamId);
    }
  }

  /** The team's run updates; unsubscribing ends a wait at once (see abortableIterator). */
  const subscribe = (teamId: string) => abortableIterator((signal) => follow(teamId, signal));

  return { subscribe, stop: () => listener.unlisten() };
}

export type TeamRunHub = Awaited<ReturnType<typeof startTeamRunHub>>;
