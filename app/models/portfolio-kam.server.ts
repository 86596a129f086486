import { sql } from "kysely";
import {
  defaultPredictabilityWindow,
  pooledPredictability,
  type AccountExpectations,
  type CustomerResponse,
  type ExpectationForScoring,
  type ExpectationStatus,
  type Importance,
} from "#app/domain/predictability.ts";
import type { DeliveryOutcome } from "#app/domain/vocabulary.ts";
import { TIME_ZONE } from "#app/i18n/index.ts";
import type { DateWindow } from "#app/domain/dates.ts";
import type { Executor } from "#app/utils/db.server.ts";

// The per-KAM view: everything starts from the KAM's live accounts
// (accounts_owner_name_idx) or the KAM's own touchpoints (touchpoints_author_idx).

/** An internal user who can own accounts; null for anyone else. */
export function getAccountManager(executor: Executor, userId: string) {
  return executor
    .selectFrom("users")
    .select(["id", "name", "email", "role", "disabled_at"])
    .where("id", "=", userId)
    .where("role", "in", ["kam", "director", "admin"])
    .executeTakeFirst();
}

/** Enough for any one KAM's book over a year; past it the figure says it is partial. */
export const MAX_POOLED_EXPECTATIONS = 20_000;

/**
 * The KAM's predictability over the default 12-month window, pooled over the
 * expectations of all their live accounts (importance-weighted, as for one account).
 */
export async function kamPredictability(executor: Executor, kamId: string, today: string) {
  const window = defaultPredictabilityWindow(today);
  const { accounts, partial } = await loadExpectationsForScoring(executor, kamId, window);
  const result = pooledPredictability(accounts, { today, window, timeZone: TIME_ZONE });
  return { ...result, window, partial };
}

/**
 * The expectations (with their re-plans) due in the window, of the owner's live
 * accounts or of every live account (ownerId null), shaped for the
 * predictability rules and grouped by account. At most `limit`; `partial` says
 * when there were more.
 */
export async function loadExpectationsForScoring(
  executor: Executor,
  ownerId: string | null,
  window: DateWindow,
  limit = MAX_POOLED_EXPECTATIONS,
  /** Only these accounts (a batch of the owner's). */
  accountIds?: string[],
) {
  const [expectations, replans] = await Promise.all([
    liveAccounts(executor, ownerId, accountIds)
      .innerJoinLateral(
        (eb) =>
          eb
            .selectFrom("expectations as e")
            .select([
              "e.id",
              "e.importance",
              "e.original_due_date",
              "e.due_date",
              "e.status",
              "e.outcome",
              "e.delivered_on",
              "e.customer_response",
            ])
            .whereRef("e.account_id", "=", "a.id")
            .where("e.due_date", ">=", window.from)
            .where("e.due_date", "<=", window.to)
            .where("e.status", "in", ["open", "resolved"])
            // OFFSET 0 keeps the subquery per account (the planner would otherwise
            // flatten it into a hash join over every account's expectations).
            .offset(0)
            .as("e"),
        (join) => join.onTrue(),
      )
      .select([
        "a.id as account_id",
        "e.id",
        "e.importance",
        "e.original_due_date",
        "e.due_date",
        "e.status",
        "e.outcome",
        "e.delivered_on",
        "e.customer_response",
      ])
      .limit(limit + 1)
      .execute(),
    liveAccounts(executor, ownerId, accountIds)
      .innerJoinLateral(
        (eb) =>
          eb
            .selectFrom("expectation_changes as c")
            .innerJoin("expectations as e", (j) =>
              j.onRef("e.account_id", "=", "c.account_id").onRef("e.id", "=", "c.expectation_id"),
            )
            .select(["c.expectation_id", "c.from_due_date", "c.to_due_date", "c.at", "c.customer_notified"])
            .whereRef("c.account_id", "=", "a.id")
            .where("c.kind", "=", "replanned")
            .where("e.due_date", ">=", window.from)
            .where("e.due_date", "<=", window.to)
            .offset(0)
            .as("c"),
        (join) => join.onTrue(),
      )
      .select(["c.expectation_id", "c.from_due_date", "c.to_due_date", "c.at", "c.customer_notified"])
      .limit(limit * 4)
      .execute(),
  ]);
  const replansOf = new Map<string, ExpectationForScoring["replans"]>();
  for (const r of [...replans].sort((x, y) => new Date(x.at).getTime() - new Date(y.at).getTime())) {
    if (!r.from_due_date || !r.to_due_date) continue;
    const list = replansOf.get(r.expectation_id) ?? [];
    list.push({ fromDueDate: r.from_due_date, toDueDate: r.to_due_date, at: r.at, customerNotified: r.customer_notified });
    replansOf.set(r.expectation_id, list);
  }
  const byAccount = new Map<string, AccountExpectations>();
  for (const e of expectations.slice(0, limit)) {
    const group = byAccount.get(e.account_id) ?? { accountId: e.account_id, expectations: [] };
    group.expectations.push({
      id: e.id,
      importance: e.importance as Importance,
      originalDueDate: e.original_due_date,
      dueDate: e.due_date,
      status: e.status as ExpectationStatus,
      outcome: e.outcome as DeliveryOutcome | null,
      deliveredOn: e.delivered_on,
      customerResponse: e.customer_response as CustomerResponse | null,
      replans: replansOf.get(e.id) ?? [],
    });
    byAccount.set(e.account_id, group);
  }
  return { accounts: [...byAccount.values()], partial: expectations.length > limit };
}

/**
 * The owner's live accounts (every live account for null). The queries here
 * join each account's rows laterally, so every account is one range on its
 * (account_id, …) index rather than a scan of a whole table filtered by owner.
 */
export function liveAccounts(executor: Executor, ownerId: string | null, accountIds?: string[]) {
  return executor
    .selectFrom("accounts as a")
    .where("a.archived_at", "is", null)
    .$if(ownerId !== null, (qb) => qb.where("a.owner_id", "=", ownerId!))
    .$if(accountIds !== undefined, (qb) => qb.where("a.id", "in", accountIds!.length ? accountIds! : [NIL_UUID]));
}

const NIL_UUID = "00000000-0000-0000-0000-000000000000";

/** Open expectations past their due date in the KAM's accounts: the count and the oldest `limit`. */
export async function kamOverdueExpectations(executor: Executor, kamId: string, today: string, limit = 20) {
  const [count, rows] = await Promise.all([
    liveAccounts(executor, kamId)
      .innerJoinLateral(
        (eb) =>
          eb
            .selectFrom("expectations as e")
            .select(sql<number>`count(*)`.as("n"))
            .whereRef("e.account_id", "=", "a.id")
            .where("e.status", "=", "open")
            .where("e.due_date", "<", today)
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
            .select(["e.id", "e.title", "e.due_date", "e.importance"])
            .whereRef("e.account_id", "=", "a.id")
            .where("e.status", "=", "open")
            .where("e.due_date", "<", today)
            .orderBy("e.due_date")
            .orderBy("e.id")
            .limit(limit)
            .as("e"),
        (join) => join.onTrue(),
      )
      .select(["a.id as account_id", "e.id", "e.title", "e.due_date", "e.importance", "a.name as account_name"])
      .orderBy("e.due_date")
      .orderBy("e.id")
      .limit(limit)
      .execute(),
  ]);
  return { count: count.count, expectations: rows };
}

/** Touchpoints the KAM logged in the last `days` days: the count and the latest `limit`. */
export async function kamRecentActivity(executor: Executor, kamId: string, now: Date, days = 30, limit = 10) {
  const since = new Date(now.getTime() - days * 86_400_000);
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
