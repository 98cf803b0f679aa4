import type { Db, Tx } from '../client';
import { auditEvents } from '../schema';

/** Who acted: a signed-in user, or an API token (requests with `Authorization: Bearer`). */
export type AuditActor = { userId?: string | null; tokenId?: string | null };

export type AuditEntry = {
  teamId: string;
  actor: AuditActor;
  /** Dotted, noun first: `member.invited`, `member.role_changed`, `token.revoked`, `model.promoted`, `pipeline.deleted`… */
  action: string;
  target?: { type: string; id: string; name?: string | null };
  details?: Record<string, unknown>;
};

/** The one way anything is written to a team's audit log; call it in the transaction that makes the change. */
export async function recordAudit(tx: Db | Tx, entry: AuditEntry) {
  await tx.insert(auditEvents).values({
    teamId: entry.teamId,
    actorUserId: entry.actor.userId ?? null,
    actorTokenId: entry.actor.tokenId ?? null,
    action: entry.action,
    targetType: entry.target?.type ?? null,
    targetId: entry.target?.id ?? null,
    targetName: entry.target?.name ?? null,
    details: entry.details ?? null,
  });
}
