import { sql, type Selectable, type UpdateObject } from "kysely";
import type { DB } from "#db/schema.ts";
import type { Trx } from "#app/utils/db.server.ts";

// The two steps every versioned record of an account takes when it is changed
// (expectations, stakeholders, tasks, planned touchpoints, business reviews,
// touchpoints): the row is locked by (account, id) before anything is checked,
// and the change is written as its next version. Each caller checks its own
// rights and the version its user saw between the two.

/** The tables of an account's records that carry a version. */
export type VersionedTable =
  | "business_reviews"
  | "expectations"
  | "planned_touchpoints"
  | "stakeholders"
  | "tasks"
  | "touchpoints";

/**
 * Locks one record of the account for the change (FOR NO KEY UPDATE) and
 * returns it as it stands; undefined when the account has no record of that id.
 */
export async function lockVersioned<T extends VersionedTable>(
  trx: Trx,
  table: T,
  accountId: string,
  id: string,
): Promise<Selectable<DB[T]> | undefined> {
  // Kysely types a query over a table named by a type parameter only as the union of them all.
  const row = await trx
    .selectFrom(table as VersionedTable)
    .selectAll()
    .where("account_id", "=", accountId)
    .where("id", "=", id)
    .forNoKeyUpdate()
    .executeTakeFirst();
  return row as Selectable<DB[T]> | undefined;
}

/**
 * The update that writes `changes` to a locked record as its next version
 * (version one up from `before`, updated now); the caller says what it returns.
 */
export function nextVersion<T extends VersionedTable>(
  trx: Trx,
  table: T,
  before: { account_id: string; id: string; version: number },
  changes: UpdateObject<DB, T>,
) {
  return trx
    .updateTable(table as VersionedTable)
    .set({ ...(changes as UpdateObject<DB, VersionedTable>), version: before.version + 1, updated_at: sql`now()` })
    .where("account_id", "=", before.account_id)
    .where("id", "=", before.id);
}

/** Writes `changes` to a locked record as its next version and returns the row as it now is. */
export async function saveNextVersion<T extends VersionedTable>(
  trx: Trx,
  table: T,
  before: { account_id: string; id: string; version: number },
  changes: UpdateObject<DB, T>,
): Promise<Selectable<DB[T]>> {
  const after = await nextVersion(trx, table, before, changes).returningAll().executeTakeFirstOrThrow();
  return after as Selectable<DB[T]>;
}
