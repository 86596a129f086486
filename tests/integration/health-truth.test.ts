import { sql } from "kysely";
import { describe, expect, it } from "vitest";
import { addDays } from "#app/domain/dates.ts";
import type { AccountHealthView } from "#app/domain/health-view.ts";
import { readScoreFactors } from "#app/domain/scoring.ts";
import { calendarDate } from "#app/domain/time.ts";
import { portfolioSummary } from "#app/models/portfolio.server.ts";
import { openSession } from "#app/models/sessions.server.ts";
import { refreshAccountScores, rescoreAllAccounts } from "#app/models/scores.server.ts";
import { loader as accountLoader } from "#app/routes/_app.accounts.$accountId.tsx";
import { db } from "#app/utils/db.server.ts";
import {
  createAccount,
  createExpectation,
  createPortalUser,
  createStakeholder,
  createTouchpoint,
  createUser,
  loadGeneratedAccounts,
} from "#tests/factories/index.ts";
import { request, run, sessionCookieFor, statusOf } from "#tests/setup/requests.ts";

// Health under the default scoring settings: an account with too little data is
// "not enough data" (never 0 · At risk), and no account is "healthy" while it
// has an open High signal or predictability under 50 %.

const now = new Date();
const today = calendarDate(now);

async function score(accountId: string, at = now) {
  await db()
    .transaction()
    .execute((trx) => refreshAccountScores(trx, accountId, at));
}

async function healthView(userId: string, accountId: string) {
  const res = await run(accountLoader, request(`/accounts/${accountId}`, { cookie: await sessionCookieFor(userId) }), {
    accountId,
  });
  expect(statusOf(res)).toBe(200);
  return (res.value as { health: AccountHealthView }).health;
}

/** Everything good but a champion who left with nobody taking over (a High signal). */
async function healthyButChampionLeft(ownerId: string) {
  const account = await createAccount(db(), { owner_id: ownerId, name: "Champion Gone Oy", contract_value: "90000" });
  const dm = await createStakeholder(db(), { account_id: account.id, name: "Dora Decider", committee_role: "decision_maker" });
  await createStakeholder(db(), {
    account_id: account.id,
    name: "Cai Champion",
    committee_role: "champion",
    left_on: addDays(today, -20),
  });
  for (let i = 1; i <= 4; i++) {
    const tp = await createTouchpoint(db(), {
      account_id: account.id,
      kind: "meeting",
      title: `Review ${i}`,
      occurred_at: new Date(now.getTime() - i * 5 * 86_400_000),
      sentiment: 2,
    });
    await db()
      .insertInto("touchpoint_stakeholders")
      .values({ account_id: account.id, touchpoint_id: tp.id, stakeholder_id: dm.id, occurred_at: tp.occurred_at })
      .execute();
  }
  for (let i = 1; i <= 5; i++) {
    const due = addDays(today, -10 * i);
    await createExpectation(db(), {
      account_id: account.id,
      title: `Delivery ${i}`,
      due_date: due,
      status: "resolved",
      outcome: "kept",
      delivered_on: due,
    });
  }
  return account;
}

