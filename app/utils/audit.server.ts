import type { Executor } from "./db.server.ts";

export interface AuditEntry {
  actorId: string | null;
  accountId?: string | null;
  entity: string;
  entityId: string;
  action: string;
  before?: Record<string, unknown> | null;
  after?: Record<string, unknown> | null;
  ip?: string | null;
}

/**
 * Appends an audit event. Call it with the same transaction that made the change,
 * so the change and its record land together or not at all. Only the fields that
 * changed are kept in before/after.
 */
export async function writeAudit(trx: Executor, entry: AuditEntry): Promise<void> {
  const { before, after } = diff(entry.before ?? null, entry.after ?? null);
  await trx
    .insertInto("audit_events")
    .values({
      actor_id: entry.actorId,
      account_id: entry.accountId ?? null,
      entity: entry.entity,
      entity_id: entry.entityId,
      action: entry.action,
      before,
      after,
      ip: entry.ip ?? null,
    })
    .execute();
}

/**
 * The audit of one kind of an account's records (the entity: a plan, a task):
 * each change as the context's actor's, from their address.
 */
export function accountRecordAudit(entity: string) {
  return (
    trx: Executor,
    { actor, ip }: { actor: { id: string }; ip?: string | null },
    accountId: string,
    entityId: string,
    change: Pick<AuditEntry, "action" | "before" | "after">,
  ) => writeAudit(trx, { actorId: actor.id, accountId, entity, entityId, ...change, ip });
}

function diff(before: Record<string, unknown> | null, after: Record<string, unknown> | null) {
  if (!before || !after) return { before: before && plain(before), after: after && plain(after) };
  const b: Record<string, unknown> = {};
  const a: Record<string, unknown> = {};
  for (const key of new Set([...Object.keys(before), ...Object.keys(after)])) {
    if (key === "updated_at" || key === "version") continue;
    if (JSON.stringify(before[key]) !== JSON.stringify(after[key])) {
      b[key] = before[key] ?? null;
      a[key] = after[key] ?? null;
    }
  }
  return { before: b, after: a };
}

function plain(row: Record<string, unknown>) {
  return JSON.parse(JSON.stringify(row)) as Record<string, unknown>;
}
