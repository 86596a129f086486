import { describe, expect, it } from "vitest";
import { addDays } from "#app/domain/dates.ts";
import { calendarDate } from "#app/domain/time.ts";
import { getAccountScoresApi } from "#app/models/api-scores.server.ts";
import { createApiToken } from "#app/models/api-tokens.server.ts";
import { rateAgainstExpectation } from "#app/models/experience-ratings.server.ts";
import { withPortalWrite } from "#app/models/portal-scope.server.ts";
import { refreshAccountScores } from "#app/models/scores.server.ts";
import { loader as experienceLoader } from "#app/routes/_app.accounts.$accountId_.experience.tsx";
import { action as newTouchpointAction } from "#app/routes/_app.accounts.$accountId_.touchpoints.new.tsx";
import { loader as expectedCsvLoader } from "#app/routes/accounts.$accountId.expected[.]csv.ts";
import { action as feedbackAction, loader as feedbackLoader } from "#app/routes/portal.feedback.tsx";
import { db } from "#app/utils/db.server.ts";
import { createAccount, createExpectation, createStakeholder, createTouchpoint, createUser } from "#tests/factories/index.ts";
import { handle } from "#tests/setup/app-handler.ts";
import { formRequest, request, run, sessionCookieFor, statusOf } from "#tests/setup/requests.ts";

// Experience against expectation, from the customer (app/domain/disconfirmation.ts):
// the portal rating, once; the balance the same on the page, in the API and the
// CSV; the below_expected signal firing and clearing; and the rating is the
// customer's own — staff cannot set it through a form or the API.

const DAY = 86_400_000;
const today = calendarDate();

async function world() {
  const kam = await createUser(db(), { role: "kam", name: "Kaisa Kam" });
  const account = await createAccount(db(), { owner_id: kam.id, name: "Kestilä Logistics Oy", external_id: "K-1" });
  const anna = await createStakeholder(db(), { account_id: account.id, name: "Anna Asiakas", committee_role: "champion", external_id: "S-1" });
  const customer = await createUser(db(), { role: "customer", name: "Anna Asiakas" });
  await db().insertInto("portal_access").values({ account_id: account.id, user_id: customer.id, stakeholder_id: anna.id }).execute();
  const delivered = (title: string, daysAgo: number) =>
    createExpectation(db(), {
      account_id: account.id,
      title,
      due_date: addDays(today, -daysAgo),
      status: "resolved",
      outcome: "kept",
      delivered_on: addDays(today, -daysAgo),
    });
  const actor = { userId: customer.id, accountId: account.id, stakeholderId: anna.id };
  return { kam, account, anna, customer, actor, delivered };
}

const openSignal = (accountId: string) =>
  db()
    .selectFrom("risk_signals")
    .selectAll()
    .where("account_id", "=", accountId)
    .where("rule", "=", "below_expected")
    .where("resolved_at", "is", null)
    .executeTakeFirst();

const countRatings = async () => Number((await db().selectFrom("experience_ratings").select((eb) => eb.fn.countAll<number>().as("n")).executeTakeFirstOrThrow()).n);

