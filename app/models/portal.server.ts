import { sql } from "kysely";
import { z } from "zod";
import type { Executor } from "#app/utils/db.server.ts";
import { decodeCursor, encodeCursor } from "#app/utils/params.ts";

// Everything here is read for a customer. Each query is scoped by the customer's
// own account id and selects an explicit allowlist of columns: internal notes,
// sentiment, treatment and risk data are never selected.

export async function getPortalAccount(executor: Executor, accountId: string) {
  return executor
    .selectFrom("accounts as a")
    .innerJoin("users as o", "o.id", "a.owner_id")
    .select(["a.id", "a.name", "o.name as kam_name", "o.email as kam_email"])
    .where("a.id", "=", accountId)
    .executeTakeFirst();
}

const Cursor = z.tuple([z.iso.datetime({ offset: true }), z.uuid()]);

export async function listSharedTimeline(
  executor: Executor,
  accountId: string,
  options: { cursor?: string | null; limit?: number } = {},
) {
  const limit = options.limit ?? 25;
  const after = decodeCursor(options.cursor, Cursor);
  const rows = await executor
    .selectFrom("touchpoints as t")
    .leftJoin("touchpoint_invoices as inv", (j) =>
      j.onRef("inv.account_id", "=", "t.account_id").onRef("inv.touchpoint_id", "=", "t.id"),
    )
    .leftJoin("touchpoint_support_cases as sc", (j) =>
      j.onRef("sc.account_id", "=", "t.account_id").onRef("sc.touchpoint_id", "=", "t.id"),
    )
    .select([
      "t.id",
      "t.kind",
      "t.occurred_at",
      "t.title",
      "t.summary",
      "inv.number as invoice_number",
      "inv.amount as invoice_amount",
      "inv.currency as invoice_currency",
      "inv.due_date as invoice_due_date",
      "inv.paid_on as invoice_paid_on",
      "inv.disputed as invoice_disputed",
      "sc.severity as case_severity",
      "sc.status as case_status",
      "sc.sla_due_at as case_sla_due_at",
    ])
    .where("t.account_id", "=", accountId)
    .where("t.shared_with_customer", "=", true)
    .$if(after != null, (qb) =>
      qb.where(sql`(t.occurred_at, t.id)`, "<", sql`(${after![0]}::timestamptz, ${after![1]}::uuid)`),
    )
    .orderBy("t.occurred_at", "desc")
    .orderBy("t.id", "desc")
    .limit(limit + 1)
    .execute();
  const page = rows.slice(0, limit);
  const last = page.at(-1);
  return {
    touchpoints: page,
    nextCursor: rows.length > limit && last ? encodeCursor([new Date(last.occurred_at).toISOString(), last.id]) : null,
  };
}
