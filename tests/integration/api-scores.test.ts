import { afterEach, beforeEach, describe, expect, it } from "vitest";
import { addDays } from "#app/domain/dates.ts";
import type { AccountHealthView } from "#app/domain/health-view.ts";
import { calendarDate } from "#app/domain/time.ts";
import { createApiToken } from "#app/models/api-tokens.server.ts";
import { refreshAccountScores } from "#app/models/scores.server.ts";
import { loader as accountLoader } from "#app/routes/_app.accounts.$accountId.tsx";
import { action as scoresAction, loader as scoresLoader } from "#app/routes/api.v1.accounts.$externalId.scores.ts";
import { ScoresRecord } from "#app/schemas/api-scores.ts";
import { QUADRANTS } from "#app/domain/experience.ts";
import type { ExperienceFigures } from "#app/models/experience.server.ts";
import { loader as experienceLoader } from "#app/routes/_app.accounts.$accountId_.experience.tsx";
import { apiRateLimit } from "#app/web/api.server.ts";
import { db } from "#app/utils/db.server.ts";
import { createAccount, createExpectation, createStakeholder, createTouchpoint, createUser } from "#tests/factories/index.ts";
import { request, run, sessionCookieFor, statusOf } from "#tests/setup/requests.ts";

// GET /api/v1/accounts/{externalId}/scores: the account page's figures for
// integrations, for a token that reaches the account and nobody else.

type Handler = (args: never) => Promise<Response> | Response;

async function call(handler: Handler, method: string, externalId: string, token: string | null) {
  const headers: Record<string, string> = token ? { Authorization: `Bearer ${token}` } : {};
  const req = request(`/api/v1/accounts/${externalId}/scores`, { method, headers });
  const response = (await (handler as (args: unknown) => Promise<Response>)({ request: req, params: { externalId }, context: {} })) as Response;
  return { status: response.status, json: (await response.json()) as Record<string, any> };
}

const today = calendarDate();

async function world() {
  const admin = await createUser(db(), { role: "admin" });
  const kaisa = await createUser(db(), { role: "kam", name: "Kaisa KAM" });
  const olli = await createUser(db(), { role: "kam", name: "Olli Other" });
  const mine = await createAccount(db(), { owner_id: kaisa.id, name: "Acme Oy", external_id: "C-1" });
  const theirs = await createAccount(db(), { owner_id: olli.id, name: "Vieras Oy", external_id: "C-9" });
  const dm = await createStakeholder(db(), { account_id: mine.id, name: "Dora Decider", committee_role: "decision_maker" });
  const meeting = await createTouchpoint(db(), {
    account_id: mine.id,
    kind: "meeting",
    occurred_at: new Date(Date.now() - 3 * 86_400_000),
    sentiment: 1,
  });
  await db()
    .insertInto("touchpoint_stakeholders")
    .values({ account_id: mine.id, touchpoint_id: meeting.id, stakeholder_id: dm.id, occurred_at: meeting.occurred_at })
    .execute();
  const late = await createExpectation(db(), { account_id: mine.id, external_id: "E-LATE", importance: 3, due_date: addDays(today, -8) });
  for (let i = 1; i <= 3; i++) {
    const due = addDays(today, -20 * i);
    await createExpectation(db(), { account_id: mine.id, due_date: due, status: "resolved", outcome: "kept", delivered_on: due });
  }
  for (const id of [mine.id, theirs.id]) {
    await db()
      .transaction()
      .execute((trx) => refreshAccountScores(trx, id));
  }
  const token = (userId: string | null) =>
    db()
      .transaction()
      .execute(async (trx) => (await createApiToken(trx, admin, { name: "Scores", scope: "read", userId })).token);
  return { admin, kaisa, olli, mine, theirs, late, token };
}

beforeEach(() => apiRateLimit.reset());
afterEach(() => apiRateLimit.reset());

