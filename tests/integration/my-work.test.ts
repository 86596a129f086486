import { sql } from "kysely";
import { describe, expect, it } from "vitest";
import { loader } from "#app/routes/_app.my-work.tsx";
import { db } from "#app/utils/db.server.ts";
import { createAccount, createTouchpoint, createUser } from "#tests/factories/index.ts";
import { request, run, sessionCookieFor, statusOf } from "#tests/setup/requests.ts";

type Data = Awaited<ReturnType<typeof loader>>;

describe("My work", () => {
  it("shows my accounts with last contact and sentiment, my week, cases past SLA and overdue invoices — only mine", async () => {
    const kam = await createUser(db(), { role: "kam" });
    const other = await createUser(db(), { role: "kam" });
    const mine = await createAccount(db(), { owner_id: kam.id, name: "Mine Oy" });
    const theirs = await createAccount(db(), { owner_id: other.id, name: "Theirs Oy" });
    const hourAgo = new Date(Date.now() - 3600_000);
    for (const [sentiment, daysAgo] of [[2, 1], [1, 2], [-1, 3]] as const) {
      await createTouchpoint(db(), {
        account_id: mine.id,
        author_id: kam.id,
        kind: "call",
        sentiment,
        occurred_at: new Date(Date.now() - daysAgo * 86_400_000),
      });
    }
    const invoiceMine = await createTouchpoint(db(), { account_id: mine.id, kind: "invoice", occurred_at: hourAgo, title: "Invoice" });
    await db().insertInto("touchpoint_invoices").values({ account_id: mine.id, touchpoint_id: invoiceMine.id, number: "INV-1", amount: "100.00", due_date: "2026-01-01" }).execute();
    const paid = await createTouchpoint(db(), { account_id: mine.id, kind: "invoice", occurred_at: hourAgo, title: "Paid" });
    await db().insertInto("touchpoint_invoices").values({ account_id: mine.id, touchpoint_id: paid.id, number: "INV-2", amount: "5.00", due_date: "2026-01-01", paid_on: "2026-01-02" }).execute();
    const caseMine = await createTouchpoint(db(), { account_id: mine.id, kind: "support_case", occurred_at: hourAgo, title: "Login broken" });
    await db().insertInto("touchpoint_support_cases").values({ account_id: mine.id, touchpoint_id: caseMine.id, opened_at: sql`now() - interval '2 days'`, sla_due_at: sql`now() - interval '1 day'` }).execute();
    const caseInTime = await createTouchpoint(db(), { account_id: mine.id, kind: "support_case", occurred_at: hourAgo, title: "In time" });
    await db().insertInto("touchpoint_support_cases").values({ account_id: mine.id, touchpoint_id: caseInTime.id, opened_at: sql`now()`, sla_due_at: sql`now() + interval '1 day'` }).execute();
    const caseTheirs = await createTouchpoint(db(), { account_id: theirs.id, kind: "support_case", occurred_at: hourAgo, title: "Not mine" });
    await db().insertInto("touchpoint_support_cases").values({ account_id: theirs.id, touchpoint_id: caseTheirs.id, opened_at: sql`now() - interval '2 days'`, sla_due_at: sql`now() - interval '1 day'` }).execute();
    // Recorded last month: not this week's work.
    await createTouchpoint(db(), { account_id: mine.id, author_id: kam.id, title: "Old", occurred_at: new Date("2026-01-01"), recorded_at: new Date(Date.now() - 30 * 86_400_000) });

    const res = await run(loader, request("/my-work", { cookie: await sessionCookieFor(kam.id) }));
    expect(statusOf(res)).toBe(200);
    const data = res.value as Data;
    expect(data.accounts.map((a) => a.name)).toEqual(["Mine Oy"]);
    expect(Number(data.accounts[0]!.recent_sentiment)).toBeCloseTo(0.7, 5);
    expect(new Date(data.accounts[0]!.last_touchpoint_at!).getTime()).toBe(hourAgo.getTime());
    expect(data.logged).toHaveLength(3);
    expect(data.cases.map((c) => c.title)).toEqual(["Login broken"]);
    expect(data.invoices.map((i) => i.number)).toEqual(["INV-1"]);
  });

  it("is refused to customers", async () => {
    const customer = await createUser(db(), { role: "customer" });
    const res = await run(loader, request("/my-work", { cookie: await sessionCookieFor(customer.id) }));
    expect(statusOf(res)).toBe(403);
  });
});
