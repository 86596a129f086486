import { sql } from "kysely";
import { describe, expect, it } from "vitest";
import { addDays } from "#app/domain/dates.ts";
import type { Actor } from "#app/domain/permissions.ts";
import { monthStarts, TREND_MONTHS } from "#app/domain/predictability.ts";
import { calendarDate } from "#app/domain/time.ts";
import { setAccountArchived, updateAccount } from "#app/models/account-changes.server.ts";
import { createApiToken } from "#app/models/api-tokens.server.ts";
import { answerNps } from "#app/models/portal-actions.server.ts";
import { withPortalWrite } from "#app/models/portal-scope.server.ts";
import { compactScoreDeltas, storedSummaryRows } from "#app/models/portfolio-sums.server.ts";
import { portfolioSummary, pooledPredictability, scannedSummaryRows } from "#app/models/portfolio.server.ts";
import { currentMonth } from "#app/models/portfolio-trends-current.server.ts";
import { monthEndSnapshots } from "#app/models/portfolio-trends.server.ts";
import { compactVerdictDeltas, monthlyVerdicts } from "#app/models/portfolio-trends-verdicts.server.ts";
import { refreshAccountScores } from "#app/models/scores.server.ts";
import { action as accountPut } from "#app/routes/api.v1.accounts.$externalId.ts";
import { apiRateLimit } from "#app/web/api.server.ts";
import { db } from "#app/utils/db.server.ts";
import { createAccount, createExpectation, createPortalUser, createStakeholder, createUser } from "#tests/factories/index.ts";
import { runImport } from "#tests/factories/imports.ts";
import { verdictsFromSource } from "#tests/setup/trends-source.ts";
import { request } from "#tests/setup/requests.ts";

// The portfolio's figures per KAM, band and currency are summed by triggers as
// scores and accounts are written (portfolio_score_deltas, migration
// 20261210_1100). Here every kind of write that moves one is made through the
// paths users take (forms, the portal, the API, a CSV import, scoring), and
// after each the stored sums must equal the same aggregate made from the live
// accounts' scores themselves, for the whole portfolio and for each KAM; and the
// trends' current month, summed by triggers from the newest snapshots, must equal
// the month counted from the snapshots.

const today = calendarDate();

/** The rows as summarize() reads them: health and NPS sums as numbers, the rest (money as text) exactly. */
const comparable = (rows: Awaited<ReturnType<typeof scannedSummaryRows>>) =>
  rows
    .map((r) => JSON.stringify({ ...r, health_sum: Number(r.health_sum ?? 0), nps_weighted: Number(r.nps_weighted ?? 0) }))
    .sort();

async function expectSameAsSource(owners: string[]) {
  for (const ownerId of [null, ...owners]) {
    const stored = await storedSummaryRows(db(), ownerId);
    const source = await scannedSummaryRows(db(), { ownerId, today });
    expect(comparable(stored), `owner ${ownerId}`).toEqual(comparable(source));
    // The trends' current month, summed by triggers from the newest snapshots (migration 20261210_1110).
    const month = `${today.slice(0, 7)}-01`;
    const byKey = (rows: Awaited<ReturnType<typeof monthEndSnapshots>>) =>
      rows.map((r) => JSON.stringify({ ...r, health_sum: Number(r.health_sum ?? 0), nps_weighted: Number(r.nps_weighted ?? 0) })).sort();
    expect(byKey(await currentMonth(db(), ownerId, today, month)), `month, owner ${ownerId}`).toEqual(
      byKey(await monthEndSnapshots(db(), ownerId, today, [month])),
    );
    // The trends' verdicts per month, the open overdue ones summed by triggers too (migration 20261211_0900).
    const starts = monthStarts(today, TREND_MONTHS);
    expect(sorted(await monthlyVerdicts(db(), ownerId, starts, today)), `verdicts, owner ${ownerId}`).toEqual(
      sorted(await verdictsFromSource(db(), ownerId, starts, today)),
    );
  }
}

const sorted = (rows: object[]) => rows.map((r) => JSON.stringify(r)).sort();

