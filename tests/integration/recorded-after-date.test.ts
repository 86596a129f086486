import { beforeEach, describe, expect, it } from "vitest";
import { createElement } from "react";
import { PredictabilityPanel } from "#app/components/predictability-panel.tsx";
import { addDays } from "#app/domain/dates.ts";
import type { AccountHealthView } from "#app/domain/health-view.ts";
import { calendarDate } from "#app/domain/time.ts";
import { createApiToken } from "#app/models/api-tokens.server.ts";
import { refreshAccountScores } from "#app/models/scores.server.ts";
import { loader as accountLoader } from "#app/routes/_app.accounts.$accountId.tsx";
import { action as detailAction } from "#app/routes/_app.accounts.$accountId_.expectations.$expectationId.tsx";
import { action as newAction } from "#app/routes/_app.accounts.$accountId_.expectations.new.tsx";
import { action as expectationsAction } from "#app/routes/api.v1.accounts.$externalId.expectations.ts";
import { action as commitmentsAction } from "#app/routes/portal.commitments.tsx";
import { db } from "#app/utils/db.server.ts";
import { apiRateLimit } from "#app/web/api.server.ts";
import { runImport } from "#tests/factories/imports.ts";
import { createAccount, createExpectation, createPortalUser, createStakeholder, createUser } from "#tests/factories/index.ts";
import { renderInPage } from "#tests/setup/render-page.tsx";
import { apiCall, formRequest, request, run, sessionCookieFor, statusOf } from "#tests/setup/requests.ts";

// Padding predictability with promises recorded after the fact (found by
// review): an expectation created today for a date already past and recorded
// "kept" was never a promise the customer tracked in advance. Through the
// forms, the API and the import it is left out of the sample until the
// customer confirms the delivery in the portal (app/domain/predictability.ts,
// "Recorded after its date"); its bad news counts at once; an administrator's
// records (a data migration) are exempt.

const today = calendarDate();
const day = (n: number) => addDays(today, n);
const yesterday = day(-1);

beforeEach(() => apiRateLimit.reset());

async function world() {
  const kam = await createUser(db(), { role: "kam", name: "Kalle KAM" });
  const admin = await createUser(db(), { role: "admin", name: "Ada Admin" });
  const account = await createAccount(db(), { owner_id: kam.id, name: "Padding Oy", external_id: "C-PAD" });
  const holder = await createStakeholder(db(), { account_id: account.id, committee_role: "decision_maker", influence: 4 });
  const customer = await createPortalUser(db(), account.id, holder.id);
  const { token } = await db()
    .transaction()
    .execute((trx) => createApiToken(trx, admin, { name: "Kalle's scripts", scope: "read_write", userId: kam.id }));
  // The real record, promised ahead (the factory records it 30 days before its date):
  // missed (importance 3) and kept (importance 2) → 2/5 = 40 %.
  await createExpectation(db(), { account_id: account.id, title: "Real missed", importance: 3, due_date: day(-10), status: "resolved", outcome: "missed" });
  await createExpectation(db(), {
    account_id: account.id, title: "Real kept", importance: 2, due_date: day(-20), status: "resolved", outcome: "kept", delivered_on: day(-20),
  });
  await db().transaction().execute((trx) => refreshAccountScores(trx, account.id));
  return { kam, admin, account, customer, token };
}
type World = Awaited<ReturnType<typeof world>>;

async function scores(accountId: string) {
  const s = await db()
    .selectFrom("account_scores")
    .select(["predictability", "predictability_sample", "predictable_weight", "predictability_weight", "health"])
    .where("account_id", "=", accountId)
    .executeTakeFirstOrThrow();
  return { ...s, health: s.health === null ? null : Number(s.health) };
}

const verdictOf = async (id: string) =>
  (await db().selectFrom("expectation_verdicts").select(["verdict", "reason"]).where("expectation_id", "=", id).executeTakeFirst()) ?? null;

/** Through the forms, as `userId`: created today for yesterday, importance 3, then recorded as delivered `outcome`. */
async function byForm(w: World, userId: string, title: string, outcome: "kept" | "missed" = "kept") {
  const cookie = await sessionCookieFor(userId);
  const fields = { title, category: "delivery", source: "internal", importance: "3", due_date: yesterday };
  const created = await run(newAction, formRequest(`/accounts/${w.account.id}/expectations/new`, fields, cookie), { accountId: w.account.id });
  expect(statusOf(created)).toBe(302);
  const { id } = await db().selectFrom("expectations").select("id").where("account_id", "=", w.account.id).where("title", "=", title).executeTakeFirstOrThrow();
  const delivery: Record<string, string> = outcome === "kept" ? { outcome, delivered_on: yesterday } : { outcome };
  const res = await run(detailAction, formRequest(`/accounts/${w.account.id}/expectations/${id}`, { intent: "deliver", version: "1", ...delivery }, cookie), {
    accountId: w.account.id,
    expectationId: id,
  });
  expect(statusOf(res)).toBe(302);
  return id;
}

