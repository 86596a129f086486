import type { Insertable } from "kysely";
import { describe, expect, it } from "vitest";
import { addDays, addMonths } from "#app/domain/dates.ts";
import { calendarDate } from "#app/domain/time.ts";
import { countOpenSignals, listRiskInbox, type RiskInboxScope } from "#app/models/risk-inbox.server.ts";
import { refreshAccountScores } from "#app/models/scores.server.ts";
import { listSurprises } from "#app/models/surprises.server.ts";
import { db } from "#app/utils/db.server.ts";
import type { RiskSignalsTable } from "#db/schema.ts";
import { createAccount, createExpectation, createUser } from "#tests/factories/index.ts";

// One KAM's surprises and signals are read account by account from the KAM's
// live accounts, the whole portfolio's from one index: both must list the same
// rows in the same order, page for page.

const today = calendarDate();
const day = (n: number) => addDays(today, n);
const window = { from: addMonths(today, -12), to: today };

/** Every page of a keyset list, in order. */
async function walk<T>(page: (cursor: string | null) => Promise<{ rows: T[]; nextCursor: string | null }>) {
  const rows: T[] = [];
  let cursor: string | null = null;
  for (let i = 0; i < 100; i++) {
    const p: { rows: T[]; nextCursor: string | null } = await page(cursor);
    rows.push(...p.rows);
    if (!p.nextCursor) return rows;
    cursor = p.nextCursor;
  }
  throw new Error("paging did not end");
}

const surprisesOf = (ownerId: string | null, limit: number) =>
  walk(async (cursor) => {
    const p = await listSurprises(db(), { ownerId, window }, { cursor, limit });
    return { rows: p.surprises, nextCursor: p.nextCursor };
  });

const signalsOf = (scope: RiskInboxScope, limit: number) =>
  walk(async (cursor) => {
    const p = await listRiskInbox(db(), scope, { cursor, limit });
    return { rows: p.signals, nextCursor: p.nextCursor };
  });

async function book() {
  const director = await createUser(db(), { role: "director" });
  const kam1 = await createUser(db(), { role: "kam", name: "Aino Kam" });
  const kam2 = await createUser(db(), { role: "kam", name: "Bertta Kam" });
  const a1 = await createAccount(db(), { owner_id: kam1.id, name: "Alfa Oy" });
  const a2 = await createAccount(db(), { owner_id: kam1.id, name: "Beta Oy" });
  const a3 = await createAccount(db(), { owner_id: kam1.id, name: "Gamma Oy" });
  const b1 = await createAccount(db(), { owner_id: kam2.id, name: "Delta Oy" });
  const old = await createAccount(db(), { owner_id: kam1.id, name: "Old Oy" });
  const missed = (accountId: string, due: string) =>
    createExpectation(db(), { account_id: accountId, due_date: due, status: "resolved", outcome: "missed" });
  // Alfa has more surprises than a page; Alfa and Beta share due dates.
  for (const n of [-2, -5, -5, -9, -30]) await missed(a1.id, day(n));
  for (const n of [-5, -9]) await missed(a2.id, day(n));
  // Gamma: one open and overdue since long before the window (listed), one missed then (not).
  await createExpectation(db(), { account_id: a3.id, due_date: addMonths(today, -14) });
  await missed(a3.id, addMonths(today, -14));
  await createExpectation(db(), { account_id: a3.id, due_date: day(-1), status: "resolved", outcome: "kept", delivered_on: day(-1) });
  for (const n of [-2, -5]) await missed(b1.id, day(n));
  await missed(old.id, day(-3));
  for (const a of [a1, a2, a3, b1, old]) await db().transaction().execute((trx) => refreshAccountScores(trx, a.id));
  await db().updateTable("accounts").set({ archived_at: new Date() }).where("id", "=", old.id).execute();

  await db().deleteFrom("risk_signals").execute();
  const at = (days: number) => new Date(Date.now() - days * 86_400_000);
  const acked = { acknowledged_at: at(1), acknowledged_by: director.id };
  const signals: [string, "high" | "medium" | "low", number, Partial<Insertable<RiskSignalsTable>>?][] = [
    [a1.id, "high", 1],
    [a1.id, "low", 2],
    [a1.id, "high", 3],
    [a1.id, "medium", 2, acked],
    [a2.id, "medium", 1],
    [a2.id, "high", 1],
    [a2.id, "high", 2, { resolved_at: at(1) }],
    [a3.id, "low", 4],
    [b1.id, "high", 0],
    [old.id, "high", 0],
  ];
  await db()
    .insertInto("risk_signals")
    .values(
      signals.map(([accountId, severity, seen, more], i) => ({
        account_id: accountId,
        key: `renewal_at_risk:${i}`,
        rule: "renewal_at_risk",
        severity,
        first_seen_at: at(seen),
        params: { renewalDate: day(40), daysToRenewal: 40, health: 30, watchFrom: 40 } as unknown as Insertable<RiskSignalsTable>["params"],
        evidence_kind: "account" as const,
        evidence_id: accountId,
        ...more,
      })),
    )
    .execute();
  return { director, kam1, kam2, a1, a2, a3, b1, old };
}

