import { sql } from "kysely";
import { describe, expect, it } from "vitest";
import { addDays } from "#app/domain/dates.ts";
import { calendarDate, TIME_ZONE, wallTimeToInstant } from "#app/domain/time.ts";
import { loadExperience, type ExperienceScope } from "#app/models/experience.server.ts";
import { refreshExperienceMonths } from "#app/models/experience-months.server.ts";
import { db } from "#app/utils/db.server.ts";
import { experienceInMemory, portfolioMonthsDrift } from "#tests/factories/experience.ts";
import {
  createAccount,
  createStakeholder,
  createTouchpoint,
  createUser,
  linkStakeholder,
} from "#tests/factories/index.ts";

// The Experience pages sum stored month figures (experience_months), kept
// current by triggers that mark the months a write may change and by the
// reader counting those months again. Here every kind of write that moves a
// figure is made, one after another, and after each the stored figures must
// equal the domain's figures counted in memory from the rows themselves, for
// the whole portfolio, each KAM and an account, over 3 and 12 months: a
// figure that lagged behind a write (an answer that came later, a person
// linked afterwards, a touchpoint moved to another month) would show here.

const DAY = 86_400_000;
const today = calendarDate();
const now = new Date();
const ago = (days: number) => new Date(now.getTime() - days * DAY);
/** 23:30 on the last day of last month, in the vendor's time zone: the month boundary. */
const lastMonthEnd = wallTimeToInstant(`${addDays(`${today.slice(0, 8)}01`, -1)}T23:30`, TIME_ZONE);

async function followDays() {
  const row = await db().selectFrom("app_settings").select("value").where("key", "=", "scoring").executeTakeFirst();
  return ((row?.value as { experienceFollowDays?: number } | undefined)?.experienceFollowDays ?? 30) as number;
}

async function expectCurrent(scopes: ExperienceScope[]) {
  const follow = await followDays();
  for (const scope of scopes) {
    for (const months of [3, 12] as const) {
      const stored = await loadExperience(db(), scope, { today, months, now });
      const reference = await experienceInMemory(scope, { today, months, followDays: follow, now });
      expect(stored.quadrants, JSON.stringify({ scope, months })).toEqual(reference.quadrants);
      expect(stored.moments, JSON.stringify({ scope, months })).toEqual(reference.moments);
      expect(stored.advocacy, JSON.stringify({ scope, months })).toEqual(reference.advocacy);
    }
  }
}

const staleCount = async () =>
  (await sql<{ n: number }>`select count(*)::int as n from experience_months_stale`.execute(db())).rows[0]!.n;

async function world() {
  const kam = await createUser(db(), { role: "kam" });
  const otherKam = await createUser(db(), { role: "kam" });
  const account = await createAccount(db(), { owner_id: kam.id });
  const second = await createAccount(db(), { owner_id: kam.id });
  const other = await createAccount(db(), { owner_id: otherKam.id });
  const anna = await createStakeholder(db(), { account_id: account.id, name: "Anna" });
  const bob = await createStakeholder(db(), { account_id: account.id, name: "Bob" });
  const carl = await createStakeholder(db(), { account_id: other.id, name: "Carl" });
  const answer = (accountId: string, who: string, kind: "nps" | "csat", score: number, at: Date, about: string | null = null) =>
    db()
      .insertInto("survey_responses")
      .values({ account_id: accountId, stakeholder_id: who, kind, score, answered_at: at, touchpoint_id: about })
      .returning("id")
      .executeTakeFirstOrThrow();
  // At the boundary: a meeting in the last half hour of last month, treated well, resolved; Anna took part.
  const boundary = await createTouchpoint(db(), {
    account_id: account.id,
    kind: "meeting",
    occurred_at: lastMonthEnd,
    treatment: 5,
    resolved: "yes",
    moment_of_truth: true,
  });
  await linkStakeholder(db(), boundary, anna.id);
  // A call treated badly with nobody recorded; a support case left out (treatment 3).
  const call = await createTouchpoint(db(), { account_id: account.id, kind: "call", occurred_at: ago(40), treatment: 1, resolved: "no" });
  await createTouchpoint(db(), { account_id: account.id, kind: "support_case", occurred_at: ago(70), treatment: 3, resolved: "yes" });
  const old = await createTouchpoint(db(), { account_id: account.id, kind: "meeting", occurred_at: ago(150), treatment: 4, resolved: "partly" });
  await answer(account.id, bob.id, "nps", 9, ago(148));
  // The other accounts: a word of mouth, and another KAM's meeting with its answer.
  await createTouchpoint(db(), { account_id: second.id, kind: "word_of_mouth", occurred_at: ago(20), advocacy_polarity: "positive", advocacy_source: "A peer" });
  const theirs = await createTouchpoint(db(), { account_id: other.id, kind: "meeting", occurred_at: ago(10), treatment: 5, resolved: "yes" });
  await answer(other.id, carl.id, "nps", 3, ago(9));
  return { kam, otherKam, account, second, other, anna, bob, boundary, call, old, theirs, answer };
}

