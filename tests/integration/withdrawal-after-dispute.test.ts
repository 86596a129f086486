import { beforeEach, describe, expect, it } from "vitest";
import { addDays } from "#app/domain/dates.ts";
import { calendarDate } from "#app/domain/time.ts";
import { createApiToken } from "#app/models/api-tokens.server.ts";
import { computeReviewPack } from "#app/models/review-pack.server.ts";
import { action as detailAction } from "#app/routes/_app.accounts.$accountId_.expectations.$expectationId.tsx";
import { action as deliveryAction } from "#app/routes/api.v1.accounts.$externalId.expectations.$expectationId.delivery.ts";
import { action as expectationsAction } from "#app/routes/api.v1.accounts.$externalId.expectations.ts";
import { action as commitmentsAction } from "#app/routes/portal.commitments.tsx";
import { apiRateLimit } from "#app/web/api.server.ts";
import { db } from "#app/utils/db.server.ts";
import { runImport } from "#tests/factories/imports.ts";
import { createAccount, createExpectation, createPortalUser, createStakeholder, createUser } from "#tests/factories/index.ts";
import { apiCall, formRequest, run, sessionCookieFor, statusOf } from "#tests/setup/requests.ts";

// The review's chain: the customer disputes an early "kept" delivery in the
// portal; the account manager reopens the expectation (which clears the
// answer; its history keeps it) and withdraws it before its due date. Nothing
// is back-dated, so the late-withdrawal rule does not apply; without more, the
// disputed delivery vanished from predictability (25 % → 100 %). A withdrawal
// after a disputed delivery was taken back counts as that dispute
// (withdrawalAfterDispute, app/domain/predictability.ts), whichever path
// withdraws it: the form, the API or the import.

const today = calendarDate();
const day = (n: number) => addDays(today, n);
const daysAgo = (n: number) => new Date(Date.now() - n * 86_400_000);

beforeEach(() => apiRateLimit.reset());

/**
 * An account recorded 60 days ago: a kickoff kept on its due date 50 days ago
 * (importance 1) and a migration plan (importance 3, external id PLAN) due in
 * 60 days, delivered "kept" on the form 5 days ago and disputed by the
 * customer in the portal ("nothing arrived"): 1 of 4 by weight, 25 %.
 */
async function disputedAccount(externalId: string) {
  const admin = await createUser(db(), { role: "admin", name: "Ada Admin" });
  const kam = await createUser(db(), { role: "kam", name: "Kaisa Kam" });
  const account = await createAccount(db(), { owner_id: kam.id, name: `${externalId} Oy`, external_id: externalId });
  const champion = await createStakeholder(db(), { account_id: account.id, name: "Chris Champion" });
  const customer = await createPortalUser(db(), account.id, champion.id);
  const recorded = { account_id: account.id, created_at: daysAgo(60) };
  await createExpectation(db(), { ...recorded, title: "Kickoff", importance: 1, due_date: day(-50), status: "resolved", outcome: "kept", delivered_on: day(-50) });
  const plan = await createExpectation(db(), { ...recorded, external_id: "PLAN", title: "Migration plan", importance: 3, due_date: day(60) });
  const { token } = await db().transaction().execute((trx) => createApiToken(trx, admin, { name: "ERP", scope: "read_write" }));
  const kamCookie = await sessionCookieFor(kam.id);
  const onPage = (fields: Record<string, string>) =>
    run(detailAction, formRequest(`/accounts/${account.id}/expectations/${plan.id}`, fields, kamCookie), {
      accountId: account.id,
      expectationId: plan.id,
    });
  expect(statusOf(await onPage({ intent: "deliver", version: "1", outcome: "kept", delivered_on: day(-5), delivery_note: "Sent" }))).toBe(302);
  const answer = { intent: "answer", expectation_id: plan.id, version: "2", response: "disputed_not_delivered", comment: "Nothing arrived" };
  const portal = await run(commitmentsAction, formRequest("/portal/commitments", answer, await sessionCookieFor(customer.id)), {});
  expect(statusOf(portal)).toBe(302);
  return { kam, customer, account, plan, token, onPage };
}

/** Reopened on its page: the dispute is cleared from the expectation, kept in its history. */
async function reopen(world: Awaited<ReturnType<typeof disputedAccount>>) {
  const res = await world.onPage({ intent: "reopen", version: "3", reason: "Customer wants to drop it" });
  expect(statusOf(res)).toBe(302);
  const stored = await db().selectFrom("expectations").select(["status", "customer_response", "version"]).where("id", "=", world.plan.id).executeTakeFirstOrThrow();
  expect(stored).toEqual({ status: "open", customer_response: null, version: 4 });
}

