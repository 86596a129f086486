import { writeAudit, type AuditEntry } from "#app/utils/audit.server.ts";
import type { Trx } from "#app/utils/db.server.ts";

// Who acts in the portal, and the audit of what they did. Its own module: the
// portal's review and notice models need only this, not the portal actions
// (whose refusal keys would then count as messages of every page reaching them).

/** The account and the stakeholder always come from the session, never from the form. */
export interface PortalActor {
  userId: string;
  accountId: string;
  stakeholderId: string;
  ip?: string | null;
}

/** The audit event of what the portal actor did, on their account. */
export function auditPortalAction(trx: Trx, actor: PortalActor, entry: Omit<AuditEntry, "actorId" | "accountId" | "ip">) {
  return writeAudit(trx, { actorId: actor.userId, accountId: actor.accountId, ...entry, ip: actor.ip });
}