describe("One KAM's surprises and signals", () => {
  it("list the same rows as the whole portfolio's lists filtered to the KAM, page for page, and follow a hand-over", async () => {
    const w = await book();
    const ids = (rows: { expectation_id: string }[]) => rows.map((r) => r.expectation_id);
    const surprisesOfKam = async (kamId: string) => ids((await surprisesOf(null, 50)).filter((r) => r.owner_id === kamId));
    const kam1Surprises = await surprisesOfKam(w.kam1.id);
    // Alfa's five, Beta's two and Gamma's open overdue one; no colleague's, no archived account's, nothing before the window.
    expect(kam1Surprises).toHaveLength(8);
    for (const limit of [1, 2, 3, 10]) expect(ids(await surprisesOf(w.kam1.id, limit))).toEqual(kam1Surprises);
    const all = await listSurprises(db(), { ownerId: w.kam1.id, window }, { limit: 10 });
    expect(all.surprises.map((r) => [r.account_name, r.owner_name, r.reason]).at(0)).toEqual(["Alfa Oy", "Aino Kam", "missed"]);
    // The open overdue one, oldest, last.
    expect(all.surprises.map((r) => [r.account_name, r.reason]).at(-1)).toEqual(["Gamma Oy", "overdue"]);

    const signalIds = (rows: { id: string }[]) => rows.map((r) => r.id);
    const signalsOfKam = async (kamId: string, acknowledged?: boolean) =>
      signalIds((await signalsOf({ acknowledged }, 50)).filter((r) => r.owner_id === kamId));
    for (const acknowledged of [undefined, false, true]) {
      const expected = await signalsOfKam(w.kam1.id, acknowledged);
      for (const limit of [1, 2, 4]) expect(signalIds(await signalsOf({ ownerId: w.kam1.id, acknowledged }, limit))).toEqual(expected);
    }
    expect(await countOpenSignals(db(), { ownerId: w.kam1.id })).toEqual({ open: 7, unacknowledged: 6 });
    expect(await countOpenSignals(db(), { ownerId: w.kam2.id })).toEqual({ open: 1, unacknowledged: 1 });

    // Beta is handed over to Bertta: its rows go with it, at once.
    await db().updateTable("accounts").set({ owner_id: w.kam2.id }).where("id", "=", w.a2.id).execute();
    for (const kam of [w.kam1, w.kam2]) {
      expect(ids(await surprisesOf(kam.id, 2))).toEqual(await surprisesOfKam(kam.id));
      expect(signalIds(await signalsOf({ ownerId: kam.id }, 2))).toEqual(await signalsOfKam(kam.id));
    }
    expect(await surprisesOfKam(w.kam1.id)).toHaveLength(6);
    expect(await surprisesOfKam(w.kam2.id)).toHaveLength(4);
    expect(await countOpenSignals(db(), { ownerId: w.kam1.id })).toEqual({ open: 5, unacknowledged: 4 });
    expect(await countOpenSignals(db(), { ownerId: w.kam2.id })).toEqual({ open: 3, unacknowledged: 3 });
  });
});
