import { describe, expect, it } from "vitest";
import { calendarDate } from "#app/domain/time.ts";
import { loadExperience, type ExperienceScope } from "#app/models/experience.server.ts";
import { db } from "#app/utils/db.server.ts";
import { experienceInMemory } from "#tests/factories/experience.ts";
import { createAccount, createStakeholder, createTouchpoint, createUser } from "#tests/factories/index.ts";

// The experience page's figures are counted in SQL (app/models/experience.server.ts).
// Here they meet a hand count on seeded rows, and the domain's own functions
// (app/domain/experience.ts) run in memory over the same rows.

const DAY = 86_400_000;
const today = calendarDate();
const now = new Date();
const ago = (days: number) => new Date(now.getTime() - days * DAY);
const FOLLOW = 30; // the default setting

async function seed() {
  const kam = await createUser(db(), { role: "kam" });
  const otherKam = await createUser(db(), { role: "kam" });
  const account = await createAccount(db(), { owner_id: kam.id });
  const other = await createAccount(db(), { owner_id: otherKam.id });
  const anna = await createStakeholder(db(), { account_id: account.id, name: "Anna" });
  const bob = await createStakeholder(db(), { account_id: account.id, name: "Bob" });
  const tp = (days: number, fields: Record<string, unknown>, people: string[] = [], accountId = account.id) =>
    createTouchpoint(db(), { account_id: accountId, occurred_at: ago(days), ...fields }).then(async (t) => {
      for (const id of people) {
        await db().insertInto("touchpoint_stakeholders").values({ account_id: accountId, touchpoint_id: t.id, stakeholder_id: id, occurred_at: t.occurred_at }).execute();
      }
      return t;
    });
  const answer = (who: string, kind: "nps" | "csat", score: number, days: number, touchpointId: string | null = null) =>
    db().insertInto("survey_responses").values({ account_id: account.id, stakeholder_id: who, kind, score, answered_at: ago(days), touchpoint_id: touchpointId }).execute();

  // Well, resolved; Anna took part and answered NPS 10 two days later; a CSAT about it: 4.
  const t1 = await tp(100, { kind: "meeting", treatment: 5, resolved: "yes" }, [anna.id]);
  await answer(anna.id, "nps", 10, 98);
  await answer(anna.id, "csat", 4, 99, t1.id);
  // Well, not resolved (partly); nobody recorded: Bob's NPS 6 three days later follows it.
  await tp(60, { kind: "call", treatment: 4, resolved: "partly" });
  await answer(bob.id, "nps", 6, 57);
  // Badly, resolved; Bob took part. Anna's answer a day later is not his; his own comes after 32 days: too late.
  await tp(200, { kind: "support_case", treatment: 1, resolved: "yes" }, [bob.id]);
  await answer(anna.id, "nps", 9, 199);
  await answer(bob.id, "nps", 3, 200 - (FOLLOW + 2));
  // Badly, not resolved: a moment of truth that went badly.
  await tp(20, { kind: "support_case", treatment: 2, resolved: "no", moment_of_truth: true });
  // Left out: felt treated 3; treatment without resolution (a moment of truth and a surprise); resolution without treatment.
  await tp(15, { kind: "meeting", treatment: 3, resolved: "yes" });
  await tp(14, { kind: "meeting", treatment: 5, moment_of_truth: true, positive_surprise: true });
  await tp(13, { kind: "email", resolved: "no" });
  await tp(12, { kind: "call" });
  // Out of the period, and another KAM's account.
  await tp(400, { kind: "meeting", treatment: 5, resolved: "yes", moment_of_truth: true });
  await tp(10, { kind: "meeting", treatment: 5, resolved: "yes" }, [], other.id);
  // Advocacy: a reference, a referral, word of mouth two negative and one positive; one out of the period.
  const adv = (days: number, kind: string, polarity: string) => tp(days, { kind, advocacy_polarity: polarity, advocacy_source: "Someone" });
  await adv(40, "reference_given", "positive");
  await adv(41, "referral_given", "positive");
  await adv(42, "word_of_mouth", "negative");
  await adv(43, "word_of_mouth", "negative");
  await adv(44, "word_of_mouth", "positive");
  await adv(500, "word_of_mouth", "positive");
  return { kam, account };
}

