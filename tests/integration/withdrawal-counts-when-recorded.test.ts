import { beforeEach, describe, expect, it } from "vitest";
import { addDays } from "#app/domain/dates.ts";
import { calendarDate } from "#app/domain/time.ts";
import { createApiToken } from "#app/models/api-tokens.server.ts";
import { action as detailAction } from "#app/routes/_app.accounts.$accountId_.expectations.$expectationId.tsx";
import { action as deliveryAction } from "#app/routes/api.v1.accounts.$externalId.expectations.$expectationId.delivery.ts";
import { action as expectationsAction } from "#app/routes/api.v1.accounts.$externalId.expectations.ts";
import { apiRateLimit } from "#app/web/api.server.ts";
import { db } from "#app/utils/db.server.ts";
import { runImport } from "#tests/factories/imports.ts";
import { createAccount, createExpectation, createUser } from "#tests/factories/index.ts";
import { apiCall, formRequest, localeCookieFor, run, sessionCookieFor, statusOf } from "#tests/setup/requests.ts";

// A withdrawal counts in predictability on the later of the day it states
// ("agreed with the customer on …") and the day Kohtaamo recorded it
// (app/domain/predictability.ts, withdrawalCountsOn), and its stated day may not
// be before the expectation was recorded (app/domain/expectation-rules.ts). So
// an account manager cannot make an overdue promise vanish by withdrawing it
// today dated before its due date: through the form, the API or the import the
// figures stay as bad as before (the review's back-dated withdrawal).

const today = calendarDate();
const day = (n: number) => addDays(today, n);
const daysAgo = (n: number) => new Date(Date.now() - n * 86_400_000);

beforeEach(() => apiRateLimit.reset());

/**
 * An account whose expectations were recorded 60 days ago: a kickoff kept on
 * time (importance 1), a training delivered 10 days late without notice
 * (importance 1) and a root-cause report (importance 3, external id RCA) due 40
 * days ago and still open. 1 of 5 by weight, 20 %; two surprises in 90 days.
 */
async function overdueAccount(externalId: string) {
  const admin = await createUser(db(), { role: "admin", name: "Ada Admin" });
  const kam = await createUser(db(), { role: "kam", name: "Kaisa Kam" });
  const account = await createAccount(db(), { owner_id: kam.id, name: `${externalId} Oy`, external_id: externalId });
  const recorded = { account_id: account.id, created_at: daysAgo(60) };
  await createExpectation(db(), { ...recorded, title: "Kickoff", importance: 1, due_date: day(-50), status: "resolved", outcome: "kept", delivered_on: day(-50) });
  await createExpectation(db(), { ...recorded, title: "Training", importance: 1, due_date: day(-30), status: "resolved", outcome: "late", delivered_on: day(-20) });
  const report = await createExpectation(db(), { ...recorded, external_id: "RCA", title: "Root-cause report", importance: 3, due_date: day(-40) });
  const { token } = await db().transaction().execute((trx) => createApiToken(trx, admin, { name: "ERP", scope: "read_write" }));
  await rescore(account.id);
  return { kam, account, report, token };
}

async function rescore(accountId: string) {
  const { refreshAccountScores } = await import("#app/models/scores.server.ts");
  await db().transaction().execute((trx) => refreshAccountScores(trx, accountId));
}

/** The account's stored figures: predictability, its sample, the report's verdict and the open signals. */
async function figures(accountId: string, reportId: string) {
  const score = await db().selectFrom("account_scores").select(["predictability", "predictability_sample"]).where("account_id", "=", accountId).executeTakeFirstOrThrow();
  const verdict = await db().selectFrom("expectation_verdicts").select(["verdict", "reason", "days_late"]).where("account_id", "=", accountId).where("expectation_id", "=", reportId).executeTakeFirst();
  // The ledger's signals (the account has no decision maker mapped: no_dm_contact is beside the point).
  const signals = await db().selectFrom("risk_signals").select(["rule", "severity"]).where("account_id", "=", accountId).where("resolved_at", "is", null).where("rule", "in", ["expectation_overdue", "repeated_surprises"]).orderBy("rule").execute();
  return { predictability: Number(score.predictability), sample: score.predictability_sample, verdict: verdict ?? null, signals: signals.map((s) => `${s.rule}:${s.severity}`) };
}

type Handler = (args: never) => Promise<Response> | Response;

const call = (handler: Handler, path: string, token: string, body: unknown, params: Record<string, string>) =>
  apiCall(handler, "POST", path, token, body, params);

