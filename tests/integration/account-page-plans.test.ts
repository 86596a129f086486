import { sql, type CompiledQuery, type KyselyPlugin } from "kysely";
import { describe, expect, it } from "vitest";
import { calendarDate } from "#app/domain/time.ts";
import { openSupportCases, recentSentiments, unpaidOrDisputedInvoices } from "#app/models/brief.server.ts";
import { openExpectations } from "#app/models/expectations.server.ts";
import { db, type Db } from "#app/utils/db.server.ts";
import { createAccount, createTouchpoint, createUser } from "#tests/factories/index.ts";
import { testDriver } from "#tests/setup/test-db.ts";

// On the embedded database each statement is prepared once and run again by
// name (db/pglite-queries.ts); PostgreSQL keeps a prepared statement's generic
// plan only when it is not judged dearer than one planned for the values, and
// otherwise plans it again on every run. These pin, for the account page's
// statements that were planned on every page, what lets the generic plan win.

type PlanNode = { "Node Type": string; "Index Name"?: string; "Total Cost": number; Plans?: PlanNode[] };

/** The statements `f` sends, as compiled (and run). */
async function statementsOf(f: (recording: Db) => Promise<unknown>): Promise<CompiledQuery[]> {
  const sent: CompiledQuery[] = [];
  const recorder: KyselyPlugin = {
    transformQuery(args) {
      sent.push(db().getExecutor().compileQuery(args.node, args.queryId));
      return args.node;
    },
    transformResult: async (args) => args.result,
  };
  await f(db().withPlugin(recorder));
  return sent;
}

/** The plan of the statement prepared, for its own values, in `mode` (forced), sequential scans off when asked. */
async function planOf(statement: CompiledQuery, mode: "generic" | "custom", seqScans = true): Promise<PlanNode> {
  return db()
    .transaction()
    .execute(async (trx) => {
      await sql.raw(`set local plan_cache_mode = force_${mode}_plan`).execute(trx);
      if (!seqScans) await sql`set local enable_seqscan = off`.execute(trx);
      await sql.raw(`prepare kt_plan_test as ${statement.sql}`).execute(trx);
      try {
        const values = sql.join(statement.parameters.map((p) => sql.lit(String(p))));
        const { rows } = await sql<{
          "QUERY PLAN": { Plan: PlanNode }[];
        }>`explain (format json) execute kt_plan_test(${values})`.execute(trx);
        return rows[0]!["QUERY PLAN"][0]!.Plan;
      } finally {
        await sql`deallocate kt_plan_test`.execute(trx);
      }
    });
}

const indexesOf = (n: PlanNode): string[] => [
  ...(n["Index Name"] ? [n["Index Name"]] : []),
  ...(n.Plans ?? []).flatMap(indexesOf),
];

describe(`the account page's statements keep one plan (${testDriver()})`, () => {
  it("reads the partial indexes of open cases, unpaid invoices and open expectations in a generic plan", async () => {
    const kam = await createUser(db(), { role: "kam" });
    const account = await createAccount(db(), { owner_id: kam.id });
    const cases = await statementsOf((r) => openSupportCases(r, account.id));
    const invoices = await statementsOf((r) => unpaidOrDisputedInvoices(r, account.id));
    const open = await statementsOf((r) => openExpectations(r, account.id, calendarDate()));
    // Each statement's partial indexes on the open rows (which one the planner takes depends on the
    // table's statistics at the moment; the three open-expectation indexes are all WHERE status = 'open',
    // and runs of the PostgreSQL suite have seen it take different ones).
    for (const [statement, partial] of [
      [cases[0]!, ["touchpoint_support_cases_open_order_idx"]],
      [invoices[0]!, ["touchpoint_invoices_open_order_idx"]],
      [open[0]!, ["expectations_open_pressing_idx", "expectations_open_owner_idx", "expectations_open_due_idx"]],
    ] as const) {
      const index = partial.join(" or ");
      // A generic plan can prove a partial index's WHERE only for values written into the statement.
      const used = indexesOf(await planOf(statement, "generic", false));
      expect(used.filter((name) => (partial as readonly string[]).includes(name)), `${index} in ${used.join(", ")}`).not.toEqual([]);
      // The fixed statuses and the limit are in the text: only the account and the dates are parameters.
      expect(
        statement.parameters.every((p) => typeof p === "string" && !["open", "waiting"].includes(p)),
        index,
      ).toBe(true);
    }
  });

  it("costs the latest sentiments alike for a large account and in the generic plan", async () => {
    const kam = await createUser(db(), { role: "kam" });
    const large = await createAccount(db(), { owner_id: kam.id });
    const small = await createAccount(db(), { owner_id: kam.id });
    const day = 86_400_000;
    for (let i = 0; i < 60; i++)
      await createTouchpoint(db(), {
        account_id: large.id,
        sentiment: (i % 5) - 2,
        occurred_at: new Date(Date.now() - i * day),
      });
    await createTouchpoint(db(), { account_id: small.id, sentiment: 1, occurred_at: new Date() });
    await sql`analyze touchpoints`.execute(db());
    const [statement] = await statementsOf((r) => recentSentiments(r, large.id));
    // Planned for the large account's id or for any account, the same cost: the plan cache keeps the generic one.
    const [generic, custom] = [await planOf(statement!, "generic"), await planOf(statement!, "custom")];
    expect(generic["Total Cost"]).toBeCloseTo(custom["Total Cost"], 6);
  });
});