describe("health that tells the truth (default settings)", () => {
  it("calls an empty account 'not enough data': no score, not at risk, counted apart in the portfolio", async () => {
    const owner = await createUser(db(), { role: "kam" });
    const director = await createUser(db(), { role: "director" });
    const empty = await createAccount(db(), { owner_id: owner.id, name: "Brand New Oy", contract_value: "50000" });
    await score(empty.id);

    const row = await db().selectFrom("account_scores").selectAll().where("account_id", "=", empty.id).executeTakeFirstOrThrow();
    expect(row).toMatchObject({ band: "not_enough_data", health: null });
    const view = await healthView(owner.id, empty.id);
    expect(view.scores).toMatchObject({ band: "not_enough_data", health: null, evidence: { factors: 0, needed: 3 } });

    const summary = await portfolioSummary(db(), { today });
    expect(summary.totals.bands.not_enough_data.accounts).toBe(1);
    expect(summary.totals.bands.at_risk.accounts).toBe(0);
    expect(summary.totals.valueAtRisk).toEqual([]);
    expect(summary.kams.find((k) => k.kam_id === owner.id)).toMatchObject({ at_risk: 0, avg_health: null });
    expect(director).toBeDefined();
  });

  it("shows a Healthy score with an open High signal as Watch, and says why", async () => {
    const owner = await createUser(db(), { role: "kam" });
    const account = await healthyButChampionLeft(owner.id);
    await score(account.id);

    const view = await healthView(owner.id, account.id);
    const scores = view.scores!;
    expect(scores.health).toBeGreaterThanOrEqual(view.bands.healthyFrom);
    expect(scores.band).toBe("watch");
    expect(scores.cap).toEqual({
      scoreBand: "healthy",
      band: "watch",
      reasons: [{ kind: "high_signal", rules: ["key_person_left"] }],
    });
    expect(view.signals.some((s) => s.rule === "key_person_left" && s.severity === "high")).toBe(true);
    // The factors' points add up to the shown total.
    const tenths = scores.factors.reduce((a, f) => a + Math.round(f.points * 10), 0);
    expect(tenths).toBe(Math.round(scores.health! * 10));
  });

  it("leaves no account of a generated portfolio Healthy with an open High signal or predictability under 50 %", async () => {
    await loadGeneratedAccounts(db(), { seed: 20261122, today: now, accounts: 12 });
    const owner = await createUser(db(), { role: "kam" });
    await healthyButChampionLeft(owner.id);
    await createAccount(db(), { owner_id: owner.id, name: "Nothing Yet Oy" });
    expect(await rescoreAllAccounts(db(), now)).toBe(14);

    const rows = await db()
      .selectFrom("account_scores as s")
      .innerJoin("accounts as a", "a.id", "s.account_id")
      .select((eb) => [
        "a.name",
        "s.band",
        "s.health",
        "s.predictability",
        "s.factors",
        eb
          .selectFrom("risk_signals as r")
          .select(sql<number>`count(*)::int`.as("n"))
          .whereRef("r.account_id", "=", "s.account_id")
          .where("r.severity", "=", "high")
          .where("r.resolved_at", "is", null)
          .as("open_high"),
      ])
      .execute();
    expect(rows).toHaveLength(14);
    for (const r of rows) {
      if (r.band !== "healthy") continue;
      expect(r.open_high, `${r.name} is healthy with an open High signal`).toBe(0);
      expect(Number(r.predictability ?? 1), `${r.name} is healthy under 50 % predictable`).toBeGreaterThanOrEqual(0.5);
    }
    expect(rows.find((r) => r.name === "Nothing Yet Oy")).toMatchObject({ band: "not_enough_data", health: null });
    expect(rows.find((r) => r.name === "Champion Gone Oy")?.band).toBe("watch");
    // Every capped account says why, and its score alone is in the Healthy band.
    for (const r of rows.filter((x) => readScoreFactors(x.factors)?.health.cap)) {
      expect(Number(r.health)).toBeGreaterThanOrEqual(75);
      expect(r.band).toBe("watch");
    }
  });
});

describe("coverage that tells the truth", () => {
  it("says 'no key roles mapped' instead of 0 % and single-threaded", async () => {
    const owner = await createUser(db(), { role: "kam" });
    const account = await createAccount(db(), { owner_id: owner.id });
    await createStakeholder(db(), { account_id: account.id, name: "Ilmari Influencer", committee_role: "influencer" });
    await score(account.id);
    const row = await db().selectFrom("account_scores").selectAll().where("account_id", "=", account.id).executeTakeFirstOrThrow();
    expect(row).toMatchObject({ coverage: null, single_threaded: false });
    const view = await healthView(owner.id, account.id);
    expect(view.scores).toMatchObject({ coverageRatio: null, singleThreaded: false, coverage: { mapped: false, ratio: null } });
    expect(view.scores!.factors.find((f) => f.key === "coverage")).toMatchObject({ available: false });
  });

  it("counts a committee member's own portal activity (a sign-in) as engagement", async () => {
    const owner = await createUser(db(), { role: "kam" });
    const account = await createAccount(db(), { owner_id: owner.id });
    const dm = await createStakeholder(db(), { account_id: account.id, name: "Dora Decider", committee_role: "decision_maker" });
    await score(account.id);
    expect((await healthView(owner.id, account.id)).scores).toMatchObject({ coverageRatio: 0, singleThreaded: true });

    const customer = await createPortalUser(db(), account.id, dm.id);
    await openSession(db(), customer.id);
    await score(account.id, new Date());
    const scores = (await healthView(owner.id, account.id)).scores!;
    expect(scores.coverageRatio).toBe(0.25);
    expect(scores.coverage).toMatchObject({ coveredRoles: ["decision_maker"], engagedPeople: 1, engagedThroughPortal: 1 });
  });
});
