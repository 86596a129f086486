import { beforeEach, describe, expect, it } from "vitest";
import { addDays } from "#app/domain/dates.ts";
import { calendarDate } from "#app/domain/time.ts";
import type { HealthResult } from "#app/domain/health.ts";
import { createApiToken } from "#app/models/api-tokens.server.ts";
import { rateTouchpoint } from "#app/models/portal-actions.server.ts";
import { withPortalWrite } from "#app/models/portal-scope.server.ts";
import { refreshAccountScores } from "#app/models/scores.server.ts";
import { createTouchpoint as logTouchpoint } from "#app/models/touchpoint-changes.server.ts";
import { action as answersAction } from "#app/routes/api.v1.accounts.$externalId.survey-answers.ts";
import { action as importAction } from "#app/routes/_app.import._index.tsx";
import { db } from "#app/utils/db.server.ts";
import { apiRateLimit } from "#app/web/api.server.ts";
import { createAccount, createExpectation, createPortalUser, createStakeholder, createUser } from "#tests/factories/index.ts";
import { runImport } from "#tests/factories/imports.ts";
import { request, run, sessionCookieFor, statusOf } from "#tests/setup/requests.ts";

// Adversarial: the KAM whose account health judges tries to make it look
// better than it is, by writing their own grade. Staff readings (sentiment,
// felt treatment) count against interest only: a favourable one counts as
// neutral until the customer confirms it; and the customer's own answers (NPS,
// CSAT) cannot be recorded by the KAM through the API or an import.

const now = new Date();
const today = calendarDate(now);
const yesterday = addDays(today, -1);

beforeEach(() => apiRateLimit.reset());

async function world(name: string) {
  const kam = { ...(await createUser(db(), { role: "kam", name: `KAM ${name}` })), role: "kam" as const };
  const account = await createAccount(db(), { owner_id: kam.id, name, external_id: `C-${name}` });
  const dm = await createStakeholder(db(), { account_id: account.id, name: `DM ${name}`, committee_role: "decision_maker", influence: 5, external_id: `P-${name}` });
  // Enough other evidence for health to judge: a kept promise and a late one.
  await createExpectation(db(), { account_id: account.id, title: "Kept", due_date: today, status: "resolved", outcome: "kept", delivered_on: today });
  await createExpectation(db(), { account_id: account.id, title: "Open", due_date: today, importance: 3 });
  await db().transaction().execute((trx) => refreshAccountScores(trx, account.id, now));
  return { kam, account, dm };
}

async function meetings(w: Awaited<ReturnType<typeof world>>, n: number, reading: { sentiment: number; treatment: number }) {
  const ids: string[] = [];
  for (let i = 0; i < n; i++) {
    const tp = await db()
      .transaction()
      .execute((trx) =>
        logTouchpoint(trx, { actor: w.kam }, w.account.id, {
          kind: "meeting",
          occurred_at: new Date(now.getTime() - (i + 1) * 3_600_000),
          title: `Meeting ${i}`,
          summary: "",
          internal_notes: "",
          stakeholder_ids: [w.dm.id],
          user_ids: [],
          emotion_tags: [],
          moment_of_truth: false,
          positive_surprise: false,
          shared_with_customer: true,
          sentiment: reading.sentiment,
          treatment: reading.treatment,
        }),
      );
    ids.push(tp.id);
  }
  await db().transaction().execute((trx) => refreshAccountScores(trx, w.account.id, now));
  return ids;
}

async function health(accountId: string) {
  const row = await db().selectFrom("account_scores").select(["health", "factors", "nps", "nps_respondents"]).where("account_id", "=", accountId).executeTakeFirstOrThrow();
  const h = (row.factors as { health: HealthResult }).health;
  const factor = (key: string) => h.factors.find((f) => f.key === key)!;
  return { score: row.health === null ? null : Number(row.health), sentiment: factor("sentiment"), treatment: factor("treatment"), nps: row.nps, respondents: row.nps_respondents };
}

