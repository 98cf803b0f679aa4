import { waitFor } from './ws-client';

/** A teamRunUpdates subscription's results, as ws-client's `start` collects them. */
export type TeamRunFeed = { results: { teamRunUpdates: { id: string } }[] };

/**
 * The server subscribes a moment after the client asks, with no acknowledgement to wait on: a run started in
 * between is not seen. Starting runs (`start` starts one and returns its id) until one arrives proves the feed
 * live; returns every run started.
 */
export async function startUntilSeen(start: () => Promise<string>, feed: TeamRunFeed): Promise<string[]> {
  const started: string[] = [];
  for (let i = 0; i < 10; i++) {
    const id = await start();
    started.push(id);
    const seen = await waitFor(() => feed.results.some((r) => r?.teamRunUpdates.id === id), 2_000, 'a run on the feed').catch(() => false);
    if (seen) return started;
  }
  throw new Error(`The feed never delivered any of ${started.length} runs.`);
}
