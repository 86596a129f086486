import { describe, expect, it } from "vitest";
import { addDays } from "#app/domain/dates.ts";
import { calendarDate } from "#app/domain/time.ts";
import { listInfluentialPromoters, personAdvocacy } from "#app/models/advocacy.server.ts";
import { refreshAccountScores } from "#app/models/scores.server.ts";
import { loader as stakeholderLoader } from "#app/routes/_app.accounts.$accountId_.committee.$stakeholderId.tsx";
import { loader as portfolioExperienceLoader } from "#app/routes/_app.portfolio.experience.tsx";
import { db } from "#app/utils/db.server.ts";
import { createAccount, createExpectation, createStakeholder, createTouchpoint, createUser } from "#tests/factories/index.ts";
import { request, run, sessionCookieFor } from "#tests/setup/requests.ts";

// Advocacy: whether to ask a person for a reference comes and goes with their
// open surprises; the director sees the promoters with influence.

const today = calendarDate();

describe("advocacy", () => {
  it("warns against asking a promoter holding an open surprise, and lists promoters with influence for the director", async () => {
    const kam = await createUser(db(), { role: "kam" });
    const director = await createUser(db(), { role: "director" });
    const account = await createAccount(db(), { owner_id: kam.id, name: "Kestilä Oy" });
    const anna = await createStakeholder(db(), { account_id: account.id, name: "Anna Aho", influence: 5 });
    const ben = await createStakeholder(db(), { account_id: account.id, name: "Ben Berg", influence: 4 });
    const low = await createStakeholder(db(), { account_id: account.id, name: "Lea Low", influence: 2 });
    for (const [who, score] of [[anna, 10], [ben, 9], [low, 10]] as const) {
      await db().insertInto("survey_responses").values({ account_id: account.id, stakeholder_id: who.id, kind: "nps", score, answered_at: new Date(Date.now() - 86_400_000) }).execute();
    }
    const late = await createExpectation(db(), { account_id: account.id, holder_stakeholder_id: anna.id, due_date: addDays(today, -5) });
    await db().transaction().execute((trx) => refreshAccountScores(trx, account.id));

    expect(await personAdvocacy(db(), account.id, anna.id)).toMatchObject({ latestNps: 10, openSurprises: 1, readiness: "not_now" });
    expect(await personAdvocacy(db(), account.id, ben.id)).toMatchObject({ latestNps: 9, openSurprises: 0, readiness: "ready" });
    const page = (await run(stakeholderLoader, request(`/accounts/${account.id}/committee/${anna.id}`, { cookie: await sessionCookieFor(kam.id) }), { accountId: account.id, stakeholderId: anna.id })).value as {
      advocacy: { readiness: string };
    };
    expect(page.advocacy.readiness).toBe("not_now");

    const portfolio = async () =>
      ((await run(portfolioExperienceLoader, request("/portfolio/experience", { cookie: await sessionCookieFor(director.id) }), {})).value as {
        promoters: { name: string; readiness: string }[];
      }).promoters.map((p) => [p.name, p.readiness]);
    expect(await portfolio()).toEqual([
      ["Anna Aho", "not_now"],
      ["Ben Berg", "ready"],
    ]);

    // Delivered: the surprise is no longer open, she may be asked.
    await db().updateTable("expectations").set({ status: "resolved", outcome: "late", delivered_on: today }).where("id", "=", late.id).execute();
    await db().transaction().execute((trx) => refreshAccountScores(trx, account.id));
    expect((await personAdvocacy(db(), account.id, anna.id))?.readiness).toBe("ready");
    expect(await portfolio()).toEqual([
      ["Anna Aho", "ready"],
      ["Ben Berg", "ready"],
    ]);
    // Only the latest answer counts: a promoter who answered 6 since, or left, is no longer listed;
    // an archived account's people are not either. The KAM's own list holds the same two.
    const cleo = await createStakeholder(db(), { account_id: account.id, name: "Cleo Cole", influence: 5 });
    const dan = await createStakeholder(db(), { account_id: account.id, name: "Dan Dahl", influence: 5, left_on: addDays(today, -1) });
    const gone = await createAccount(db(), { owner_id: kam.id, archived_at: new Date() });
    const gus = await createStakeholder(db(), { account_id: gone.id, name: "Gus Gone", influence: 5 });
    for (const [who, accountId, score, daysAgo] of [[cleo, account.id, 10, 3], [cleo, account.id, 6, 2], [dan, account.id, 10, 2], [gus, gone.id, 10, 2]] as const) {
      await db().insertInto("survey_responses").values({ account_id: accountId, stakeholder_id: who.id, kind: "nps", score, answered_at: new Date(Date.now() - daysAgo * 86_400_000) }).execute();
    }
    expect(await portfolio()).toEqual([
      ["Anna Aho", "ready"],
      ["Ben Berg", "ready"],
    ]);
    expect((await listInfluentialPromoters(db(), kam.id)).map((p) => p.name)).toEqual(["Anna Aho", "Ben Berg"]);
    expect((await listInfluentialPromoters(db(), kam.id, 1)).map((p) => p.name)).toEqual(["Anna Aho"]);
    // Of equal influence and score, the fresher answer first: Ben's 9 is joined by Erik's, given today.
    const erik = await createStakeholder(db(), { account_id: account.id, name: "Erik Ek", influence: 4 });
    await db().insertInto("survey_responses").values({ account_id: account.id, stakeholder_id: erik.id, kind: "nps", score: 9, answered_at: new Date(Date.now() - 60_000) }).execute();
    expect((await listInfluentialPromoters(db(), kam.id)).map((p) => p.name)).toEqual(["Anna Aho", "Erik Ek", "Ben Berg"]);
    expect((await listInfluentialPromoters(db(), kam.id, 2)).map((p) => p.name)).toEqual(["Anna Aho", "Erik Ek"]);
    // A KAM's own scope: another KAM's promoters are not theirs.
    const other = await createUser(db(), { role: "kam" });
    expect(await listInfluentialPromoters(db(), other.id)).toEqual([]);
  });

  it("counts the references, referrals and word of mouth naming a person, and the portfolio's over the period", async () => {
    const kam = await createUser(db(), { role: "kam" });
    const otherKam = await createUser(db(), { role: "kam" });
    const director = await createUser(db(), { role: "director" });
    const account = await createAccount(db(), { owner_id: kam.id });
    const other = await createAccount(db(), { owner_id: otherKam.id });
    const anna = await createStakeholder(db(), { account_id: account.id, name: "Anna Aho" });
    const day = 86_400_000;
    const tp = (accountId: string, days: number, kind: string, polarity: string, person: string | null, title: string) =>
      createTouchpoint(db(), {
        account_id: accountId,
        kind,
        title,
        occurred_at: new Date(Date.now() - days * day),
        advocacy_polarity: polarity,
        advocacy_source: person ? "Anna Aho" : "A fair",
        advocacy_stakeholder_id: person,
      });
    await tp(account.id, 30, "reference_given", "positive", anna.id, "Reference call");
    await tp(account.id, 20, "referral_given", "positive", anna.id, "Referred Vaara");
    await tp(account.id, 10, "word_of_mouth", "negative", anna.id, "Heard she complained");
    await tp(account.id, 5, "word_of_mouth", "positive", null, "Heard at a fair");
    await tp(account.id, 500, "reference_given", "negative", anna.id, "Long ago");
    await tp(other.id, 3, "word_of_mouth", "negative", null, "Another KAM's");

    const person = (await personAdvocacy(db(), account.id, anna.id))!;
    expect(person.given).toEqual({
      reference_given: { positive: 1, negative: 1 },
      referral_given: { positive: 1, negative: 0 },
      word_of_mouth: { positive: 0, negative: 1 },
    });
    expect(person.newest.map((n) => [n.title, n.polarity])).toEqual([
      ["Heard she complained", "negative"],
      ["Referred Vaara", "positive"],
      ["Reference call", "positive"],
      ["Long ago", "negative"],
    ]);
    const page = (await run(stakeholderLoader, request(`/accounts/${account.id}/committee/${anna.id}`, { cookie: await sessionCookieFor(kam.id) }), { accountId: account.id, stakeholderId: anna.id })).value as {
      advocacy: { given: unknown };
    };
    expect(page.advocacy.given).toEqual(person.given);

    const portfolio = async (userId: string) =>
      ((await run(portfolioExperienceLoader, request("/portfolio/experience", { cookie: await sessionCookieFor(userId) }), {})).value as {
        experience: { advocacy: unknown };
      }).experience.advocacy;
    // The director: every live account over the last 12 months; the one from 500 days ago is out.
    expect(await portfolio(director.id)).toEqual({
      reference_given: { positive: 1, negative: 0 },
      referral_given: { positive: 1, negative: 0 },
      word_of_mouth: { positive: 1, negative: 2 },
    });
    // A KAM: their own accounts only.
    expect(await portfolio(kam.id)).toEqual({
      reference_given: { positive: 1, negative: 0 },
      referral_given: { positive: 1, negative: 0 },
      word_of_mouth: { positive: 1, negative: 1 },
    });
  });
});
