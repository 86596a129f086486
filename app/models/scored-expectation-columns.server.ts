// Columns of a scored expectation that its history answers (for a query of
// `expectations`, unaliased): whether an administrator recorded it, and
// whether a reopen took back a delivery the customer had disputed. Read by
// loadScoredExpectations (scoring-inputs.server.ts) and the review pack.
import { sql, type ExpressionBuilder } from "kysely";
import type { DB } from "#db/schema.ts";
import { TIME_ZONE } from "#app/domain/time.ts";

/**
 * Of a withdrawn expectation (of `expectations`, unaliased): whether a reopen took back a delivery the customer
 * had disputed (its 'reopened' history entry keeps the answer), and the earliest such delivery's day. Such a
 * withdrawal counts as that dispute (withdrawalAfterDispute, app/domain/predictability.ts).
 */
export function takenBackDispute() {
  const disputesTakenBack = sql`from expectation_changes c
    where c.account_id = expectations.account_id and c.expectation_id = expectations.id and c.kind = 'reopened'
      and c.details->>'customer_response' in ('disputed_partly', 'disputed_not_delivered')`;
  return [
    sql<boolean | null>`case when expectations.outcome = 'withdrawn'
      then exists (select 1 ${disputesTakenBack}) end`.as("dispute_taken_back"),
    sql<string | null>`case when expectations.outcome = 'withdrawn'
      then (select min(c.details->>'delivered_on') ${disputesTakenBack}) end`.as("disputed_delivered_on"),
  ];
}

/**
 * `created_by_admin`: whether the expectation's 'created' history row names an
 * administrator as its creator (predictability exempts their records from the
 * recorded-after-its-date rule; an unknown creator is not exempt). For a query
 * of `expectations` (unaliased).
 */
export function createdByAdmin(eb: ExpressionBuilder<DB, "expectations">) {
  const byAdmin = eb.exists(
    eb
      .selectFrom("expectation_changes as cc")
      .innerJoin("users as cu", "cu.id", "cc.actor_id")
      .select(sql.lit(1).as("x"))
      .whereRef("cc.account_id", "=", "expectations.account_id")
      .whereRef("cc.expectation_id", "=", "expectations.id")
      .where("cc.kind", "=", "created")
      .where("cu.role", "=", "admin"),
  );
  // Only a record made on or after its date or its delivery can be exempt (recordedAfterItsDate): the
  // history is probed for those alone, not for every promise recorded in advance on every rescoring.
  return sql<boolean>`case when (expectations.created_at at time zone ${sql.lit(TIME_ZONE)})::date
      >= least(expectations.original_due_date, coalesce(expectations.delivered_on, expectations.original_due_date))
    then ${byAdmin} else false end`.as("created_by_admin");
}
