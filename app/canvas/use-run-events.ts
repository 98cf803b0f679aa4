import { createClient, type Client } from 'graphql-ws';
import { useEffect, useRef } from 'react';
import { finalRunPhases, type RunEvent, type RunState } from './editor-types';
import { RUN_EVENTS } from './graphql-client';

export function graphqlWsUrl() {
  const { protocol, host } = window.location;
  return `${protocol === 'https:' ? 'wss' : 'ws'}://${host}/graphql`;
}

const MAX_RETRIES = 10;

/**
 * Follows one run's events over graphql-ws. Remembers the last `seq` it delivered, so after a dropped
 * socket it re-subscribes with `afterSeq` and loses nothing; duplicates are dropped. Stops after the
 * final run_status.
 */
export function useRunEvents(
  runId: string | undefined,
  onEvent: (event: RunEvent) => void,
  onConnection: (state: RunState['connection']) => void,
) {
  const handlers = useRef({ onEvent, onConnection });
  handlers.current = { onEvent, onConnection };

  useEffect(() => {
    if (!runId) return;
    let lastSeq: number | null = null;
    let finished = false;
    let disposed = false;
    let retries = 0;
    let timer: ReturnType<typeof setTimeout> | undefined;
    let unsubscribe = () => {};
    const client: Client = createClient({ url: graphqlWsUrl(), lazy: true, retryAttempts: 0, keepAlive: 15_000 });

    const retry = () => {
      if (disposed || finished) return;
      if (retries >= MAX_RETRIES) {
        handlers.current.onConnection('lost');
        return;
      }
      retries++;
      handlers.current.onConnection('reconnecting');
      timer = setTimeout(subscribe, Math.min(500 * 2 ** (retries - 1), 8_000));
    };

    function subscribe() {
      unsubscribe = client.subscribe<{ runEvents: RunEvent }>(
        { query: RUN_EVENTS, variables: { runId, afterSeq: lastSeq } },
        {
          next: ({ data, errors }) => {
            if (errors?.length) return;
            const event = data?.runEvents;
            if (!event || (lastSeq !== null && event.seq <= lastSeq)) return;
            lastSeq = event.seq;
            retries = 0;
            if (event.type === 'run_status' && event.status && finalRunPhases.has(event.status)) finished = true;
            handlers.current.onEvent(event);
          },
          error: (error) => {
            // GraphQL errors (not found, forbidden) will not heal by retrying; socket drops will.
            if (Array.isArray(error)) handlers.current.onConnection('lost');
            else retry();
          },
          complete: () => {
            if (!finished) retry();
          },
        },
      );
    }

    handlers.current.onConnection('live');
    subscribe();
    return () => {
      disposed = true;
      clearTimeout(timer);
      unsubscribe();
      void client.dispose();
    };
  }, [runId]);
}
