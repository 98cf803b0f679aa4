import { createClient } from 'graphql-ws';
import { useEffect, useRef, useState } from 'react';
import { graphqlWsUrl } from '~/canvas/use-run-events';

const TEAM_RUN_UPDATES = /* GraphQL */ `
  subscription TeamRunUpdates {
    teamRunUpdates { id status pipelineId trigger }
  }
`;

export type RunUpdate = { id: string; status: string; pipelineId: string; trigger: string };

export type FeedConnection = 'connecting' | 'live' | 'reconnecting' | 'lost';

const MAX_RETRIES = 10;

/**
 * Calls `onChange` with the run whenever one of the team's runs is created, starts or ends, and without one
 * each time the socket connects (changes may have been missed before). Returns the connection's state.
 */
export function useTeamRunUpdates(onChange: (run?: RunUpdate) => void): FeedConnection {
  const handler = useRef(onChange);
  handler.current = onChange;
  const [connection, setConnection] = useState<FeedConnection>('connecting');

  useEffect(() => {
    let disposed = false;
    let retries = 0;
    let timer: ReturnType<typeof setTimeout> | undefined;
    let unsubscribe = () => {};
    const client = createClient({
      url: graphqlWsUrl(),
      lazy: true,
      retryAttempts: 0,
      keepAlive: 15_000,
      on: {
        // Runs may have changed between the page's data being read and the socket connecting (a run that ends
        // meanwhile would otherwise stay "running" in the list), and while a dropped socket was away.
        connected: () => {
          handler.current(undefined);
          retries = 0;
          setConnection('live');
        },
      },
    });

    const retry = () => {
      if (disposed) return;
      if (retries >= MAX_RETRIES) return setConnection('lost');
      retries++;
      setConnection('reconnecting');
      timer = setTimeout(subscribe, Math.min(500 * 2 ** (retries - 1), 8_000));
    };

    function subscribe() {
      unsubscribe = client.subscribe<{ teamRunUpdates: RunUpdate }>(
        { query: TEAM_RUN_UPDATES },
        {
          next: ({ data, errors }) => {
            if (!errors?.length && data) handler.current(data.teamRunUpdates);
          },
          // GraphQL errors (signed out) will not heal by retrying; socket drops will.
          error: (error) => (Array.isArray(error) ? setConnection('lost') : retry()),
          complete: retry,
        },
      );
    }

    subscribe();
    return () => {
      disposed = true;
      clearTimeout(timer);
      unsubscribe();
      void client.dispose();
    };
  }, []);
  return connection;
}