/** Through the API with the KAM's own token: created today, already kept yesterday. */
async function byApi(w: World, externalId: string, outcome: "kept" | "missed" = "kept") {
  const body = { external_id: externalId, title: `Minutes ${externalId}`, importance: 3, due_date: yesterday, outcome, ...(outcome === "kept" ? { delivered_on: yesterday } : {}) };
  const res = await apiCall(expectationsAction, "POST", "/api/v1/accounts/C-PAD/expectations", w.token, body, { externalId: "C-PAD" });
  expect(res.status).toBe(201);
}

async function pageView(userId: string, accountId: string) {
  const res = await run(accountLoader, request(`/accounts/${accountId}`, { cookie: await sessionCookieFor(userId) }), { accountId });
  expect(statusOf(res)).toBe(200);
  return (res.value as { health: AccountHealthView }).health.predictability;
}

describe("promises recorded after their date", () => {
  it("do not lift predictability through the forms, the API or the import, until the customer confirms them", async () => {
    const w = await world();
    const before = await scores(w.account.id);
    expect(before).toMatchObject({ predictability: "0.4000", predictability_sample: 2 });

    const viaForm = [];
    for (const n of [1, 2, 3]) viaForm.push(await byForm(w, w.kam.id, `Send the minutes ${n}`));
    await byApi(w, "PAD-1");
    await byApi(w, "PAD-2");
    const job = await runImport(
      { id: w.kam.id, role: "kam" },
      "expectations",
      ["account;id;title;importance;due date;outcome;delivered on", `C-PAD;PAD-3;Minutes PAD-3;3;${yesterday};kept;${yesterday}`].join("\n"),
    );
    expect(job).toMatchObject({ status: "done", inserted: 1, rejected: 0 });

    // Six kept promises recorded after the fact: the figure, its sample and health stay where they were.
    const padded = await scores(w.account.id);
    expect(padded).toMatchObject({ predictability: "0.4000", predictability_sample: 2, predictable_weight: 2, predictability_weight: 5 });
    expect(padded.health).toBe(before.health);
    expect(await verdictOf(viaForm[0]!)).toBeNull();
    const view = await pageView(w.kam.id, w.account.id);
    expect(view).toMatchObject({ sample: 2, unconfirmed: 6, fewData: true });
    const panel = (locale: "en" | "fi") => renderInPage(createElement(PredictabilityPanel, { accountId: w.account.id, p: view }), locale);
    expect(await panel("en")).toContain("6 recorded after their date, left out until the customer confirms");
    expect(await panel("fi")).toContain("6 kirjattu eräpäivänsä jälkeen, ei mukana ennen asiakkaan vahvistusta");

    // Bad news recorded after the fact counts at once: missed, importance 3 → 2/8.
    await byApi(w, "PAD-MISSED", "missed");
    expect(await scores(w.account.id)).toMatchObject({ predictability: "0.2500", predictability_sample: 3 });

    // The customer confirms one in the portal: it counts from that write on → (2 + 3) / (8 + 3) = 5/11.
    const cookie = await sessionCookieFor(w.customer.id);
    const { version } = await db().selectFrom("expectations").select("version").where("id", "=", viaForm[0]!).executeTakeFirstOrThrow();
    const confirmed = await run(
      commitmentsAction,
      formRequest("/portal/commitments", { expectation_id: viaForm[0]!, version: String(version), response: "confirmed" }, cookie),
    );
    expect(statusOf(confirmed)).toBe(302);
    expect(await scores(w.account.id)).toMatchObject({ predictability: "0.4545", predictability_sample: 4 });
    expect(await verdictOf(viaForm[0]!)).toEqual({ verdict: "predictable", reason: null });
    expect(await pageView(w.kam.id, w.account.id)).toMatchObject({ sample: 4, unconfirmed: 5 });
  });

  it("count an administrator's records (a data migration) as they are, and a KAM's missed one as a surprise", async () => {
    const w = await world();
    const migrated = await byForm(w, w.admin.id, "Migrated from the old tool");
    // (2 + 3) / (5 + 3) = 5/8.
    expect(await scores(w.account.id)).toMatchObject({ predictability: "0.6250", predictability_sample: 3 });
    expect(await verdictOf(migrated)).toEqual({ verdict: "predictable", reason: null });
    const missed = await byForm(w, w.kam.id, "Missed, recorded late", "missed");
    expect(await verdictOf(missed)).toEqual({ verdict: "surprise", reason: "missed" });
    // 5 / (8 + 3) = 5/11.
    expect(await scores(w.account.id)).toMatchObject({ predictability: "0.4545", predictability_sample: 4 });
  });
});
