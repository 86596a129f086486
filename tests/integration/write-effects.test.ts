import { describe, expect, it } from "vitest";
import { readScoreFactors } from "#app/domain/scoring.ts";
import { calendarDate } from "#app/domain/time.ts";
import { refreshAccountScores } from "#app/models/scores.server.ts";
import { action as detailAction } from "#app/routes/_app.accounts.$accountId_.expectations.$expectationId.tsx";
import { action as stakeholderAction } from "#app/routes/_app.accounts.$accountId_.committee.$stakeholderId.tsx";
import { action as feedbackAction } from "#app/routes/portal.feedback.tsx";
import { addDays } from "#app/domain/dates.ts";
import { db } from "#app/utils/db.server.ts";
import { createAccount, createExpectation, createPortalUser, createStakeholder, createTouchpoint, createUser } from "#tests/factories/index.ts";
import { formRequest, run, sessionCookieFor, statusOf } from "#tests/setup/requests.ts";

// A write changes the account's health and its risk signals in the request
// that makes it: each test reads the figures and signals from the database,
// calls the real route action, and reads them again once it has returned.

const today = calendarDate();
const day = (n: number) => addDays(today, n);
const DAY = 86_400_000;

/** The account's stored figures and open signals, as the pages read them. */
async function state(accountId: string) {
  const row = await db().selectFrom("account_scores").selectAll().where("account_id", "=", accountId).executeTakeFirstOrThrow();
  const factors = readScoreFactors(row.factors)!;
  const open = await db()
    .selectFrom("risk_signals")
    .select(["key", "rule", "params"])
    .where("account_id", "=", accountId)
    .where("resolved_at", "is", null)
    .execute();
  const factor = (key: string) => factors.health.factors.find((f) => f.key === key)!;
  return {
    health: Number(row.health),
    predictability: row.predictability === null ? null : Number(row.predictability),
    nps: row.nps,
    coverage: Number(row.coverage),
    factor,
    keys: open.map((s) => s.key).sort(),
    signal: (rule: string) => open.find((s) => s.rule === rule),
  };
}

const refresh = (accountId: string) => db().transaction().execute((trx) => refreshAccountScores(trx, accountId));

async function meet(accountId: string, stakeholderIds: string[], daysAgo: number) {
  const at = new Date(Date.now() - daysAgo * DAY);
  const tp = await createTouchpoint(db(), { account_id: accountId, kind: "meeting", occurred_at: at, sentiment: 1 });
  await db()
    .insertInto("touchpoint_stakeholders")
    .values(stakeholderIds.map((id) => ({ account_id: accountId, touchpoint_id: tp.id, stakeholder_id: id, occurred_at: at })))
    .execute();
}

/** A scored account with an engaged decision maker and champion, and a KAM. */
async function world() {
  const kam = await createUser(db(), { role: "kam", name: "Kaisa Kam" });
  const account = await createAccount(db(), { owner_id: kam.id, name: "Kestilä Logistics Oy" });
  const dm = await createStakeholder(db(), { account_id: account.id, name: "Dora Decider", committee_role: "decision_maker", influence: 5 });
  const champion = await createStakeholder(db(), { account_id: account.id, name: "Chris Champion", committee_role: "champion", influence: 4 });
  const user = await createStakeholder(db(), { account_id: account.id, name: "Usko User", committee_role: "user", influence: 3 });
  await meet(account.id, [dm.id, champion.id, user.id], 7);
  return { kam, account, dm, champion, user };
}

async function deliver(kamId: string, accountId: string, expectationId: string, fields: Record<string, string>) {
  const res = await run(
    detailAction,
    formRequest(`/accounts/${accountId}/expectations/${expectationId}`, { intent: "deliver", version: "1", ...fields }, await sessionCookieFor(kamId)),
    { accountId, expectationId },
  );
  expect(statusOf(res)).toBe(302);
}

describe("recording a delivery", () => {
  it("a missed delivery lowers predictability and health, ends the due-soon signal and raises repeated surprises", async () => {
    const w = await world();
    await createExpectation(db(), { account_id: w.account.id, importance: 2, due_date: day(-40), status: "resolved", outcome: "kept", delivered_on: day(-41) });
    await createExpectation(db(), { account_id: w.account.id, importance: 1, due_date: day(-30), status: "resolved", outcome: "missed" });
    const e = await createExpectation(db(), { account_id: w.account.id, title: "Go-live", importance: 3, due_date: today });
    await refresh(w.account.id);
    const before = await state(w.account.id);
    // Kept (2) against missed (1): 2/3; the go-live is due today, nothing delivered.
    expect(before.predictability).toBeCloseTo(2 / 3, 4);
    expect(before.keys).toContain(`expectation_due_soon:${e.id}`);
    expect(before.signal("repeated_surprises")).toBeUndefined();

    await deliver(w.kam.id, w.account.id, e.id, { outcome: "missed" });

    const after = await state(w.account.id);
    // 2 / (2 + 1 + 3).
    expect(after.predictability).toBeCloseTo(2 / 6, 4);
    expect(after.factor("predictability").value).toBeCloseTo(2 / 6, 4);
    expect(after.health).toBeLessThan(before.health);
    expect(after.keys).not.toContain(`expectation_due_soon:${e.id}`);
    expect(after.signal("repeated_surprises")?.params).toMatchObject({ count: 2 });
    // The surprise is stored for the pooled lists and months too.
    const verdict = await db().selectFrom("expectation_verdicts").selectAll().where("expectation_id", "=", e.id).executeTakeFirstOrThrow();
    expect(verdict).toMatchObject({ verdict: "surprise", reason: "missed", importance: 3 });
  });

  it("delivering an overdue expectation ends its overdue signal, and delivering it on time raises health", async () => {
    const w = await world();
    const overdue = await createExpectation(db(), { account_id: w.account.id, title: "Report", importance: 2, due_date: day(-3) });
    const dueToday = await createExpectation(db(), { account_id: w.account.id, title: "Training", importance: 3, due_date: today });
    await refresh(w.account.id);
    const before = await state(w.account.id);
    expect(before.keys).toEqual(expect.arrayContaining([`expectation_overdue:${overdue.id}`, `expectation_due_soon:${dueToday.id}`]));
    expect(before.predictability).toBe(0);

    await deliver(w.kam.id, w.account.id, overdue.id, { outcome: "late", delivered_on: today });
    const late = await state(w.account.id);
    expect(late.keys).not.toContain(`expectation_overdue:${overdue.id}`);
    // Still a surprise, now as a late delivery rather than an overdue one.
    expect(late.predictability).toBe(0);

    await deliver(w.kam.id, w.account.id, dueToday.id, { outcome: "kept", delivered_on: today });
    const kept = await state(w.account.id);
    expect(kept.keys).not.toContain(`expectation_due_soon:${dueToday.id}`);
    expect(kept.predictability).toBeCloseTo(3 / 5, 4);
    expect(kept.health).toBeGreaterThan(late.health);
  });
});

