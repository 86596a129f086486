import { describe, expect, it } from "vitest";
import { addDays } from "#app/domain/dates.ts";
import { calendarDate } from "#app/domain/time.ts";
import { listOpenCases, listOpenInvoices } from "#app/models/portal.server.ts";
import { withPortalScope } from "#app/models/portal-scope.server.ts";
import { db } from "#app/utils/db.server.ts";
import { createAccount, createUser } from "#tests/factories/index.ts";

// The portal home's open invoices and open cases are read in the order of
// their open-facts indexes and stop at their limit (migration
// 20261210_1000_portal_open_facts): what the customer sees must still be
// exactly their own account's shared open facts, the first ones by date.

const today = calendarDate();
const day = (n: number) => addDays(today, n);

interface Fact {
  title: string;
  shared: boolean;
  /** Days from today to the invoice's due date, or to the case's SLA. */
  due: number;
  open?: boolean;
  disputed?: boolean;
}

async function accounts() {
  const kam = await createUser(db(), { role: "kam" });
  const ours = await createAccount(db(), { owner_id: kam.id, name: "Aalto Freight Oy" });
  const theirs = await createAccount(db(), { owner_id: kam.id, name: "Borealis Secret Ab" });
  return { ours: ours.id, theirs: theirs.id };
}

async function touchpoints(accountId: string, kind: "invoice" | "support_case", facts: Fact[]) {
  return db()
    .insertInto("touchpoints")
    .values(
      facts.map((f) => ({
        account_id: accountId,
        kind,
        occurred_at: new Date(),
        title: f.title,
        shared_with_customer: f.shared,
      })),
    )
    .returning(["id", "title"])
    .execute();
}

async function invoices(accountId: string, facts: Fact[]) {
  const rows = await touchpoints(accountId, "invoice", facts);
  await db()
    .insertInto("touchpoint_invoices")
    .values(
      facts.map((f, i) => ({
        account_id: accountId,
        touchpoint_id: rows[i]!.id,
        number: f.title,
        amount: "10.00",
        due_date: day(f.due),
        paid_on: f.open === false ? day(f.due - 1) : null,
        disputed: f.disputed ?? false,
      })),
    )
    .execute();
  return rows;
}

async function cases(accountId: string, facts: Fact[]) {
  const rows = await touchpoints(accountId, "support_case", facts);
  const at = (n: number) => new Date(Date.now() + n * 86_400_000);
  await db()
    .insertInto("touchpoint_support_cases")
    .values(
      facts.map((f, i) => ({
        account_id: accountId,
        touchpoint_id: rows[i]!.id,
        status: f.open === false ? "resolved" : f.due % 4 === 2 ? "waiting" : "open",
        opened_at: at(-30),
        sla_due_at: at(f.due),
        resolved_at: f.open === false ? at(-1) : null,
      })),
    )
    .execute();
  return rows;
}

/** Sixty shared open facts with sixty internal ones between them, and shared paid or resolved ones due before all of them. */
function mixed(prefix: string): Fact[] {
  const open = Array.from({ length: 120 }, (_, i) => ({
    title: `${prefix}-${String(i).padStart(3, "0")}`,
    shared: i % 2 === 0,
    due: i,
  }));
  const closed = [0, 1, 2].map((i) => ({ title: `${prefix}-CLOSED-${i}`, shared: true, due: -10 + i, open: false }));
  return [...open, ...closed];
}

describe("The portal's open invoices and cases under row-level security", () => {
  it("lists exactly the account's own shared unpaid or disputed invoices, the first fifty by due date", async () => {
    const { ours, theirs } = await accounts();
    await invoices(ours, mixed("OURS"));
    await invoices(ours, [
      { title: "OURS-DISPUTED", shared: true, due: -5, open: false, disputed: true },
      { title: "OURS-INTERNAL-DISPUTED", shared: false, due: -6, open: false, disputed: true },
    ]);
    await invoices(theirs, [
      { title: "THEIRS-SHARED", shared: true, due: -20 },
      { title: "THEIRS-DISPUTED", shared: true, due: -21, open: false, disputed: true },
    ]);
    const shown = await withPortalScope(ours, (trx) => listOpenInvoices(trx, ours));
    const expected = [
      "OURS-DISPUTED",
      ...Array.from({ length: 49 }, (_, i) => `OURS-${String(2 * i).padStart(3, "0")}`),
    ];
    expect(shown.map((i) => i.number)).toEqual(expected);
    // Each row is its own touchpoint's invoice.
    expect(shown.every((i) => i.title === i.number)).toBe(true);
    // Naming the other account inside this account's scope finds nothing.
    expect(await withPortalScope(ours, (trx) => listOpenInvoices(trx, theirs))).toEqual([]);
    expect((await withPortalScope(theirs, (trx) => listOpenInvoices(trx, theirs))).map((i) => i.number)).toEqual([
      "THEIRS-DISPUTED",
      "THEIRS-SHARED",
    ]);
  });

  it("orders invoices due the same day by their touchpoint", async () => {
    const { ours } = await accounts();
    const rows = await invoices(
      ours,
      ["A", "B", "C", "D"].map((title, i) => ({ title, shared: i !== 2, due: 3 })),
    );
    const shown = await withPortalScope(ours, (trx) => listOpenInvoices(trx, ours));
    const expected = rows.filter((r) => r.title !== "C").sort((a, b) => (a.id < b.id ? -1 : 1));
    expect(shown.map((i) => i.id)).toEqual(expected.map((r) => r.id));
  });

  it("lists exactly the account's own shared open or waiting cases, the first fifty by SLA", async () => {
    const { ours, theirs } = await accounts();
    await cases(ours, mixed("OURS"));
    await cases(theirs, [{ title: "THEIRS-SHARED", shared: true, due: -20 }]);
    const shown = await withPortalScope(ours, (trx) => listOpenCases(trx, ours));
    expect(shown.map((c) => c.title)).toEqual(
      Array.from({ length: 50 }, (_, i) => `OURS-${String(2 * i).padStart(3, "0")}`),
    );
    expect(shown.map((c) => c.status)).toEqual(Array.from({ length: 50 }, (_, i) => (i % 2 ? "waiting" : "open")));
    expect(await withPortalScope(ours, (trx) => listOpenCases(trx, theirs))).toEqual([]);
    expect((await withPortalScope(theirs, (trx) => listOpenCases(trx, theirs))).map((c) => c.title)).toEqual([
      "THEIRS-SHARED",
    ]);
  });
});
