import { sql } from "kysely";
import type { Executor } from "#app/utils/db.server.ts";

// Queries behind the account brief. Each reads a bounded slice through an index.

/** The latest sentiment ratings of an account, newest first. */
export async function recentSentiments(executor: Executor, accountId: string, limit = 10): Promise<number[]> {
  const rows = await executor
    .selectFrom("touchpoints")
    .select("sentiment")
    .where("account_id", "=", accountId)
    .where("sentiment", "is not", null)
    .orderBy("occurred_at", "desc")
    .orderBy("id", "desc")
    .limit(limit)
    .execute();
  return rows.map((r) => r.sentiment!);
}

export function openSupportCases(executor: Executor, accountId: string, limit = 20) {
  return executor
    .selectFrom("touchpoint_support_cases as c")
    .innerJoin("touchpoints as t", (j) => j.onRef("t.account_id", "=", "c.account_id").onRef("t.id", "=", "c.touchpoint_id"))
    .select([
      "t.id",
      "t.title",
      "c.severity",
      "c.status",
      "c.opened_at",
      "c.sla_due_at",
      sql<boolean>`c.sla_due_at < now()`.as("past_sla"),
    ])
    .where("c.account_id", "=", accountId)
    .where("c.status", "in", ["open", "waiting"])
    .orderBy("c.sla_due_at")
    .limit(limit)
    .execute();
}

export function unpaidOrDisputedInvoices(executor: Executor, accountId: string, limit = 20) {
  return executor
    .selectFrom("touchpoint_invoices as i")
    .innerJoin("touchpoints as t", (j) => j.onRef("t.account_id", "=", "i.account_id").onRef("t.id", "=", "i.touchpoint_id"))
    .select(["t.id", "i.number", "i.amount", "i.currency", "i.due_date", "i.paid_on", "i.disputed"])
    .where("i.account_id", "=", accountId)
    .where((eb) => eb.or([eb("i.paid_on", "is", null), eb("i.disputed", "=", true)]))
    .orderBy("i.due_date")
    .limit(limit)
    .execute();
}
