import { and, desc, eq, like, lt, sql, type SQL } from 'drizzle-orm';
import type { Db } from '../client';
import { apiTokens, auditEvents, users } from '../schema';
import { isUuid } from './pipelines';

export type AuditFilter = {
  /** An exact action (`member.removed`) or a family (`member`, `model`…). */
  action?: string | null;
  actorUserId?: string | null;
  /** Only events before this one (older pages), by id. */
  beforeId?: number | null;
};

/** One page of the team's audit log, newest first, with actor and token names; `more` says an older page exists. */
export async function listAuditEvents(db: Db, teamId: string, filter: AuditFilter, limit = 50) {
  const where: (SQL | undefined)[] = [eq(auditEvents.teamId, teamId)];
  const action = filter.action?.trim();
  if (action) where.push(action.includes('.') ? eq(auditEvents.action, action) : like(auditEvents.action, `${action.replace(/[%_\\]/g, '')}.%`));
  if (filter.actorUserId && isUuid(filter.actorUserId)) where.push(eq(auditEvents.actorUserId, filter.actorUserId));
  if (filter.beforeId) where.push(lt(auditEvents.id, filter.beforeId));
  const rows = await db
    .select({
      id: auditEvents.id,
      at: auditEvents.at,
      action: auditEvents.action,
      actorUserId: auditEvents.actorUserId,
      actorName: users.name,
      actorEmail: users.email,
      actorTokenName: apiTokens.name,
      targetType: auditEvents.targetType,
      targetId: auditEvents.targetId,
      targetName: auditEvents.targetName,
      details: auditEvents.details,
    })
    .from(auditEvents)
    .leftJoin(users, eq(users.id, auditEvents.actorUserId))
    .leftJoin(apiTokens, eq(apiTokens.id, auditEvents.actorTokenId))
    .where(and(...where))
    .orderBy(desc(auditEvents.id))
    .limit(limit + 1);
  return { events: rows.slice(0, limit), more: rows.length > limit };
}

/** The action families present in a team's log, for the filter menu. */
export async function listAuditActions(db: Db, teamId: string) {
  const rows = await db.selectDistinct({ action: auditEvents.action }).from(auditEvents).where(eq(auditEvents.teamId, teamId)).orderBy(sql`1`);
  return rows.map((r) => r.action);
}