describe("a KAM trying to make an account look better than it is", () => {
  it("ten glowing meetings they typed lift health no higher than ten neutral ones; the customer's own CSAT does", async () => {
    const glowing = await world("Glowing");
    const neutral = await world("Neutral");
    const ids = await meetings(glowing, 10, { sentiment: 2, treatment: 5 });
    await meetings(neutral, 10, { sentiment: 0, treatment: 3 });

    const [g, n] = [await health(glowing.account.id), await health(neutral.account.id)];
    expect(g.score).not.toBeNull();
    expect(g.score).toBe(n.score);
    expect(g.sentiment.value).toBe(0);
    expect(g.treatment.value).toBe(3);
    // The explanation says what was held back, and why.
    expect(g.sentiment.params).toMatchObject({ sample: 10, unconfirmed: 10 });
    expect(g.treatment.params).toMatchObject({ sample: 10, unconfirmed: 10 });
    expect(n.sentiment.params).toMatchObject({ unconfirmed: 0 });

    // Bad news counts as typed: a KAM reporting trouble is believed.
    const troubled = await world("Troubled");
    await meetings(troubled, 10, { sentiment: -2, treatment: 1 });
    const tr = await health(troubled.account.id);
    expect(tr.sentiment.value).toBe(-2);
    expect(tr.score!).toBeLessThan(n.score!);

    // The customer confirms three meetings went well in the portal (CSAT 5): those count in full.
    const customer = await createPortalUser(db(), glowing.account.id, glowing.dm.id);
    for (const id of ids.slice(0, 3)) {
      await withPortalWrite(glowing.account.id, (trx) =>
        rateTouchpoint(trx, { userId: customer.id, accountId: glowing.account.id, stakeholderId: glowing.dm.id }, { touchpoint_id: id, score: 5, comment: "" }),
      );
    }
    await db().transaction().execute((trx) => refreshAccountScores(trx, glowing.account.id, now));
    const confirmed = await health(glowing.account.id);
    expect(confirmed.sentiment.value).toBeCloseTo((3 * 2) / 10, 5);
    expect(confirmed.sentiment.params).toMatchObject({ unconfirmed: 7 });
    expect(confirmed.treatment.value).toBeCloseTo((3 * 5 + 7 * 3) / 10, 5);
    expect(confirmed.score!).toBeGreaterThan(n.score!);
  });

  it("a KAM's own API token cannot record NPS answers for their account; a service token can", async () => {
    const w = await world("Token");
    const admin = await createUser(db(), { role: "admin", name: "Ada Admin" });
    const personal = await db().transaction().execute((trx) => createApiToken(trx, { id: admin.id, role: "admin" }, { name: "Mine", scope: "read_write", userId: w.kam.id }));
    const service = await db().transaction().execute((trx) => createApiToken(trx, { id: admin.id, role: "admin" }, { name: "Survey tool", scope: "read_write" }));
    const body = { external_id: "Q-1", stakeholder: w.dm.external_id, kind: "nps", score: 10, answered_at: yesterday };
    const post = (token: string) =>
      (answersAction as (a: unknown) => Promise<Response>)({
        request: request(`/api/v1/accounts/C-Token/survey-answers`, { method: "POST", headers: { Authorization: `Bearer ${token}`, "Content-Type": "application/json" }, body: JSON.stringify(body) }),
        params: { externalId: "C-Token" },
        context: {},
      });

    const refused = await post(personal.token);
    expect(refused.status).toBe(403);
    expect(JSON.stringify(await refused.json())).toMatch(/customer's own voice/);
    expect(await db().selectFrom("survey_responses").select("id").where("account_id", "=", w.account.id).execute()).toEqual([]);
    expect((await health(w.account.id)).respondents).toBe(0);

    expect((await post(service.token)).status).toBe(201);
    expect((await health(w.account.id)).respondents).toBe(1);
  });

  it("a KAM cannot import survey answers: the upload is refused with the reason, and the worker refuses any row", async () => {
    const w = await world("Import");
    const file = ["account;external_id;stakeholder;kind;score;answered_at", `C-Import;Q-1;${w.dm.external_id};nps;10;${yesterday}`].join("\n");

    const form = new FormData();
    form.set("kind", "survey_answers");
    form.set("source", "");
    form.set("file", new Blob([file], { type: "text/csv" }), "answers.csv");
    const res = await run(importAction, request("/import", { method: "POST", body: form, cookie: await sessionCookieFor(w.kam.id) }), {});
    expect(statusOf(res)).toBe(400);
    expect(JSON.stringify(res.value)).toMatch(/customer's own voice/);
    expect(await db().selectFrom("import_jobs").select("id").execute()).toEqual([]);

    // A job made some other way is refused row by row by the worker.
    const job = await runImport(w.kam, "survey_answers", file);
    expect(job).toMatchObject({ inserted: 0, rejected: 1 });
    expect(job.errors.map((e) => e.reason)).toEqual([expect.stringMatching(/customer's own voice/)]);
    expect(await db().selectFrom("survey_responses").select("id").where("account_id", "=", w.account.id).execute()).toEqual([]);

    const admin = { ...(await createUser(db(), { role: "admin", name: "Ada Admin" })), role: "admin" as const };
    expect(await runImport(admin, "survey_answers", file)).toMatchObject({ inserted: 1, rejected: 0 });
  });
});
