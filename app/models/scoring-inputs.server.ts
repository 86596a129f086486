import { sql } from "kysely";
import { TWO_WAY_KINDS } from "#app/domain/vocabulary.ts";
import type { Executor } from "#app/utils/db.server.ts";

/**
 * Everything the scoring rules need about one account, read in a handful of
 * bounded, index-backed queries (never a scan of the account's whole history).
 * `today` is the vendor's calendar date; windows are measured back from it.
 */
export async function loadScoringInputs(executor: Executor, accountId: string, today: string) {
  const [account, expectations, replans, stakeholders, npsAnswers, sentiments, cases, invoices] = await Promise.all([
    executor
      .selectFrom("accounts")
      .select(["id", "owner_id", "renewal_date", "archived_at"])
      .where("id", "=", accountId)
      .executeTakeFirst(),
    // Expectations that can come due in the 12-month window, or soon after today.
    executor
      .selectFrom("expectations")
      .select([
        "id",
        "title",
        "importance",
        "original_due_date",
        "due_date",
        "status",
        "outcome",
        "delivered_on",
        "customer_response",
        "customer_responded_at",
      ])
      .where("account_id", "=", accountId)
      .where("due_date", ">=", sql<string>`${today}::date - 366`)
      .where("due_date", "<=", sql<string>`${today}::date + 30`)
      .where("status", "in", ["open", "resolved"])
      .orderBy("due_date")
      .limit(5000)
      .execute(),
    executor
      .selectFrom("expectation_changes as c")
      .innerJoin("expectations as e", (j) => j.onRef("e.account_id", "=", "c.account_id").onRef("e.id", "=", "c.expectation_id"))
      .select(["c.expectation_id", "c.from_due_date", "c.to_due_date", "c.at", "c.customer_notified"])
      .where("c.account_id", "=", accountId)
      .where("c.kind", "=", "replanned")
      .where("e.due_date", ">=", sql<string>`${today}::date - 366`)
      .orderBy("c.at")
      .limit(20000)
      .execute(),
    listCommitteeContacts(executor, accountId),
    // The latest NPS answer per stakeholder within twelve months.
    executor
      .selectFrom("survey_responses")
      .select(["stakeholder_id", "score", "answered_at"])
      .distinctOn("stakeholder_id")
      .where("account_id", "=", accountId)
      .where("kind", "=", "nps")
      .where("answered_at", ">=", sql<Date>`(${today}::date - interval '12 months')`)
      .orderBy("stakeholder_id")
      .orderBy("answered_at", "desc")
      .limit(1000)
      .execute(),
    executor
      .selectFrom("touchpoints")
      .select(["id", "sentiment", "occurred_at"])
      .where("account_id", "=", accountId)
      .where("sentiment", "is not", null)
      .orderBy("occurred_at", "desc")
      .orderBy("id", "desc")
      .limit(10)
      .execute(),
    executor
      .selectFrom("touchpoint_support_cases")
      .select(["touchpoint_id", "severity", "sla_due_at", "opened_at"])
      .where("account_id", "=", accountId)
      .where("status", "in", ["open", "waiting"])
      .orderBy("sla_due_at")
      .limit(500)
      .execute(),
    executor
      .selectFrom("touchpoint_invoices")
      .select(["touchpoint_id", "number", "amount", "due_date", "paid_on", "disputed"])
      .where("account_id", "=", accountId)
      .where((eb) => eb.or([eb("paid_on", "is", null), eb("disputed", "=", true)]))
      .orderBy("due_date")
      .limit(500)
      .execute(),
  ]);
  return { account, expectations, replans, stakeholders, npsAnswers, sentiments, cases, invoices };
}

/** Each stakeholder with the time of our latest two-way contact with them. */
export function listCommitteeContacts(executor: Executor, accountId: string) {
  return executor
    .selectFrom("stakeholders as s")
    .select((eb) => [
      "s.id",
      "s.name",
      "s.committee_role",
      "s.influence",
      "s.left_on",
      eb
        .selectFrom("touchpoint_stakeholders as ts")
        .innerJoin("touchpoints as t", (j) => j.onRef("t.account_id", "=", "ts.account_id").onRef("t.id", "=", "ts.touchpoint_id"))
        .select("ts.occurred_at")
        .whereRef("ts.account_id", "=", "s.account_id")
        .whereRef("ts.stakeholder_id", "=", "s.id")
        .where("t.kind", "in", TWO_WAY_KINDS)
        .orderBy("ts.occurred_at", "desc")
        .limit(1)
        .as("last_two_way_contact"),
    ])
    .where("s.account_id", "=", accountId)
    .limit(1000)
    .execute();
}

export type ScoringInputs = Awaited<ReturnType<typeof loadScoringInputs>>;
