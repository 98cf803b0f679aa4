import path from 'node:path';
import postgres from 'postgres';
import { migrateDatabase } from './client';
import { startEmbeddedPostgres } from './embedded';

const EMBEDDED_DB_NAME = 'pipewright';

/**
 * The database the product runs on: DATABASE_URL when given, else an embedded Postgres whose files
 * live in `<dataDir>/postgres`, restarted if it stops on its own. Migrations are applied either way.
 */
export async function openDatabase(opts: { databaseUrl?: string; dataDir: string; embeddedPort: number; signal?: AbortSignal }) {
  if (opts.databaseUrl) {
    await migrateDatabase(opts.databaseUrl);
    return { url: opts.databaseUrl, embedded: false, stop: async () => {}, kill: () => {} };
  }
  const pg = await startEmbeddedPostgres({ dataDir: path.join(opts.dataDir, 'postgres'), port: opts.embeddedPort, signal: opts.signal, supervise: true });
  try {
    await ensureDatabase(pg.url('postgres'), EMBEDDED_DB_NAME);
    const url = pg.url(EMBEDDED_DB_NAME);
    await migrateDatabase(url);
    return { url, embedded: true, stop: pg.stop, kill: pg.kill };
  } catch (error) {
    await pg.stop();
    throw error;
  }
}

export async function ensureDatabase(adminUrl: string, name: string) {
  const sql = postgres(adminUrl, { max: 1, onnotice: () => {} });
  try {
    const [exists] = await sql`select 1 from pg_database where datname = ${name}`;
    if (!exists) await sql.unsafe(`create database "${name.replace(/"/g, '""')}"`);
  } finally {
    await sql.end();
  }
}