/** The account's stored figures: predictability, its sample, the plan's stored verdict and the day it counts on. */
async function figures(accountId: string, planId: string) {
  const score = await db().selectFrom("account_scores").select(["predictability", "predictability_sample", "factors"]).where("account_id", "=", accountId).executeTakeFirstOrThrow();
  const verdict = await db().selectFrom("expectation_verdicts").select(["verdict", "reason", "due_date"]).where("account_id", "=", accountId).where("expectation_id", "=", planId).executeTakeFirst();
  return { predictability: Number(score.predictability), sample: score.predictability_sample, verdict: verdict ?? null };
}

const DISPUTED = () => ({ predictability: 0.25, sample: 2, verdict: { verdict: "surprise", reason: "disputed", due_date: day(-5) } });

describe("a disputed delivery reopened and then withdrawn before its due date", () => {
  it("through the forms: stays the disputed surprise it was, 25 %, on the account page's figures and in the review pack", async () => {
    const world = await disputedAccount("C-FORM");
    expect(await figures(world.account.id, world.plan.id)).toEqual(DISPUTED());
    await reopen(world);
    const withdrawn = await world.onPage({ intent: "deliver", version: "4", outcome: "withdrawn", delivered_on: today, delivery_note: "Agreed to drop it" });
    expect(statusOf(withdrawn)).toBe(302);
    // Not improved by the chain: the same figure, the same verdict, in the disputed delivery's month.
    expect(await figures(world.account.id, world.plan.id)).toEqual(DISPUTED());
    const stored = await db().selectFrom("expectations").select(["status", "outcome", "delivered_on", "customer_response"]).where("id", "=", world.plan.id).executeTakeFirstOrThrow();
    expect(stored).toEqual({ status: "resolved", outcome: "withdrawn", delivered_on: today, customer_response: null });
    // The review pack of the last month says the same: one disputed, none withdrawn.
    const pack = await computeReviewPack(db(), world.account.id, { from: day(-30), to: today }, { today, now: new Date() });
    expect(pack.commitments).toMatchObject({ disputed: 1, withdrawn: 0, kept: 0 });
    expect(pack.commitments.surprises).toEqual([expect.objectContaining({ title: "Migration plan", reason: "disputed" })]);
  });

  it("leaves an expectation reopened after a confirmed delivery, then withdrawn in time, out as before", async () => {
    const world = await disputedAccount("C-CONF");
    // The customer changes their answer to "as promised" before the reopen: nothing disputed is taken back.
    const confirm = { intent: "answer", expectation_id: world.plan.id, version: "3", response: "confirmed", comment: "" };
    expect(statusOf(await run(commitmentsAction, formRequest("/portal/commitments", confirm, await sessionCookieFor(world.customer.id)), {}))).toBe(302);
    const res = await world.onPage({ intent: "reopen", version: "4", reason: "Customer wants to drop it" });
    expect(statusOf(res)).toBe(302);
    expect(statusOf(await world.onPage({ intent: "deliver", version: "5", outcome: "withdrawn", delivery_note: "Agreed" }))).toBe(302);
    expect(await figures(world.account.id, world.plan.id)).toEqual({ predictability: 1, sample: 1, verdict: null });
  });

  it("through the API's delivery endpoint: the same disputed surprise", async () => {
    const world = await disputedAccount("C-API");
    await reopen(world);
    const params = { externalId: "C-API", expectationId: "PLAN" };
    const res = await apiCall(deliveryAction, "POST", "/api/v1/accounts/C-API/expectations/PLAN/delivery", world.token, { outcome: "withdrawn", delivered_on: today, delivery_note: "Agreed" }, params);
    expect(res.status).toBe(200);
    expect(await figures(world.account.id, world.plan.id)).toEqual(DISPUTED());
  });

  it("through an API upsert: the same disputed surprise", async () => {
    const world = await disputedAccount("C-UPS");
    await reopen(world);
    const body = { external_id: "PLAN", title: "Migration plan", due_date: day(60), outcome: "withdrawn", delivered_on: today, delivery_note: "Agreed" };
    const res = await apiCall(expectationsAction, "PUT", "/api/v1/accounts/C-UPS/expectations", world.token, body, { externalId: "C-UPS" });
    expect(res.status).toBe(200);
    expect(await figures(world.account.id, world.plan.id)).toEqual(DISPUTED());
  });

  it("through the import: the same disputed surprise", async () => {
    const world = await disputedAccount("C-IMP");
    await reopen(world);
    const file = ["account;id;title;due date;outcome;delivered on;delivery note", `C-IMP;PLAN;Migration plan;${day(60)};withdrawn;${today};Agreed`].join("\n");
    expect(await runImport(world.kam, "expectations", file)).toMatchObject({ status: "done", updated: 1, rejected: 0 });
    expect(await figures(world.account.id, world.plan.id)).toEqual(DISPUTED());
  });
});