describe("a withdrawal of an overdue expectation dated back to before its due date", () => {
  it("through the form: stays an overdue surprise, the figures as bad as before, its stated day kept", async () => {
    const { kam, account, report } = await overdueAccount("C-FORM");
    const before = await figures(account.id, report.id);
    expect(before).toMatchObject({ predictability: 0.2, sample: 3, verdict: { verdict: "surprise", reason: "overdue", days_late: 40 } });
    expect(before.signals).toEqual(["expectation_overdue:high", "repeated_surprises:high"]);

    const fields = { intent: "deliver", version: "1", outcome: "withdrawn", delivered_on: day(-41), delivery_note: "Agreed with the customer" };
    const res = await run(detailAction, formRequest(`/accounts/${account.id}/expectations/${report.id}`, fields, await sessionCookieFor(kam.id)), {
      accountId: account.id,
      expectationId: report.id,
    });
    expect(statusOf(res)).toBe(302);

    const after = await figures(account.id, report.id);
    expect(after).toMatchObject({ predictability: 0.2, sample: 3, verdict: { verdict: "surprise", reason: "overdue", days_late: 40 } });
    // The report is no longer open, so its own overdue signal ends, as for any withdrawal; the surprises stay.
    expect(after.signals).toEqual(["repeated_surprises:high"]);
    // The day the KAM stated is stored and shown as given.
    const stored = await db().selectFrom("expectations").select(["outcome", "delivered_on"]).where("id", "=", report.id).executeTakeFirstOrThrow();
    expect(stored).toEqual({ outcome: "withdrawn", delivered_on: day(-41) });
  });

  it("counts as an honest withdrawal made today: back-dating gains nothing", async () => {
    const backdated = await overdueAccount("C-BACK");
    const honest = await overdueAccount("C-HONEST");
    const withdraw = async ({ kam, account, report }: typeof backdated, deliveredOn?: string) => {
      const fields = { intent: "deliver", version: "1", outcome: "withdrawn", delivery_note: "Agreed", ...(deliveredOn ? { delivered_on: deliveredOn } : {}) };
      const res = await run(detailAction, formRequest(`/accounts/${account.id}/expectations/${report.id}`, fields, await sessionCookieFor(kam.id)), {
        accountId: account.id,
        expectationId: report.id,
      });
      expect(statusOf(res)).toBe(302);
      return figures(account.id, report.id);
    };
    expect(await withdraw(backdated, day(-59))).toEqual(await withdraw(honest));
  });

  it("refuses on the form a withdrawal dated before the expectation was recorded, next to the date, keeping what was typed", async () => {
    const { kam, account, report } = await overdueAccount("C-EARLY");
    const fields = { intent: "deliver", version: "1", outcome: "withdrawn", delivered_on: day(-61), delivery_note: "Agreed long ago" };
    const submit = async (locale: "en" | "fi") => {
      const cookie = `${await sessionCookieFor(kam.id)}; ${await localeCookieFor(locale)}`;
      const res = await run(detailAction, formRequest(`/accounts/${account.id}/expectations/${report.id}`, fields, cookie), {
        accountId: account.id,
        expectationId: report.id,
      });
      expect(statusOf(res)).toBe(400);
      return (res.value as { data: { result: { error: Record<string, string[]>; initialValue: Record<string, unknown> } } }).data.result;
    };
    const en = await submit("en");
    // The day it was recorded, in the reader's date format.
    expect(en.error.delivered_on).toEqual([
      expect.stringMatching(/^A withdrawal cannot be dated before the expectation was recorded \(.+\): there was nothing to withdraw yet\.$/),
    ]);
    expect(en.initialValue).toMatchObject({ delivered_on: day(-61), delivery_note: "Agreed long ago", outcome: "withdrawn" });
    expect((await submit("fi")).error.delivered_on).toEqual([expect.stringContaining("Perumista ei voi päivätä ennen")]);
    const still = await db().selectFrom("expectations").select(["status", "version"]).where("id", "=", report.id).executeTakeFirstOrThrow();
    expect(still).toEqual({ status: "open", version: 1 });
  });

  it("through the API's delivery endpoint: the same surprise, and the same refusal before the record", async () => {
    const { account, report, token } = await overdueAccount("C-API");
    const path = "/api/v1/accounts/C-API/expectations/RCA/delivery";
    const params = { externalId: "C-API", expectationId: "RCA" };
    const early = await call(deliveryAction, path, token, { outcome: "withdrawn", delivered_on: day(-61), delivery_note: "Agreed" }, params);
    expect(early.status).toBe(422);
    expect(early.json.errors).toEqual([{ field: "delivered_on", reason: expect.stringContaining("before the expectation was recorded") }]);
    const ok = await call(deliveryAction, path, token, { outcome: "withdrawn", delivered_on: day(-41), delivery_note: "Agreed" }, params);
    expect(ok.status).toBe(200);
    expect(ok.json.data).toMatchObject({ outcome: "withdrawn", delivered_on: day(-41) });
    expect(await figures(account.id, report.id)).toMatchObject({
      predictability: 0.2,
      verdict: { verdict: "surprise", reason: "overdue", days_late: 40 },
      signals: ["repeated_surprises:high"],
    });
  });

  it("through an API upsert: the same surprise, and the same refusal before the record", async () => {
    const { account, report, token } = await overdueAccount("C-UPS");
    const path = "/api/v1/accounts/C-UPS/expectations";
    const body = { external_id: "RCA", title: "Root-cause report", due_date: day(-40), outcome: "withdrawn", delivery_note: "Agreed" };
    const early = await call(expectationsAction, path, token, { ...body, delivered_on: day(-61) }, { externalId: "C-UPS" });
    expect(early.status).toBe(422);
    expect(early.json.errors).toEqual([{ field: "delivered_on", reason: expect.stringContaining("before the expectation was recorded") }]);
    const ok = await call(expectationsAction, path, token, { ...body, delivered_on: day(-41) }, { externalId: "C-UPS" });
    expect(ok.status).toBe(200);
    expect(await figures(account.id, report.id)).toMatchObject({
      predictability: 0.2,
      verdict: { verdict: "surprise", reason: "overdue", days_late: 40 },
      signals: ["repeated_surprises:high"],
    });
    const history = await db().selectFrom("expectation_changes").select(["kind", "details"]).where("expectation_id", "=", report.id).where("kind", "=", "delivered").execute();
    expect(history).toMatchObject([{ kind: "delivered", details: { outcome: "withdrawn", delivered_on: day(-41) } }]);
  });

  it("through the import: the same surprise, and the row dated before the record refused with the same message", async () => {
    const { kam, account, report } = await overdueAccount("C-IMP");
    const file = (on: string) => ["account;id;title;due date;outcome;delivered on;delivery note", `C-IMP;RCA;Root-cause report;${day(-40)};withdrawn;${on};Agreed`].join("\n");
    const early = await runImport(kam, "expectations", file(day(-61)), { mode: "valid_rows" });
    expect(early).toMatchObject({ rejected: 1, updated: 0 });
    expect(early.errors).toMatchObject([
      { field: "delivered_on", reason: `A withdrawal cannot be dated before the expectation was recorded (${day(-60)}): there was nothing to withdraw yet.` },
    ]);
    const ok = await runImport(kam, "expectations", file(day(-41)), { mode: "valid_rows" });
    expect(ok).toMatchObject({ rejected: 0, updated: 1 });
    expect(await figures(account.id, report.id)).toMatchObject({
      predictability: 0.2,
      verdict: { verdict: "surprise", reason: "overdue", days_late: 40 },
      signals: ["repeated_surprises:high"],
    });
    // Imported again unchanged: no second withdrawal in the history, nothing moves.
    await runImport(kam, "expectations", file(day(-41)), { mode: "valid_rows" });
    const withdrawals = await db().selectFrom("expectation_changes").select("kind").where("expectation_id", "=", report.id).where("kind", "=", "delivered").execute();
    expect(withdrawals).toHaveLength(1);
  });

  it("counts a withdrawal imported today for a day long ago as made today (historical imports)", async () => {
    const { kam, account } = await overdueAccount("C-HIST");
    // A new record, due 200 days ago and withdrawn 210 days ago by the file: recorded today, so a surprise 200 days late.
    const file = ["account;id;title;due date;outcome;delivered on;delivery note", `C-HIST;OLD;Old promise;${day(-200)};withdrawn;${day(-210)};Agreed then`].join("\n");
    expect(await runImport(kam, "expectations", file, { mode: "valid_rows" })).toMatchObject({ inserted: 1, rejected: 0 });
    const old = await db().selectFrom("expectations").select("id").where("account_id", "=", account.id).where("external_id", "=", "OLD").executeTakeFirstOrThrow();
    const { verdict } = await figures(account.id, old.id);
    expect(verdict).toEqual({ verdict: "surprise", reason: "overdue", days_late: 200 });
  });
});