describe("an NPS answer from the portal", () => {
  async function answer(accountId: string, stakeholderId: string, score: number) {
    const customer = await createPortalUser(db(), accountId, stakeholderId);
    const res = await run(feedbackAction, formRequest("/portal/feedback", { intent: "nps", score: String(score) }, await sessionCookieFor(customer.id)));
    expect(statusOf(res)).toBe(302);
  }

  it("a detractor with influence 5 sets relationship NPS and its health factor, lowers health and raises the detractor signal", async () => {
    const w = await world();
    await refresh(w.account.id);
    const before = await state(w.account.id);
    expect(before.nps).toBeNull();
    expect(before.factor("nps").available).toBe(false);
    expect(before.signal("influential_detractor")).toBeUndefined();

    await answer(w.account.id, w.dm.id, 3);

    const after = await state(w.account.id);
    expect(after.nps).toBe(-100);
    expect(after.factor("nps")).toMatchObject({ available: true, value: -100 });
    expect(after.health).toBeLessThan(before.health);
    expect(after.signal("influential_detractor")).toMatchObject({
      key: `influential_detractor:${w.dm.id}`,
      params: expect.objectContaining({ score: 3, influence: 5 }),
    });
  });

  it("a detractor with influence 4 raises the signal too; one with influence 3 changes NPS but raises none", async () => {
    const w = await world();
    await refresh(w.account.id);
    await answer(w.account.id, w.user.id, 2);
    const low = await state(w.account.id);
    expect(low.nps).toBe(-100);
    expect(low.signal("influential_detractor")).toBeUndefined();

    await answer(w.account.id, w.champion.id, 5);
    const high = await state(w.account.id);
    expect(high.signal("influential_detractor")?.key).toBe(`influential_detractor:${w.champion.id}`);
  });

  it("a promoter raises NPS and health, with no signal", async () => {
    const w = await world();
    await refresh(w.account.id);
    const before = await state(w.account.id);
    await answer(w.account.id, w.dm.id, 10);
    const after = await state(w.account.id);
    expect(after.nps).toBe(100);
    expect(after.health).toBeGreaterThan(before.health);
    expect(after.signal("influential_detractor")).toBeUndefined();
  });
});

describe("a key person leaving", () => {
  async function leave(kamId: string, accountId: string, stakeholderId: string) {
    const res = await run(
      stakeholderAction,
      formRequest(
        `/accounts/${accountId}/committee/${stakeholderId}`,
        { intent: "leave", version: "1", left_on: today, note: "Moved to another company" },
        await sessionCookieFor(kamId),
      ),
      { accountId, stakeholderId },
    );
    expect(statusOf(res)).toBe(302);
  }

  it("the decision maker leaving raises key_person_left and no-contact, and lowers coverage and health", async () => {
    const w = await world();
    await refresh(w.account.id);
    const before = await state(w.account.id);
    expect(before.signal("key_person_left")).toBeUndefined();
    expect(before.signal("no_dm_contact")).toBeUndefined();

    await leave(w.kam.id, w.account.id, w.dm.id);

    const after = await state(w.account.id);
    expect(after.signal("key_person_left")).toMatchObject({
      key: `key_person_left:${w.dm.id}`,
      params: expect.objectContaining({ role: "decision_maker", leftOn: today }),
    });
    // Nobody left to make the decision: no decision-maker contact either.
    expect(after.signal("no_dm_contact")?.params).toMatchObject({ hasDecisionMaker: false });
    expect(after.coverage).toBeLessThan(before.coverage);
    expect(after.factor("coverage").value).toBe(after.coverage);
    expect(after.health).toBeLessThan(before.health);
  });

  it("the champion leaving raises key_person_left for the champion role", async () => {
    const w = await world();
    await refresh(w.account.id);
    const before = await state(w.account.id);
    await leave(w.kam.id, w.account.id, w.champion.id);
    const after = await state(w.account.id);
    expect(after.signal("key_person_left")).toMatchObject({
      key: `key_person_left:${w.champion.id}`,
      params: expect.objectContaining({ role: "champion" }),
    });
    expect(after.coverage).toBeLessThan(before.coverage);
    expect(after.health).toBeLessThan(before.health);
  });
});
