import type { Executor } from "#app/utils/db.server.ts";

/** Who last changed an entity, from the audit log (for conflict messages). */
export async function lastEditor(executor: Executor, entity: string, entityId: string): Promise<string | null> {
  const row = await executor
    .selectFrom("audit_events as e")
    .leftJoin("users as u", "u.id", "e.actor_id")
    .select("u.name")
    .where("e.entity", "=", entity)
    .where("e.entity_id", "=", entityId)
    .orderBy("e.id", "desc")
    .limit(1)
    .executeTakeFirst();
  return row?.name ?? null;
}
