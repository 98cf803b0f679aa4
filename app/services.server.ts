import type PgBoss from 'pg-boss';
import { createLocalBlobStore, type BlobStore } from '../db/blob-store';
import { createDb, type Db, type Sql } from '../db/client';
import { startRunEventHub, type RunEventHub } from '../graphql/run-event-hub';
import { startSocketSessions, type SocketSessions } from '../graphql/socket-sessions';
import { createDatasetResolver, type DatasetResolver } from '../worker/datasets';
import { startBoss } from '../worker/queues';
import { createAuth, type Auth } from './auth.server';

/** Everything a web request needs, built once per web process and handed to Remix and GraphQL as context. */
export type AppServices = {
  db: Db;
  sql: Sql;
  boss: PgBoss;
  blobs: BlobStore;
  datasets: DatasetResolver;
  auth: Auth;
  runEvents: RunEventHub;
  /** Closes the WebSockets of sessions that end (sign-out, password change) on any web instance. */
  socketSessions: SocketSessions;
  maxUploadBytes: number;
};

export async function createServices(opts: { databaseUrl: string; blobDir: string; secureCookies: boolean; maxUploadBytes: number }) {
  const { db, sql } = createDb(opts.databaseUrl);
  // The web process only sends jobs; workers run pg-boss's maintenance.
  const boss = await startBoss(opts.databaseUrl, { supervise: false });
  const blobs = createLocalBlobStore(opts.blobDir);
  const services: AppServices = {
    db,
    sql,
    boss,
    blobs,
    datasets: createDatasetResolver(db, blobs),
    auth: createAuth(db, { secureCookies: opts.secureCookies }),
    runEvents: await startRunEventHub(sql, db),
    socketSessions: await startSocketSessions(sql),
    maxUploadBytes: opts.maxUploadBytes,
  };
  const stop = async () => {
    await services.runEvents.stop();
    await services.socketSessions.stop();
    await boss.stop({ graceful: false, wait: true });
    await sql.end({ timeout: 5 });
  };
  return { services, stop };
}

declare module '@remix-run/node' {
  interface AppLoadContext {
    services: AppServices;
    /** The client's IP address (from X-Forwarded-For only when TRUST_PROXY is set). */
    clientAddress: string;
  }
}
