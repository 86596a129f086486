import { sql } from "kysely";
import { ACCESS_ENTITIES, AUTH_ACTIONS, REFUSED_ACTIONS, type AuditKind } from "#app/domain/audit.ts";
import { addDays } from "#app/domain/dates.ts";
import { startOfDay } from "#app/domain/time.ts";
import { INTERNAL_ROLES } from "#app/domain/vocabulary.ts";
import type { AuditFilterValues } from "#app/schemas/audit.ts";
import type { Executor } from "#app/utils/db.server.ts";

// The administrator's view of the audit log: read only (the table refuses
// updates and deletes by trigger). Newest first, paged by keyset on (at, id):
// the account and actor filters use audit_events_account_idx and
// audit_events_actor_idx (both on (…, at DESC)), the others audit_events_at_idx.

export const AUDIT_PAGE_SIZE = 50;

// Days are Helsinki days (startOfDay), like every date the app shows.

export async function listAuditEvents(executor: Executor, filters: AuditFilterValues, pageSize = AUDIT_PAGE_SIZE) {
  const { account, user, from, to, kind, cursor } = filters;
  const rows = await executor
    .selectFrom("audit_events as e")
    .leftJoin("users as u", "u.id", "e.actor_id")
    .leftJoin("accounts as a", "a.id", "e.account_id")
    .select([
      "e.id",
      "e.at",
      "e.actor_id",
      "e.account_id",
      "e.entity",
      "e.entity_id",
      "e.action",
      "e.before",
      "e.after",
      "e.ip",
      "u.name as actor_name",
      "u.email as actor_email",
      "u.role as actor_role",
      "a.name as account_name",
    ])
    .$if(Boolean(account), (q) => q.where("e.account_id", "=", account!))
    .$if(user === "system", (q) => q.where("e.actor_id", "is", null))
    .$if(Boolean(user) && user !== "system", (q) => q.where("e.actor_id", "=", user!))
    .$if(Boolean(from), (q) => q.where("e.at", ">=", startOfDay(from!)))
    .$if(Boolean(to), (q) => q.where("e.at", "<", startOfDay(addDays(to!, 1))))
    .$if(Boolean(kind), (q) => q.where(kindCondition(kind!)))
    .$if(Boolean(cursor), (q) =>
      q
        // The plain bound lets the (…, at DESC) indexes start at the cursor; the row comparison breaks ties.
        .where("e.at", "<=", sql<Date>`(select c.at from audit_events c where c.id = ${cursor!})`)
        .where(sql<boolean>`(e.at, e.id) < (select c.at, c.id from audit_events c where c.id = ${cursor!})`),
    )
    .orderBy("e.at", "desc")
    .orderBy("e.id", "desc")
    .limit(pageSize + 1)
    .execute();
  const page = rows.slice(0, pageSize);
  return { events: page, nextCursor: rows.length > pageSize ? page.at(-1)!.id : null };
}

function kindCondition(kind: AuditKind) {
  const auth = sql.join(AUTH_ACTIONS.map((a) => sql.lit(a)));
  const refused = sql.join(REFUSED_ACTIONS.map((a) => sql.lit(a)));
  const access = sql.join(ACCESS_ENTITIES.map((a) => sql.lit(a)));
  switch (kind) {
    case "auth":
      return sql<boolean>`e.action in (${auth})`;
    case "refused":
      return sql<boolean>`e.action in (${refused})`;
    case "access":
      return sql<boolean>`e.entity in (${access}) and e.action not in (${auth})`;
    case "changes":
      return sql<boolean>`e.entity not in (${access}) and e.action not in (${auth}) and e.action not in (${refused})`;
  }
}

/** The choices for the account and user filters, with the chosen ones always among them. */
export async function auditFilterOptions(executor: Executor, chosen: { account?: string | undefined; user?: string | undefined }) {
  const accounts = await executor
    .selectFrom("accounts")
    .select(["id", "name"])
    .where((eb) => eb.or([eb("archived_at", "is", null), ...(chosen.account ? [eb("id", "=", chosen.account)] : [])]))
    .orderBy("name")
    .limit(5000)
    .execute();
  const users = await executor
    .selectFrom("users")
    .select(["id", "name", "role"])
    .where((eb) =>
      eb.or([
        eb("role", "in", INTERNAL_ROLES),
        ...(chosen.user && chosen.user !== "system" ? [eb("id", "=", chosen.user)] : []),
      ]),
    )
    .orderBy("name")
    .limit(2000)
    .execute();
  return { accounts, users };
}
