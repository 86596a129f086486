import { sql } from "kysely";
import { TWO_WAY_KINDS } from "#app/domain/vocabulary.ts";
import { TIME_ZONE } from "#app/domain/time.ts";
import type { Executor } from "#app/utils/db.server.ts";

// The KAM's day: each query starts from the KAM's own accounts or own
// touchpoints and reads through an index, never a scan of all touchpoints.

/** My accounts with the latest touchpoint, the latest two-way contact and the recent sentiment. */
export function myAccountsOverview(executor: Executor, ownerId: string, limit = 200) {
  return executor
    .selectFrom("accounts as a")
    .select((eb) => [
      "a.id",
      "a.name",
      "a.lifecycle_stage",
      "a.renewal_date",
      eb
        .selectFrom("touchpoints as t")
        .select("t.occurred_at")
        .whereRef("t.account_id", "=", "a.id")
        .orderBy("t.occurred_at", "desc")
        .limit(1)
        .as("last_touchpoint_at"),
      eb
        .selectFrom("touchpoints as t")
        .select("t.occurred_at")
        .whereRef("t.account_id", "=", "a.id")
        .where("t.kind", "in", TWO_WAY_KINDS)
        .orderBy("t.occurred_at", "desc")
        .limit(1)
        .as("last_two_way_at"),
      sql<string | null>`(
        select round(avg(r.sentiment), 1) from (
          select t.sentiment from touchpoints t
          where t.account_id = a.id and t.sentiment is not null
          order by t.occurred_at desc limit 5
        ) r)`.as("recent_sentiment"),
    ])
    .where("a.owner_id", "=", ownerId)
    .where("a.archived_at", "is", null)
    .orderBy(sql`lower(a.name)`)
    .limit(limit)
    .execute();
}

/** Touchpoints I recorded since Monday 00:00 in the vendor's time zone. */
export function loggedThisWeek(executor: Executor, authorId: string, limit = 50) {
  return executor
    .selectFrom("touchpoints as t")
    .innerJoin("accounts as a", "a.id", "t.account_id")
    .select(["t.id", "t.account_id", "a.name as account_name", "t.kind", "t.title", "t.title_key", "t.title_params", "t.occurred_at", "t.recorded_at"])
    .where("t.author_id", "=", authorId)
    .where(
      "t.recorded_at",
      ">=",
      sql<Date>`date_trunc('week', now() AT TIME ZONE ${TIME_ZONE}) AT TIME ZONE ${TIME_ZONE}`,
    )
    .orderBy("t.recorded_at", "desc")
    .limit(limit)
    .execute();
}

export function myCasesPastSla(executor: Executor, ownerId: string, limit = 50) {
  return executor
    .selectFrom("accounts as a")
    .innerJoin("touchpoint_support_cases as c", "c.account_id", "a.id")
    .innerJoin("touchpoints as t", (j) => j.onRef("t.account_id", "=", "c.account_id").onRef("t.id", "=", "c.touchpoint_id"))
    .select(["t.id", "a.id as account_id", "a.name as account_name", "t.title", "c.severity", "c.sla_due_at"])
    .where("a.owner_id", "=", ownerId)
    .where("a.archived_at", "is", null)
    .where("c.status", "in", ["open", "waiting"])
    .where("c.sla_due_at", "<", sql<Date>`now()`)
    .orderBy("c.sla_due_at")
    .limit(limit)
    .execute();
}

export function myOverdueInvoices(executor: Executor, ownerId: string, today: string, limit = 50) {
  return executor
    .selectFrom("accounts as a")
    .innerJoin("touchpoint_invoices as i", "i.account_id", "a.id")
    .select(["i.touchpoint_id as id", "a.id as account_id", "a.name as account_name", "i.number", "i.amount", "i.currency", "i.due_date", "i.disputed"])
    .where("a.owner_id", "=", ownerId)
    .where("a.archived_at", "is", null)
    .where("i.paid_on", "is", null)
    .where("i.due_date", "<", today)
    .orderBy("i.due_date")
    .limit(limit)
    .execute();
}
