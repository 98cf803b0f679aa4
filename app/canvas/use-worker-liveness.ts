import { useEffect, useState } from 'react';
import { fetchLiveWorkers } from './graphql-client';

const POLL_MS = 3_000;

/**
 * While `watching` (a run is waiting or running), asks the server every few seconds how many workers are
 * live. Returns undefined until the first answer, and when not watching.
 */
export function useLiveWorkers(watching: boolean) {
  const [live, setLive] = useState<number | undefined>(undefined);
  useEffect(() => {
    if (!watching) {
      setLive(undefined);
      return;
    }
    let disposed = false;
    let timer: ReturnType<typeof setTimeout> | undefined;
    const poll = async () => {
      // A failed poll says nothing about the workers; keep the last answer and try again.
      const count = await fetchLiveWorkers().catch(() => undefined);
      if (disposed) return;
      if (count !== undefined) setLive(count);
      timer = setTimeout(poll, POLL_MS);
    };
    void poll();
    return () => {
      disposed = true;
      clearTimeout(timer);
    };
  }, [watching]);
  return live;
}
