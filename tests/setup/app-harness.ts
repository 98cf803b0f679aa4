import { mkdtemp, rm } from 'node:fs/promises';
import os from 'node:os';
import path from 'node:path';
import { createClient } from 'graphql-ws';
import WebSocket from 'ws';
import { createServices, type ServiceOptions } from '../../app/services.server';
import type { GraphQLOptions } from '../../graphql/yoga';
import { buildApp } from '../../server';
import { startWorker } from '../../worker/boot';
import type { UrlFetchSettings } from '../../worker/url-fetch/settings';
import { createTestDatabase } from './test-database';

/**
 * The real web server (Remix, yoga, graphql-ws) on a free port, optionally with a real pg-boss worker,
 * over a database of this test file's own.
 */
export async function startHarness(
  opts: {
    worker?: boolean;
    trustProxy?: boolean;
    uploadParse?: { concurrency: number; queueLimit: number };
    graphql?: Partial<GraphQLOptions>;
    /** Fetch nodes' settings for both the web process and the worker (e.g. an allowlisted local server). */
    urlFetch?: UrlFetchSettings;
    preview?: ServiceOptions['preview'];
    /** SMTP and webhook settings of the web process and the worker (webhooks use urlFetch's allowlist). */
    notifications?: ServiceOptions['notifications'];
    apiRateLimitPerMinute?: number;
  } = {},
) {
  const database = await createTestDatabase();
  // Laid out like DATA_DIR, so worker processes spawned with DATA_DIR=dataDir share the blobs.
  const dataDir = await mkdtemp(path.join(os.tmpdir(), 'pipewright-data-'));
  const blobDir = path.join(dataDir, 'blobs');
  const { services, stop: stopServices } = await createServices({ databaseUrl: database.url, blobDir, secureCookies: false, maxUploadBytes: 5 * 1024 * 1024, uploadParse: opts.uploadParse, preview: opts.preview, urlFetch: opts.urlFetch, notifications: opts.notifications, apiRateLimitPerMinute: opts.apiRateLimitPerMinute });
  const web = await buildApp(services, { port: 0, host: '127.0.0.1', dev: false, trustProxy: opts.trustProxy, graphql: opts.graphql });
  const port = await web.start();
  const worker = opts.worker ? await startWorker({ databaseUrl: database.url, blobDir, concurrency: 2, leaseSeconds: 30, drainSeconds: 5, urlFetch: opts.urlFetch, notifications: opts.notifications }) : undefined;
  const origin = `http://127.0.0.1:${port}`;

  return {
    origin,
    services,
    databaseUrl: database.url,
    dataDir,
    /** Signs up (then in) through the real forms and returns a client carrying that session cookie. */
    signUp: (email: string, password?: string) => signUpAt(origin, email, password),
    async stop() {
      await worker?.stop();
      await web.stop();
      await stopServices();
      await database.drop();
      await rm(dataDir, { recursive: true, force: true });
    },
  };
}

/** POSTs a form the way a page of `origin` would (its Origin header, redirects not followed). */
export function postForm(origin: string, route: string, form: Record<string, string>, headers: Record<string, string> = {}) {
  return fetch(`${origin}${route}`, {
    method: 'POST',
    redirect: 'manual',
    headers: { origin, 'content-type': 'application/x-www-form-urlencoded', ...headers },
    body: new URLSearchParams(form),
  });
}

/** Signs up and then in through the real /signup and /login forms of any running server (harness or spawned process). */
export async function signUpAt(origin: string, email: string, password = 'correct horse battery') {
  const signedUp = await postForm(origin, '/signup', { email, password, name: email.split('@')[0]! });
  if (signedUp.status !== 302) throw new Error(`sign-up failed: ${signedUp.status} ${await signedUp.text()}`);
  const res = await postForm(origin, '/login', { email, password });
  const cookie = res.headers.get('set-cookie')?.split(';')[0];
  if (res.status !== 302 || !cookie) throw new Error(`sign-in after sign-up failed: ${res.status} ${await res.text()}`);
  return createUserClient(origin, cookie);
}

export type GraphQLResult<T = Record<string, any>> = { data?: T; errors?: { message: string; extensions?: Record<string, any> }[] };

function createUserClient(origin: string, cookie: string) {
  async function gql<T = Record<string, any>>(query: string, variables: Record<string, unknown> = {}): Promise<GraphQLResult<T>> {
    const res = await fetch(`${origin}/graphql`, {
      method: 'POST',
      headers: { origin, cookie, 'content-type': 'application/json' },
      body: JSON.stringify({ query, variables }),
    });
    return (await res.json()) as GraphQLResult<T>;
  }

  /** Collects a subscription's events over a real graphql-ws WebSocket until the server completes it. */
  function subscribe<T>(query: string, variables: Record<string, unknown>, onEvent?: (event: T) => void) {
    const client = createClient({
      url: `${origin.replace('http', 'ws')}/graphql`,
      webSocketImpl: class extends WebSocket {
        constructor(url: string, protocols?: string | string[]) {
          super(url, protocols, { headers: { cookie, origin } });
        }
      },
      retryAttempts: 0,
    });
    const events: T[] = [];
    const done = new Promise<T[]>((resolve, reject) => {
      client.subscribe<T>({ query, variables }, {
        next: (result) => {
          if (result.errors?.length) return reject(new Error(result.errors.map((e) => e.message).join('; ')));
          events.push(result.data as T);
          onEvent?.(result.data as T);
        },
        error: (error) => reject(error instanceof Error ? error : new Error(JSON.stringify(error))),
        complete: () => resolve(events),
      });
    }).finally(() => client.dispose());
    return done;
  }

  return { cookie, gql, subscribe, origin };
}

export type UserClient = ReturnType<typeof createUserClient>;