describe("the stored experience months", () => {
  it("equal the domain's figures counted in memory after every kind of write", async () => {
    const w = await world();
    const scopes: ExperienceScope[] = [
      { ownerId: null },
      { ownerId: w.kam.id },
      { ownerId: w.otherKam.id },
      { accountId: w.account.id },
    ];
    await expectCurrent(scopes);
    const cellOf = async () =>
      (await loadExperience(db(), { accountId: w.account.id }, { today, months: 3, now })).quadrants.cells;

    // An answer that comes later, in this month, follows the meeting at the end of last month.
    await w.answer(w.account.id, w.anna.id, "nps", 10, new Date(Math.min(lastMonthEnd.getTime() + 3_600_000, now.getTime() - 1000)));
    expect((await cellOf()).well_resolved.nps.promoters).toBe(1);
    await expectCurrent(scopes);

    // Someone linked afterwards to the call: now only Bob's answers can follow it, and one does.
    await linkStakeholder(db(), w.call, w.bob.id);
    await w.answer(w.account.id, w.bob.id, "nps", 4, ago(39));
    expect((await cellOf()).badly_unresolved.nps.detractors).toBe(1);
    await expectCurrent(scopes);

    // The call is edited: treated well after all (another quadrant), then moved two months back.
    await db().updateTable("touchpoints").set({ treatment: 5 }).where("id", "=", w.call.id).execute();
    await expectCurrent(scopes);
    await db().updateTable("touchpoints").set({ occurred_at: ago(100) }).where("id", "=", w.call.id).execute();
    await expectCurrent(scopes);

    // A CSAT answer about the old meeting, given months later, still counts for it.
    await w.answer(w.account.id, w.bob.id, "csat", 2, ago(1), w.old.id);
    expect((await loadExperience(db(), { accountId: w.account.id }, { today, months: 12, now })).quadrants.cells.well_unresolved.csat.answers).toBe(1);
    await expectCurrent(scopes);

    // A touchpoint deleted, an answer deleted.
    await db().deleteFrom("touchpoints").where("id", "=", w.theirs.id).execute();
    await db().deleteFrom("survey_responses").where("account_id", "=", w.account.id).where("kind", "=", "nps").where("score", "=", 10).execute();
    expect((await cellOf()).well_resolved.nps.answers).toBe(0);
    await expectCurrent(scopes);

    // An edit the figures do not read marks nothing.
    await refreshExperienceMonths(db(), { scope: { ownerId: null }, followDays: await followDays() });
    await db().updateTable("touchpoints").set({ title: "Renamed" }).where("id", "=", w.old.id).execute();
    expect(await staleCount()).toBe(0);

    // The administrator widens the follow-up window: every month is counted again with it.
    await db()
      .insertInto("app_settings")
      .values({ key: "scoring", value: JSON.stringify({ experienceFollowDays: 60 }) as never, version: 1 })
      .execute();
    expect(await followDays()).toBe(60);
    await expectCurrent(scopes);

    // An account archived leaves the pooled figures; one handed to another KAM moves with it.
    await db().updateTable("accounts").set({ archived_at: new Date() }).where("id", "=", w.second.id).execute();
    await db().updateTable("accounts").set({ owner_id: w.otherKam.id }).where("id", "=", w.account.id).execute();
    await expectCurrent(scopes);

    // An archived account restored comes back; an account deleted leaves with its months.
    await db().updateTable("accounts").set({ archived_at: null }).where("id", "=", w.second.id).execute();
    await expectCurrent(scopes);
    await db().deleteFrom("accounts").where("id", "=", w.second.id).execute();
    await expectCurrent(scopes);
    // The portfolio's sums are the live accounts' stored months, added up (nothing left over from the deleted one).
    expect(await portfolioMonthsDrift()).toEqual([]);

    // A write rolled back leaves the figures as they were.
    const before = await loadExperience(db(), { ownerId: null }, { today, months: 12, now });
    await db()
      .transaction()
      .execute(async (trx) => {
        await createTouchpoint(trx, { account_id: w.other.id, kind: "meeting", occurred_at: ago(5), treatment: 1, resolved: "no" });
        throw new Error("rolled back");
      })
      .catch(() => {});
    expect(await loadExperience(db(), { ownerId: null }, { today, months: 12, now })).toEqual(before);
  });

  it("counts in chunks and leaves nothing marked in the scope it refreshed", async () => {
    const kam = await createUser(db(), { role: "kam" });
    const account = await createAccount(db(), { owner_id: kam.id });
    // 30 months with a touchpoint each, counted 7 pairs to a transaction.
    for (let m = 0; m < 30; m += 1)
      await createTouchpoint(db(), { account_id: account.id, kind: "meeting", occurred_at: ago(m * 31), treatment: 4, resolved: "yes" });
    expect(await staleCount()).toBeGreaterThanOrEqual(30);
    const counted = await refreshExperienceMonths(db(), { scope: { accountId: account.id }, followDays: 30, chunk: 7 });
    expect(counted).toBeGreaterThanOrEqual(30);
    expect(await staleCount()).toBe(0);
    const { rows } = await sql<{ n: number; tps: number }>`
      select count(*)::int as n, sum(touchpoints)::int as tps from experience_months where account_id = ${account.id}`.execute(db());
    expect(rows[0]).toEqual({ n: 30, tps: 30 });
  });
});