async function world() {
  const director = await createUser(db(), { role: "director", name: "Johtaja", email: "johtaja@pohjola.example" });
  const kam1 = await createUser(db(), { role: "kam", name: "Aino Kam", email: "aino@pohjola.example" });
  const kam2 = await createUser(db(), { role: "kam", name: "Bertta Kam", email: "bertta@pohjola.example" });
  const accounts = [
    await createAccount(db(), { owner_id: kam1.id, name: "Alfa Oy", contract_value: "120000.50", currency: "EUR" }),
    await createAccount(db(), { owner_id: kam1.id, name: "Beta Oy", contract_value: null, currency: "EUR" }),
    await createAccount(db(), { owner_id: kam2.id, name: "Gamma AB", contract_value: "3000.00", currency: "SEK" }),
    await createAccount(db(), { owner_id: kam2.id, name: "Delta Oy", contract_value: "50.00", currency: "EUR" }),
  ];
  // Kept, late and missed expectations in the scoring window, so the pooled counts are not all zero.
  for (const [i, a] of accounts.entries()) {
    for (let k = 0; k < 3; k++) {
      const due = addDays(today, -10 - 20 * k - i);
      await createExpectation(db(), {
        account_id: a.id,
        importance: ((i + k) % 3) + 1,
        due_date: due,
        status: "resolved",
        ...(k === 0 ? { outcome: "kept", delivered_on: due } : k === 1 ? { outcome: "late", delivered_on: addDays(due, 3) } : { outcome: "missed" }),
      });
    }
    // Still open and overdue: one due on last month's last day, one a few days ago.
    for (const due of [addDays(`${today.slice(0, 7)}-01`, -1), addDays(today, -3 - i)]) {
      await createExpectation(db(), { account_id: a.id, importance: (i % 3) + 1, due_date: due });
    }
  }
  for (const a of [accounts[0]!, accounts[2]!]) await db().transaction().execute((trx) => refreshAccountScores(trx, a.id));
  return { director, kam1, kam2, accounts };
}

const version = async (id: string) =>
  (await db().selectFrom("accounts").select("version").where("id", "=", id).executeTakeFirstOrThrow()).version;