/** The figures as the domain makes them in memory, from the period's rows read plainly. */
const inMemory = (scope: ExperienceScope) => experienceInMemory(scope, { today, months: 12, followDays: FOLLOW, now });

describe("the experience figures counted in SQL", () => {
  it("equal a hand count on seeded rows, and the domain's in-memory figures on the same rows", async () => {
    const { kam, account } = await seed();
    const figures = await loadExperience(db(), { ownerId: kam.id }, { today, months: 12, now });
    const q = figures.quadrants;
    // By hand: one touchpoint in each cell; three left out, each for its reason.
    expect(Object.fromEntries(Object.entries(q.cells).map(([k, c]) => [k, c.touchpoints]))).toEqual({
      well_resolved: 1,
      well_unresolved: 1,
      badly_resolved: 1,
      badly_unresolved: 1,
    });
    expect(q.classified).toBe(4);
    expect(q.leftOut).toEqual({ treatedNeither: 1, noResolution: 1, noTreatment: 1 });
    // What followed: Anna's 10 after the first, Bob's 6 after the second, nothing after the third;
    // the CSAT about the first. Under five answers each figure is "not enough data".
    expect(q.cells.well_resolved.nps).toEqual({ score: null, answers: 1, promoters: 1, passives: 0, detractors: 0 });
    expect(q.cells.well_unresolved.nps).toEqual({ score: null, answers: 1, promoters: 0, passives: 0, detractors: 1 });
    expect(q.cells.badly_resolved.nps.answers).toBe(0);
    expect(q.cells.well_resolved.csat).toEqual({ mean: null, answers: 1 });
    // Moments of truth: two (a support case that went badly, a meeting treated well), one surprise; 13 touchpoints (8 rated or not, 5 of advocacy).
    expect(figures.moments).toMatchObject({ touchpoints: 13, momentsOfTruth: 2, positiveSurprises: 1, treatedWell: 1, treatedBadly: 1, resolved: 0, unresolved: 1, wentBadly: 1 });
    // Ties on moments of truth: the higher share first (one of two support cases, one of three meetings).
    expect(figures.moments.byKind.slice(0, 2)).toMatchObject([
      { kind: "support_case", touchpoints: 2, momentsOfTruth: 1, wentBadly: 1 },
      { kind: "meeting", touchpoints: 3, momentsOfTruth: 1, positiveSurprises: 1, treatedWell: 1 },
    ]);
    expect(figures.advocacy).toEqual({
      reference_given: { positive: 1, negative: 0 },
      referral_given: { positive: 1, negative: 0 },
      word_of_mouth: { positive: 1, negative: 2 },
    });

    // The same as the domain's functions in memory, for the KAM, the account and the whole portfolio.
    for (const scope of [{ ownerId: kam.id }, { accountId: account.id }, { ownerId: null }] as ExperienceScope[]) {
      const sqlFigures = await loadExperience(db(), scope, { today, months: 12, now });
      const reference = await inMemory(scope);
      expect(sqlFigures.quadrants).toEqual(reference.quadrants);
      expect(sqlFigures.moments).toEqual(reference.moments);
      expect(sqlFigures.advocacy).toEqual(reference.advocacy);
    }
    // With enough answers the figures appear: four more promoters after the first cell's touchpoint.
    const more = await Promise.all(
      [1, 2, 3, 4].map((i) => createStakeholder(db(), { account_id: account.id, name: `P${i}` })),
    );
    const t = await createTouchpoint(db(), { account_id: account.id, kind: "meeting", occurred_at: ago(90), treatment: 5, resolved: "yes" });
    for (const [i, p] of more.entries()) {
      await db().insertInto("survey_responses").values({ account_id: account.id, stakeholder_id: p.id, kind: "nps", score: i === 0 ? 5 : 9, answered_at: ago(89 - i) }).execute();
      await db().insertInto("survey_responses").values({ account_id: account.id, stakeholder_id: p.id, kind: "csat", score: 3 + (i % 3), answered_at: ago(89 - i), touchpoint_id: t.id }).execute();
    }
    const after = await loadExperience(db(), { ownerId: kam.id }, { today, months: 12, now });
    const reference = await inMemory({ ownerId: kam.id });
    expect(after.quadrants).toEqual(reference.quadrants);
    expect(after.quadrants.cells.well_resolved.touchpoints).toBe(2);
  });
});
