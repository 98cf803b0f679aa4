import { createHash, randomBytes } from 'node:crypto';
import { and, desc, eq, getTableColumns, isNull, sql } from 'drizzle-orm';
import type { Db, Tx } from '../client';
import { apiTokens, users, type ApiTokenScope } from '../schema';
import { recordAudit, type AuditActor } from './audit';

/** Serving processes LISTEN here and drop a revoked token from their cache (payload: the token's id). */
export const API_TOKENS_CHANNEL = 'pipewright_api_tokens';

/** Tokens read `pw_<prefix>_<secret>`: the prefix is kept in clear so lists can tell tokens apart. */
const TOKEN_PATTERN = /^pw_([A-Za-z0-9]{8})_([A-Za-z0-9_-]{43})$/;
export const MAX_TOKEN_DAYS = 3650;

export const hashApiToken = (token: string) => createHash('sha256').update(token).digest('hex');

/** Whether a string has the shape of one of our tokens (a cheap check before any lookup). */
export const looksLikeApiToken = (token: string) => TOKEN_PATTERN.test(token);

function newTokenSecret() {
  const prefix = randomBytes(12).toString('base64').replace(/[^A-Za-z0-9]/g, '').slice(0, 8).padEnd(8, '0');
  return { prefix, token: `pw_${prefix}_${randomBytes(32).toString('base64url')}` };
}

export type ApiTokenRow = typeof apiTokens.$inferSelect;

/** The fields of a token a list shows (never its hash). */
export type ApiTokenSummary = Omit<ApiTokenRow, 'tokenHash'> & { createdByName: string | null };

export async function createApiToken(
  db: Db,
  input: { teamId: string; actor: AuditActor & { userId: string }; name: string; scope: ApiTokenScope; expiresInDays: number | null; rateLimitPerMinute: number | null },
): Promise<{ token: ApiTokenSummary; secret: string }> {
  const { prefix, token: secret } = newTokenSecret();
  const expiresAt = input.expiresInDays == null ? null : new Date(Date.now() + input.expiresInDays * 86_400_000);
  const row = await db.transaction(async (tx) => {
    const [created] = await tx
      .insert(apiTokens)
      .values({ teamId: input.teamId, name: input.name, scope: input.scope, prefix, tokenHash: hashApiToken(secret), createdBy: input.actor.userId, expiresAt, rateLimitPerMinute: input.rateLimitPerMinute })
      .returning();
    await recordAudit(tx, {
      teamId: input.teamId,
      actor: input.actor,
      action: 'token.created',
      target: { type: 'token', id: created!.id, name: created!.name },
      details: { scope: input.scope, prefix, expiresAt: expiresAt?.toISOString() ?? null, rateLimitPerMinute: input.rateLimitPerMinute },
    });
    return created!;
  });
  const [summary] = await listApiTokens(db, input.teamId, row.id);
  return { token: summary!, secret };
}

/** The team's tokens, newest first (revoked ones too, so the list shows when and that they were revoked). */
export async function listApiTokens(db: Db, teamId: string, id?: string): Promise<ApiTokenSummary[]> {
  const { tokenHash: _hash, ...columns } = getTableColumns(apiTokens);
  return db
    .select({ ...columns, createdByName: users.name })
    .from(apiTokens)
    .leftJoin(users, eq(users.id, apiTokens.createdBy))
    .where(id ? and(eq(apiTokens.teamId, teamId), eq(apiTokens.id, id)) : eq(apiTokens.teamId, teamId))
    .orderBy(desc(apiTokens.createdAt));
}

/**
 * Revokes a token, audits it and tells every serving process (NOTIFY in the same transaction, so no process
 * hears of it before it is committed). Undefined when the team has no such unrevoked token.
 */
export async function revokeApiToken(db: Db, input: { teamId: string; actor: AuditActor; id: string }) {
  const revoked = await db.transaction(async (tx: Tx) => {
    const [row] = await tx
      .update(apiTokens)
      .set({ revokedAt: new Date() })
      .where(and(eq(apiTokens.teamId, input.teamId), eq(apiTokens.id, input.id), isNull(apiTokens.revokedAt)))
      .returning({ id: apiTokens.id, name: apiTokens.name });
    if (!row) return undefined;
    await recordAudit(tx, { teamId: input.teamId, actor: input.actor, action: 'token.revoked', target: { type: 'token', id: row.id, name: row.name } });
    await tx.execute(sql`select pg_notify(${API_TOKENS_CHANNEL}, ${row.id})`);
    return row;
  });
  return revoked && (await listApiTokens(db, input.teamId, revoked.id))[0];
}

/** The token with this secret's hash, whatever its state (the caller says why it is refused). */
export async function findApiTokenByHash(db: Db, tokenHash: string) {
  const [row] = await db
    .select({ id: apiTokens.id, teamId: apiTokens.teamId, name: apiTokens.name, scope: apiTokens.scope, createdBy: apiTokens.createdBy, rateLimitPerMinute: apiTokens.rateLimitPerMinute, expiresAt: apiTokens.expiresAt, revokedAt: apiTokens.revokedAt })
    .from(apiTokens)
    .where(eq(apiTokens.tokenHash, tokenHash));
  return row;
}

export async function markApiTokenUsed(db: Db, id: string, at: Date) {
  await db.update(apiTokens).set({ lastUsedAt: at }).where(eq(apiTokens.id, id));
}
