import type { Actor } from "#app/domain/permissions.ts";
import { writeAudit, type AuditEntry } from "#app/utils/audit.server.ts";
import type { Trx } from "#app/utils/db.server.ts";
import { ConflictError } from "#app/utils/errors.server.ts";
import { lastEditor } from "./audit.server.ts";
import { refreshAccountScores } from "./scores.server.ts";

// What every write to an account's record ends with (stakeholders,
// touchpoints): the change audited and the account's scores refreshed, both in
// the caller's transaction; and what each begins with, the refusal of a stale
// version with what is stored now and who saved it last.

/** Who is changing the record, and from where. */
export interface ChangeContext {
  actor: Actor;
  ip?: string | null;
}

/** One change to something of an account's: what it was and the record before and after. */
export type AccountChange = Omit<AuditEntry, "actorId" | "ip" | "accountId"> & { accountId: string };

/** Audits the change as the actor's and refreshes the account's scores, in the caller's transaction. */
export async function recordAccountChange(trx: Trx, { actor, ip }: ChangeContext, change: AccountChange) {
  await writeAudit(trx, { actorId: actor.id, ...change, ip });
  await refreshAccountScores(trx, change.accountId);
}

/** recordAccountChange for one kind of record (the audit's entity). */
export function changeRecorder(entity: string) {
  return (trx: Trx, context: ChangeContext, change: Omit<AccountChange, "entity">) =>
    recordAccountChange(trx, context, { ...change, entity });
}

/**
 * Refuses a change made on an older version than the stored one: the conflict
 * carries the stored values (as the form shows them) and who saved them last.
 */
export async function refuseStaleVersion(
  trx: Trx,
  stored: { entity: string; id: string; version: number },
  seenVersion: number,
  formValues: () => Promise<Record<string, unknown>> | Record<string, unknown>,
) {
  if (stored.version === seenVersion) return;
  throw new ConflictError(await formValues(), await lastEditor(trx, stored.entity, stored.id));
}