describe("the scores endpoint", () => {
  it("gives the experience figures the account's Experience section shows", async () => {
    const w = await world();
    const ago = (d: number) => new Date(Date.now() - d * 86_400_000);
    const dm = await db().selectFrom("stakeholders").select("id").where("account_id", "=", w.mine.id).executeTakeFirstOrThrow();
    await createTouchpoint(db(), { account_id: w.mine.id, kind: "support_case", occurred_at: ago(30), treatment: 1, resolved: "yes", moment_of_truth: true });
    await createTouchpoint(db(), { account_id: w.mine.id, kind: "support_case", occurred_at: ago(25), treatment: 5, resolved: "no" });
    await createTouchpoint(db(), { account_id: w.mine.id, kind: "invoice", occurred_at: ago(20), treatment: 3, resolved: "yes", positive_surprise: true });
    for (const [days, score] of [[29, 3], [24, 9]] as const)
      await db().insertInto("survey_responses").values({ account_id: w.mine.id, stakeholder_id: dm.id, kind: "nps", score, answered_at: ago(days) }).execute();
    const heard = (days: number, kind: string, polarity: string) =>
      createTouchpoint(db(), { account_id: w.mine.id, kind, occurred_at: ago(days), advocacy_polarity: polarity, advocacy_source: "A prospect" });
    await heard(10, "reference_given", "positive");
    await heard(11, "word_of_mouth", "negative");
    await heard(12, "word_of_mouth", "positive");
    await heard(13, "word_of_mouth", "negative");
    await heard(400, "referral_given", "positive"); // before the period

    const res = await call(scoresLoader, "GET", "C-1", await w.token(w.kaisa.id));
    const api = ScoresRecord.parse(res.json.data).experience;
    const page = await run(experienceLoader, request(`/accounts/${w.mine.id}/experience`, { cookie: await sessionCookieFor(w.kaisa.id) }), {
      accountId: w.mine.id,
    });
    const shown = (page.value as { experience: ExperienceFigures }).experience;

    expect(api.window).toEqual(shown.window);
    expect(api.months).toBe(shown.months);
    for (const q of QUADRANTS) {
      const cell = shown.quadrants.cells[q];
      expect(api.quadrants[q]).toEqual({
        touchpoints: cell.touchpoints,
        nps: { value: cell.nps.score, answers: cell.nps.answers, promoters: cell.nps.promoters, passives: cell.nps.passives, detractors: cell.nps.detractors },
        csat: { value: cell.csat.mean, answers: cell.csat.answers },
      });
    }
    expect(api.quadrants.badly_resolved).toMatchObject({ touchpoints: 1, nps: { answers: 1, detractors: 1, value: null } });
    expect(api.quadrants.well_unresolved).toMatchObject({ touchpoints: 1, nps: { answers: 1, promoters: 1 } });
    expect(api.left_out).toEqual({ treated_neither: 1, no_resolution: 0, no_treatment: 0 });
    expect(api.moments_of_truth).toMatchObject({
      moments_of_truth: shown.moments.momentsOfTruth,
      positive_surprises: shown.moments.positiveSurprises,
      went_badly: shown.moments.wentBadly,
    });
    expect(api.moments_of_truth.by_kind.map((k) => [k.kind, k.touchpoints, k.moments_of_truth])).toEqual(
      shown.moments.byKind.map((k) => [k.kind, k.touchpoints, k.momentsOfTruth]),
    );
    expect(api.moments_of_truth).toMatchObject({ moments_of_truth: 1, positive_surprises: 1, went_badly: 1 });
    expect(api.advocacy).toEqual({
      references: shown.advocacy.reference_given,
      referrals: shown.advocacy.referral_given,
      word_of_mouth: shown.advocacy.word_of_mouth,
    });
    expect(api.advocacy).toEqual({
      references: { positive: 1, negative: 0 },
      referrals: { positive: 0, negative: 0 },
      word_of_mouth: { positive: 1, negative: 2 },
    });
  });

  it("gives a KAM's token the same figures as the account page", async () => {
    const w = await world();
    const res = await call(scoresLoader, "GET", "C-1", await w.token(w.kaisa.id));
    expect(res.status).toBe(200);
    const data = ScoresRecord.parse(res.json.data);

    const page = await run(accountLoader, request(`/accounts/${w.mine.id}`, { cookie: await sessionCookieFor(w.kaisa.id) }), {
      accountId: w.mine.id,
    });
    expect(statusOf(page)).toBe(200);
    const view = (page.value as { health: AccountHealthView }).health;
    const scores = view.scores!;

    expect(data.health).toMatchObject({ value: scores.health, band: scores.band, capped: Boolean(scores.cap) });
    expect(data.health.factors.map((f) => [f.key, f.points, f.available])).toEqual(
      scores.factors.map((f) => [f.key, f.points, f.available]),
    );
    expect(data.predictability).toMatchObject({
      value: view.predictability.value,
      sample: view.predictability.sample,
      window: view.predictability.window,
    });
    // One overdue of four: 3 of 4 importance-weighted… importance 3 vs 2+2+2: 6 of 9.
    expect(data.predictability.value).toBeCloseTo(6 / 9, 10);
    expect(data.predictability.surprises).toEqual([{ expectation_external_id: "E-LATE", reason: "overdue" }]);
    expect(data.nps).toEqual({ value: scores.npsScore, respondents: scores.npsRespondents });
    expect(data.nps.value).toBeNull();
    expect(data.coverage).toEqual({ value: scores.coverageRatio });
    expect(data.signals).toEqual(
      view.signals.map((s) => ({ rule: s.rule, severity: s.severity, acknowledged: s.acknowledgedAt !== null })),
    );
    expect(data.signals).toContainEqual({ rule: "expectation_overdue", severity: "high", acknowledged: false });
    // An open High signal: never healthy.
    expect(data.health.band).not.toBe("healthy");
  });

  it("answers an account with nothing recorded as not enough data, with nulls rather than zeros", async () => {
    const w = await world();
    const res = await call(scoresLoader, "GET", "C-9", await w.token(null));
    expect(res.status).toBe(200);
    expect(res.json.data).toMatchObject({
      predictability: { value: null, sample: 0, surprises: [] },
      nps: { value: null, respondents: 0 },
      coverage: { value: null },
      health: { value: null, band: "not_enough_data", capped: false },
    });
  });

  it("refuses a token that does not reach the account, no token, and other methods", async () => {
    const w = await world();
    const other = await call(scoresLoader, "GET", "C-1", await w.token(w.olli.id));
    expect(other).toMatchObject({ status: 404, json: { errors: [{ field: "externalId" }] } });
    expect(JSON.stringify(other.json)).not.toContain("Acme");
    expect((await call(scoresLoader, "GET", "C-404", await w.token(w.kaisa.id))).status).toBe(404);
    expect((await call(scoresLoader, "GET", "C-1", null)).status).toBe(401);
    expect((await call(scoresAction, "POST", "C-1", await w.token(null))).status).toBe(405);
  });
});
