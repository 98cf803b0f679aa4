import { createClient, type Client } from 'graphql-ws';
import WebSocket from 'ws';

export type WsErrors = { message: string; extensions?: Record<string, unknown> }[];

/**
 * One graphql-ws connection (never retried) that records how it closed, so tests can assert that the
 * server closed it, when, and with which code, or that it is still open.
 */
export function openSocket(origin: string, cookie?: string) {
  let closed: { code: number; reason: string; at: number } | undefined;
  const client: Client = createClient({
    url: `${origin.replace('http', 'ws')}/graphql`,
    webSocketImpl: class extends WebSocket {
      constructor(url: string, protocols?: string | string[]) {
        super(url, protocols, { headers: { origin, ...(cookie ? { cookie } : {}) } });
      }
    },
    lazy: false,
    retryAttempts: 0,
    onNonLazyError: () => {},
    on: {
      closed: (event) => {
        const e = event as { code: number; reason: string };
        closed = { code: e.code, reason: String(e.reason), at: Date.now() };
      },
    },
  });

  /** Starts an operation; `first` settles with its first result or its errors, `done` when it ends. */
  function start<T = Record<string, unknown>>(query: string, variables: Record<string, unknown> = {}) {
    const results: T[] = [];
    let settleFirst: (v: { data?: T; errors?: WsErrors }) => void = () => {};
    const first = new Promise<{ data?: T; errors?: WsErrors }>((resolve) => (settleFirst = resolve));
    let unsubscribe = () => {};
    const done = new Promise<{ errors?: WsErrors; closed?: boolean }>((resolve) => {
      unsubscribe = client.subscribe<T>({ query, variables }, {
        next: (result) => {
          if (result.errors) settleFirst({ errors: result.errors as WsErrors });
          else settleFirst({ data: result.data as T });
          results.push(result.data as T);
        },
        error: (error) => {
          const errors = Array.isArray(error) ? (error as WsErrors) : undefined;
          settleFirst({ errors: errors ?? [{ message: 'socket closed' }] });
          resolve(errors ? { errors } : { closed: true });
        },
        complete: () => resolve({}),
      });
    });
    return { first, done, results, unsubscribe: () => unsubscribe() };
  }

  return {
    start,
    get closed() {
      return closed;
    },
    dispose: () => client.dispose(),
  };
}

/** Polls `check` every 10 ms until it returns a truthy value or `ms` pass. */
export async function waitFor<T>(check: () => T | undefined | false, ms: number, what: string): Promise<T> {
  const deadline = Date.now() + ms;
  for (;;) {
    const value = check();
    if (value) return value;
    if (Date.now() > deadline) throw new Error(`Timed out after ${ms} ms waiting for ${what}.`);
    await new Promise((r) => setTimeout(r, 10));
  }
}