describe("the customer's rating against what they expected", () => {
  it("is given once in the portal, and the KAM's page, the scores API and the CSV show the same balance", async () => {
    const w = await world();
    const rollout = await w.delivered("Telemetry rollout", 3);
    const meeting = await createTouchpoint(db(), { account_id: w.account.id, kind: "meeting", title: "Steering group", occurred_at: new Date(Date.now() - 2 * DAY), shared_with_customer: true });
    const internal = await createTouchpoint(db(), { account_id: w.account.id, kind: "call", title: "Internal call", occurred_at: new Date(Date.now() - DAY), shared_with_customer: false });
    const cookie = await sessionCookieFor(w.customer.id);

    const page = await run(feedbackLoader, request("/portal/feedback", { cookie }));
    const rateable = (page.value as { rateable: { id: string; subject: string }[] }).rateable;
    expect(rateable.map((r) => [r.subject, r.id])).toEqual([
      ["expectation", rollout.id],
      ["touchpoint", meeting.id],
    ]);

    const post = (fields: Record<string, string>) => run(feedbackAction, formRequest("/portal/feedback", { intent: "expectation", ...fields }, cookie));
    expect(statusOf(await post({ subject: "expectation", subject_id: rollout.id, rating: "below", word: "Slow" }))).toBe(302);
    // Once per person and thing; not what is not shared with them; not a value off the scale.
    expect(statusOf(await post({ subject: "expectation", subject_id: rollout.id, rating: "above" }))).toBe(400);
    expect(statusOf(await post({ subject: "touchpoint", subject_id: internal.id, rating: "below" }))).toBe(404);
    expect(statusOf(await post({ subject: "touchpoint", subject_id: meeting.id, rating: "terrible" }))).toBe(400);
    expect(statusOf(await post({ subject: "touchpoint", subject_id: meeting.id, rating: "above" }))).toBe(302);
    for (const days of [4, 5]) {
      const e = await w.delivered(`Delivery ${days}`, days);
      await withPortalWrite(w.account.id, (trx) => rateAgainstExpectation(trx, w.actor, { subject: "expectation", subject_id: e.id, rating: "as", word: "" }));
    }
    const stored = await db().selectFrom("experience_ratings").select(["rating", "word", "stakeholder_id", "user_id"]).where("expectation_id", "=", rollout.id).execute();
    expect(stored).toEqual([{ rating: "below", word: "Slow", stakeholder_id: w.anna.id, user_id: w.customer.id }]);
    const audit = await db().selectFrom("audit_events").select(["action", "actor_id"]).where("entity", "=", "experience_rating").execute();
    expect(audit).toHaveLength(4);
    expect(audit.every((a) => a.action === "customer_rate" && a.actor_id === w.customer.id)).toBe(true);

    // 1 below, 2 as, 1 above: (1 − 1) / 4 = 0.
    const kamPage = await run(experienceLoader, request(`/accounts/${w.account.id}/experience`, { cookie: await sessionCookieFor(w.kam.id) }), { accountId: w.account.id });
    const expected = (kamPage.value as { expected: { balance: { below: number; as: number; above: number; ratings: number; balance: number | null } } }).expected;
    expect(expected.balance).toEqual({ below: 1, as: 2, above: 1, ratings: 4, balance: 0, fewData: false });
    const api = await getAccountScoresApi(db(), w.account.id, today);
    expect(api.experience.disconfirmation).toEqual({ below: 1, as: 2, above: 1, ratings: 4, balance: 0, min_ratings: 3 });
    const csv = await run(expectedCsvLoader, request(`/accounts/${w.account.id}/expected.csv`, { cookie: await sessionCookieFor(w.kam.id) }), { accountId: w.account.id });
    const text = await (csv.value as Response).text();
    expect(text).toContain("The whole period,1,2,1,4,0");
    expect(text).toContain("Below what I expected,Slow");
  });

  it("raises the below_expected signal on a run of three, and clears it when a newer rating is as expected or the run ages out", async () => {
    const w = await world();
    const rate = (id: string, rating: "below" | "as" | "above") =>
      withPortalWrite(w.account.id, (trx) => rateAgainstExpectation(trx, w.actor, { subject: "expectation", subject_id: id, rating, word: "" }));
    const deliveries = [];
    for (const days of [10, 9, 8, 7]) deliveries.push(await w.delivered(`Delivery ${days}`, days));
    await rate(deliveries[0]!.id, "below");
    await rate(deliveries[1]!.id, "below");
    expect(await openSignal(w.account.id)).toBeUndefined();
    await rate(deliveries[2]!.id, "below");
    const raised = await openSignal(w.account.id);
    expect(raised).toMatchObject({ severity: "medium", evidence_kind: "expectation", evidence_id: deliveries[2]!.id });
    expect(raised!.params).toMatchObject({ count: 3, days: 90, title: "Delivery 8" });

    // Time: 91 days on, the run is out of the window.
    await db().transaction().execute((trx) => refreshAccountScores(trx, w.account.id, new Date(Date.now() + 91 * DAY)));
    expect(await openSignal(w.account.id)).toBeUndefined();
    await db().transaction().execute((trx) => refreshAccountScores(trx, w.account.id));
    expect(await openSignal(w.account.id)).toBeDefined();

    // A newer "as expected" ends the run.
    await rate(deliveries[3]!.id, "as");
    expect(await openSignal(w.account.id)).toBeUndefined();
  });

  it("is the customer's own: a KAM's touchpoint form, the portal action and the API cannot set one", async () => {
    const w = await world();
    const rollout = await w.delivered("Telemetry rollout", 3);
    const kamCookie = await sessionCookieFor(w.kam.id);
    const logged = await run(
      newTouchpointAction,
      formRequest(
        `/accounts/${w.account.id}/touchpoints/new`,
        {
          intent: "create",
          kind: "delivery",
          title: "Rollout handed over",
          occurred_at: `${addDays(today, -1)}T10:00`,
          rating: "below",
          expectation_rating: "below",
          subject: "expectation",
          subject_id: rollout.id,
        },
        kamCookie,
      ),
      { accountId: w.account.id },
    );
    expect(statusOf(logged)).toBe(302);
    const staffPost = await run(feedbackAction, formRequest("/portal/feedback", { intent: "expectation", subject: "expectation", subject_id: rollout.id, rating: "above" }, kamCookie));
    expect(statusOf(staffPost)).not.toBe(302);
    expect(statusOf(staffPost)).toBeGreaterThanOrEqual(300);

    const admin = await createUser(db(), { role: "admin", name: "Ada Admin" });
    const token = (await db().transaction().execute((trx) => createApiToken(trx, admin, { name: "ERP", scope: "read_write" }))).token;
    const api = await handle(
      request("/api/v1/accounts/K-1/survey-answers", {
        method: "POST",
        headers: { Authorization: `Bearer ${token}`, "Content-Type": "application/json" },
        body: JSON.stringify({
          external_id: "A-1",
          stakeholder: "S-1",
          kind: "csat",
          score: 2,
          answered_at: today,
          expectation_rating: "below",
        }),
      }),
    );
    // The API refuses a field it does not know (a strict body).
    expect(api.status).toBe(422);
    expect(await api.text()).toContain("expectation_rating");
    expect(await countRatings()).toBe(0);
  });
});
