import { randomBytes } from 'node:crypto';
import postgres from 'postgres';
import { inject } from 'vitest';
import { TEMPLATE_DB, withDatabase } from './global-db';

/** A fresh database cloned from the migrated template; dropped by the returned cleanup. */
export async function createTestDatabase() {
  const adminUrl = inject('adminDatabaseUrl');
  const name = `pw_test_${randomBytes(5).toString('hex')}`;
  const admin = postgres(adminUrl, { max: 1, onnotice: () => {} });
  // Cloning needs the template to have no other sessions; retry briefly while another file clones it.
  for (let attempt = 0; ; attempt++) {
    try {
      await admin.unsafe(`create database ${name} template ${TEMPLATE_DB}`);
      break;
    } catch (error) {
      if (attempt >= 50 || !String(error).includes('being accessed by other users')) throw error;
      await new Promise((r) => setTimeout(r, 100));
    }
  }
  return {
    url: withDatabase(adminUrl, name),
    async drop() {
      await admin.unsafe(`drop database if exists ${name} with (force)`);
      await admin.end();
    },
  };
}
