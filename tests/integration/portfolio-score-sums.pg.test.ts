import { describe, expect, it } from "vitest";
import { addDays } from "#app/domain/dates.ts";
import { monthStarts, TREND_MONTHS } from "#app/domain/predictability.ts";
import { calendarDate } from "#app/domain/time.ts";
import { compactScoreDeltas, storedSummaryRows } from "#app/models/portfolio-sums.server.ts";
import { scannedSummaryRows } from "#app/models/portfolio.server.ts";
import { currentMonth } from "#app/models/portfolio-trends-current.server.ts";
import { monthEndSnapshots } from "#app/models/portfolio-trends.server.ts";
import { compactVerdictDeltas, monthlyVerdicts } from "#app/models/portfolio-trends-verdicts.server.ts";
import { refreshAccountScores } from "#app/models/scores.server.ts";
import { db } from "#app/utils/db.server.ts";
import { createAccount, createExpectation, createUser } from "#tests/factories/index.ts";
import { verdictsFromSource } from "#tests/setup/trends-source.ts";

// On a server, accounts of one KAM are rescored at once (the seed and the
// refresher use several lanes), beside an account changing hands, one being
// archived and one deleted, an open expectation delivered, and the appended sums
// (the portfolio's and the trends' open verdicts') being folded. The triggers
// only append, so nobody waits on anybody's sums; the figures must still come
// out exactly as the aggregate over the accounts (this file runs only with
// TEST_DATABASE_URL).

const today = calendarDate();
const asNumbers = <T extends { health_sum: string | null; nps_weighted: string | null }>(rows: T[]) =>
  rows.map((r) => JSON.stringify({ ...r, health_sum: Number(r.health_sum ?? 0), nps_weighted: Number(r.nps_weighted ?? 0) })).sort();

describe("the portfolio's stored sums, written by several transactions at once", () => {
  it("equal the sums over the accounts after concurrent rescoring, a hand-over, an archive and a delete", async () => {
    const kams = [await createUser(db(), { role: "kam" }), await createUser(db(), { role: "kam" })];
    const accounts: string[] = [];
    for (let i = 0; i < 12; i++) {
      const a = await createAccount(db(), { owner_id: kams[i % 2]!.id, contract_value: `${1000 + i}.50`, currency: i % 3 ? "EUR" : "SEK" });
      for (let k = 0; k < 3; k++) {
        const due = addDays(today, -5 - 11 * k - i);
        await createExpectation(db(), {
          account_id: a.id,
          importance: ((i + k) % 3) + 1,
          due_date: due,
          status: "resolved",
          ...(k === 2 ? { outcome: "missed" } : { outcome: "kept", delivered_on: due }),
        });
      }
      // Still open and overdue: on a month's last day, and a few days ago.
      for (const due of [addDays(`${today.slice(0, 7)}-01`, -1 - 31 * (i % 2)), addDays(today, -2 - i)]) {
        await createExpectation(db(), { account_id: a.id, importance: (i % 3) + 1, due_date: due });
      }
      accounts.push(a.id);
    }
    const rescore = (id: string, at = new Date()) => db().transaction().execute((trx) => refreshAccountScores(trx, id, at));
    await Promise.all(accounts.map((id) => rescore(id)));
    const later = new Date(Date.now() + 60_000);
    await Promise.all([
      ...accounts.map((id) => rescore(id, later)),
      db().updateTable("expectations").set({ outcome: "kept", delivered_on: today }).where("account_id", "=", accounts[1]!).where("outcome", "=", "missed").execute(),
      db().updateTable("accounts").set({ owner_id: kams[0]!.id }).where("id", "=", accounts[3]!).execute(),
      db().updateTable("accounts").set({ archived_at: new Date() }).where("id", "=", accounts[4]!).execute(),
      db().deleteFrom("accounts").where("id", "=", accounts[5]!).execute(),
      compactScoreDeltas(db()),
      compactVerdictDeltas(db(), 0),
      db().updateTable("expectations").set({ status: "resolved", outcome: "late", delivered_on: today }).where("account_id", "=", accounts[7]!).where("status", "=", "open").execute(),
      ...accounts.slice(6).map((id) => rescore(id, later)),
    ]);
    await compactScoreDeltas(db());
    await Promise.all([rescore(accounts[7]!, later), compactVerdictDeltas(db(), 0)]);

    const month = `${today.slice(0, 7)}-01`;
    for (const ownerId of [null, kams[0]!.id, kams[1]!.id]) {
      expect(asNumbers(await storedSummaryRows(db(), ownerId)), `owner ${ownerId}`).toEqual(
        asNumbers(await scannedSummaryRows(db(), { ownerId, today })),
      );
      expect(asNumbers(await currentMonth(db(), ownerId, today, month)), `month, owner ${ownerId}`).toEqual(
        asNumbers(await monthEndSnapshots(db(), ownerId, today, [month])),
      );
      const starts = monthStarts(today, TREND_MONTHS);
      const sorted = (rows: object[]) => rows.map((r) => JSON.stringify(r)).sort();
      expect(sorted(await monthlyVerdicts(db(), ownerId, starts, today)), `verdicts, owner ${ownerId}`).toEqual(
        sorted(await verdictsFromSource(db(), ownerId, starts, today)),
      );
    }
  });
});
