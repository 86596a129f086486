import { sql } from "kysely";
import { daysBefore } from "#app/domain/time.ts";
import { INTERNAL_ROLES } from "#app/domain/vocabulary.ts";
import { pressingOn } from "#app/models/expectation-dates.server.ts";
import type { Executor } from "#app/utils/db.server.ts";

// The per-KAM view: everything starts from the KAM's live accounts
// (accounts_owner_name_idx) or the KAM's own touchpoints (touchpoints_author_idx).
// The KAM's predictability is pooled from account_scores (pooledPredictability
// in portfolio.server.ts), its surprises from expectation_verdicts (surprises.server.ts).

/** An internal user who can own accounts; null for anyone else. */
export function getAccountManager(executor: Executor, userId: string) {
  return executor
    .selectFrom("users")
    .select(["id", "name", "email", "role", "disabled_at"])
    .where("id", "=", userId)
    .where("role", "in", INTERNAL_ROLES)
    .executeTakeFirst();
}

/**
 * The owner's live accounts (every live account for null). The queries here
 * join each account's rows laterally, so every account is one range on its
 * (account_id, …) index rather than a scan of a whole table filtered by owner.
 */
export function liveAccounts(executor: Executor, ownerId: string | null) {
  return executor
    .selectFrom("accounts as a")
    .where("a.archived_at", "is", null)
    .$if(ownerId !== null, (qb) => qb.where("a.owner_id", "=", ownerId!));
}

/**
 * Open expectations overdue in the KAM's accounts, as the ledger counts them (past their due date or
 * the date the customer was promised, whichever is earlier): the count and the oldest `limit`.
 */
export async function kamOverdueExpectations(executor: Executor, kamId: string, today: string, limit = 20) {
  const [count, rows] = await Promise.all([
    liveAccounts(executor, kamId)
      .innerJoinLateral(
        (eb) =>
          eb
            .selectFrom("expectations as e")
            .select(sql<number>`count(*)`.as("n"))
            .whereRef("e.account_id", "=", "a.id")
            .where("e.status", "=", sql.lit("open"))
            .where(pressingOn, "<", today)
            .as("e"),
        (join) => join.onTrue(),
      )
      .select(sql<number>`coalesce(sum(e.n), 0)::int`.as("count"))
      .executeTakeFirstOrThrow(),
    // Each account's oldest `limit`, then the oldest `limit` of those.
    liveAccounts(executor, kamId)
      .innerJoinLateral(
        (eb) =>
          eb
            .selectFrom("expectations as e")
            // Overdue from when it is due for the customer: the date they were told, where a re-plan
            // without notice moved the due date on (pressing_on); the due date itself as the ledger shows it.
            .select(["e.id", "e.title", "e.due_date", pressingOn.as("pressing_on"), "e.importance"])
            .whereRef("e.account_id", "=", "a.id")
            .where("e.status", "=", sql.lit("open"))
            .where(pressingOn, "<", today)
            .orderBy(pressingOn)
            .orderBy("e.id")
            .limit(limit)
            .as("e"),
        (join) => join.onTrue(),
      )
      .select([
        "a.id as account_id",
        "e.id",
        "e.title",
        "e.due_date",
        "e.pressing_on",
        "e.importance",
        "a.name as account_name",
      ])
      .orderBy("e.pressing_on")
      .orderBy("e.id")
      .limit(limit)
      .execute(),
  ]);
  return { count: count.count, expectations: rows };
}

/** Touchpoints the KAM logged in the last `days` days: the count and the latest `limit`. */
export async function kamRecentActivity(executor: Executor, kamId: string, now: Date, days = 30, limit = 10) {
  const since = daysBefore(now, days);
  const base = executor
    .selectFrom("touchpoints as t")
    .where("t.author_id", "=", kamId)
    .where("t.recorded_at", ">=", since);
  const [count, rows] = await Promise.all([
    base.select(sql<number>`count(*)`.as("count")).executeTakeFirstOrThrow(),
    base
      .innerJoin("accounts as a", "a.id", "t.account_id")
      .select(["t.account_id", "t.id", "t.kind", "t.title", "t.occurred_at", "t.recorded_at", "a.name as account_name"])
      .orderBy("t.recorded_at", "desc")
      .orderBy("t.id", "desc")
      .limit(limit)
      .execute(),
  ]);
  return { count: count.count, days, touchpoints: rows };
}
