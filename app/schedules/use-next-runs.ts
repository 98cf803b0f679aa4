import { useEffect, useState } from 'react';
import { GraphQLRequestError } from '../canvas/graphql-client';
import { fetchNextRuns } from './schedules-client';

export type NextRuns = { status: 'loading' } | { status: 'ok'; times: string[] } | { status: 'error'; message: string; argument?: string };

/** The next five run times of what is typed, asked for 250 ms after the last keystroke. */
export function useNextRuns(cron: string, timezone: string): NextRuns {
  const [state, setState] = useState<NextRuns>({ status: 'loading' });
  useEffect(() => {
    const abort = new AbortController();
    setState({ status: 'loading' });
    const timer = setTimeout(() => {
      fetchNextRuns(cron, timezone, abort.signal).then(
        (times) => setState({ status: 'ok', times }),
        (error: unknown) => {
          if (abort.signal.aborted) return;
          const argument = error instanceof GraphQLRequestError ? (error.extensions.argument as string | undefined) : undefined;
          setState({ status: 'error', message: error instanceof Error ? error.message : String(error), argument });
        },
      );
    }, 250);
    return () => {
      clearTimeout(timer);
      abort.abort();
    };
  }, [cron, timezone]);
  return state;
}