describe("the portfolio's stored sums", () => {
  it("equal the sums over the live accounts' scores after every kind of write", async () => {
    const w = await world();
    const owners = [w.kam1.id, w.kam2.id];
    const [alfa, beta, gamma, delta] = w.accounts;
    await expectSameAsSource(owners);
    const whole = await portfolioSummary(db(), { today });
    expect(whole.totals.all.accounts).toBe(4);
    expect(whole.totals.bands.unscored.accounts).toBe(2);
    expect(whole.predictability.sample).toBeGreaterThan(0);

    // A first score (an insert into account_scores), then a rescoring that changes it (an update).
    await db().transaction().execute((trx) => refreshAccountScores(trx, beta!.id));
    await expectSameAsSource(owners);
    await db().updateTable("expectations").set({ outcome: "kept", delivered_on: today }).where("account_id", "=", alfa!.id).where("outcome", "=", "missed").execute();
    await db().transaction().execute((trx) => refreshAccountScores(trx, alfa!.id));
    await expectSameAsSource(owners);

    // The account form: Alfa changes hands and value; Gamma is archived, then restored.
    const director = { id: w.director.id, role: "director" } as Actor;
    const ctx = { actor: director, ip: null };
    const alfaNow = await db().selectFrom("accounts").selectAll().where("id", "=", alfa!.id).executeTakeFirstOrThrow();
    await db().transaction().execute((trx) =>
      updateAccount(trx, ctx, alfa!.id, {
        name: alfaNow.name,
        owner_id: w.kam2.id,
        contract_value: "99000.25",
        version: alfaNow.version,
      } as Parameters<typeof updateAccount>[3]),
    );
    expect((await db().selectFrom("accounts").select("owner_id").where("id", "=", alfa!.id).executeTakeFirstOrThrow()).owner_id).toBe(w.kam2.id);
    await expectSameAsSource(owners);
    const archived = await version(gamma!.id);
    await db().transaction().execute((trx) => setAccountArchived(trx, ctx, gamma!.id, true, archived));
    await expectSameAsSource(owners);
    const restored = await version(gamma!.id);
    await db().transaction().execute((trx) => setAccountArchived(trx, ctx, gamma!.id, false, restored));
    await expectSameAsSource(owners);

    // The portal: a customer's answer rescores Delta (its first score) in the portal's transaction.
    const person = await createStakeholder(db(), { account_id: delta!.id, name: "Pia" });
    const customer = await createPortalUser(db(), delta!.id, person.id);
    await withPortalWrite(delta!.id, (trx) => answerNps(trx, { userId: customer.id, accountId: delta!.id, stakeholderId: person.id }, { score: 3, comment: "" }));
    expect(await db().selectFrom("account_scores").select("nps").where("account_id", "=", delta!.id).executeTakeFirst()).toBeDefined();
    await expectSameAsSource(owners);

    // The API: an account created, then moved to another currency and value.
    apiRateLimit.reset();
    const admin = await createUser(db(), { role: "admin" });
    const token = await db().transaction().execute(async (trx) => (await createApiToken(trx, { id: admin.id, role: "admin" } as Actor, { name: "T", scope: "read_write" })).token);
    const put = async (body: object) => {
      const req = request("/api/v1/accounts/C-900", {
        method: "PUT",
        headers: { Authorization: `Bearer ${token}`, "Content-Type": "application/json" },
        body: JSON.stringify(body),
      });
      const res = await (accountPut as (a: unknown) => Promise<Response>)({ request: req, params: { externalId: "C-900" }, context: {} });
      expect(res.status, await res.clone().text()).toBeLessThan(300);
    };
    await put({ name: "Epsilon Oy", contract_value: "700.00", owner_email: "aino@pohjola.example" });
    await expectSameAsSource(owners);
    await put({ name: "Epsilon Oy", contract_value: "800.10", currency: "NOK", owner_email: "aino@pohjola.example" });
    await expectSameAsSource(owners);
    apiRateLimit.reset();

    // A CSV import: one account created, one updated (value and owner).
    const file = [
      "Customer number;Name;Tier;Stage;Contract value;Renewal;Owner",
      "C-900;Epsilon Oy;key;adoption;1 234,50;;bertta@pohjola.example",
      "C-901;Zeta Oy;growth;onboarding;10 000;;aino@pohjola.example",
    ].join("\n");
    const job = await runImport(director, "accounts", file, { mapping: { owner_email: "Owner" } });
    expect(job).toMatchObject({ status: "done", inserted: 1, updated: 1 });
    await expectSameAsSource(owners);

    // Scores deleted (the account counts as unscored again); an account deleted with its scores.
    await db().deleteFrom("account_scores").where("account_id", "=", gamma!.id).execute();
    await expectSameAsSource(owners);
    await db().deleteFrom("accounts").where("id", "=", beta!.id).execute();
    await expectSameAsSource(owners);

    // A write rolled back leaves the sums as they were.
    const before = await storedSummaryRows(db(), null);
    await db()
      .transaction()
      .execute(async (trx) => {
        await trx.updateTable("accounts").set({ owner_id: w.kam1.id }).where("id", "=", delta!.id).execute();
        throw new Error("rolled back");
      })
      .catch(() => {});
    expect(await storedSummaryRows(db(), null)).toEqual(before);

    // Folding the appended changes into one row per KAM, band and currency keeps every figure.
    const count = async () =>
      (await sql<{ n: number; keys: number }>`
        select count(*)::int as n, count(distinct (owner_id, band, currency))::int as keys from portfolio_score_deltas`.execute(db())).rows[0]!;
    const unfolded = await count();
    expect(await compactScoreDeltas(db())).toBe(unfolded.n);
    const folded = await count();
    expect(folded.n).toBe(folded.keys);
    expect(folded.n).toBeLessThan(unfolded.n);
    expect(await compactVerdictDeltas(db(), 0)).toBeGreaterThan(0);
    await expectSameAsSource(owners);
    // A KAM's pooled predictability and the portfolio's totals come from the same sums.
    const kamPooled = await pooledPredictability(db(), { ownerId: w.kam2.id, today });
    const kamRow = (await portfolioSummary(db(), { today })).kams.find((k) => k.kam_id === w.kam2.id)!;
    expect(kamPooled).toEqual(kamRow.predictability);
  });

  it("rescoring every account at a later time leaves the stored sums equal to the source", async () => {
    const w = await world();
    const later = new Date(Date.now() + 60_000);
    for (const a of w.accounts) await db().transaction().execute((trx) => refreshAccountScores(trx, a.id, later));
    await expectSameAsSource([w.kam1.id, w.kam2.id]);
  });
});
