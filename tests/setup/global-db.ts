import { chmod, mkdtemp, rm } from 'node:fs/promises';
import { createServer } from 'node:net';
import os from 'node:os';
import path from 'node:path';
import postgres from 'postgres';
import type { TestProject } from 'vitest/node';
import { migrateDatabase } from '../../db/client';
import { startEmbeddedPostgres } from '../../db/embedded';
import { startBoss } from '../../worker/queues';

export const TEMPLATE_DB = 'pw_test_template';

/**
 * One Postgres for the whole test run (embedded unless DATABASE_URL is set) and one migrated template
 * database, pg-boss schema included; each test file clones its own database from it.
 */
export default async function setup(project: TestProject) {
  let adminUrl = process.env.DATABASE_URL;
  let stopEmbedded = async () => {};
  let tmp: string | undefined;
  if (!adminUrl) {
    // Parents must be readable by the postgres OS user when tests run as root.
    tmp = await mkdtemp(path.join(os.tmpdir(), 'pipewright-test-'));
    await chmod(tmp, 0o755);
    const pg = await startEmbeddedPostgres({ dataDir: path.join(tmp, 'pg'), port: await freePort() });
    adminUrl = pg.url('postgres');
    stopEmbedded = pg.stop;
  }
  const admin = postgres(adminUrl, { max: 1, onnotice: () => {} });
  await admin.unsafe(`drop database if exists ${TEMPLATE_DB} with (force)`);
  await admin.unsafe(`create database ${TEMPLATE_DB}`);
  const templateUrl = withDatabase(adminUrl, TEMPLATE_DB);
  await migrateDatabase(templateUrl);
  const boss = await startBoss(templateUrl, { supervise: false, leaseSeconds: 30 });
  await boss.stop({ graceful: false, wait: true });
  project.provide('adminDatabaseUrl', adminUrl);

  return async () => {
    await admin.unsafe(`drop database if exists ${TEMPLATE_DB} with (force)`).catch(() => {});
    await admin.end();
    await stopEmbedded();
    if (tmp) await rm(tmp, { recursive: true, force: true });
  };
}

export function withDatabase(url: string, database: string) {
  const u = new URL(url);
  u.pathname = `/${database}`;
  return u.toString();
}

export function freePort() {
  return new Promise<number>((resolve, reject) => {
    const srv = createServer();
    srv.listen(0, '127.0.0.1', () => {
      const address = srv.address();
      srv.close(() => (typeof address === 'object' && address ? resolve(address.port) : reject(new Error('no port'))));
    });
  });
}

declare module 'vitest' {
  export interface ProvidedContext {
    adminDatabaseUrl: string;
    browserWsEndpoint: string;
  }
}
