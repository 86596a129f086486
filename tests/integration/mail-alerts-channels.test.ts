import { afterAll, afterEach, beforeAll, beforeEach, describe, expect, it } from "vitest";
import { addDays } from "#app/domain/dates.ts";
import { calendarDate } from "#app/domain/time.ts";
import { createApiToken } from "#app/models/api-tokens.server.ts";
import { replanExpectation } from "#app/models/expectation-changes.server.ts";
import { saveMailPreferences, unsubscribeToken } from "#app/models/mail-preferences.server.ts";
import { sendNextOutboxMessage, smtpTransport, type OutboxRunOptions } from "#app/models/outbox-worker.server.ts";
import { action as stakeholdersAction } from "#app/routes/api.v1.accounts.$externalId.stakeholders.ts";
import { action as answersAction } from "#app/routes/api.v1.accounts.$externalId.survey-answers.ts";
import { action as commitmentsAction } from "#app/routes/portal.commitments.tsx";
import { loader as unsubscribeLoader, meta as unsubscribeMeta } from "#app/routes/unsubscribe.$token.tsx";
import { apiRateLimit } from "#app/web/api.server.ts";
import { db } from "#app/utils/db.server.ts";
import { appUrl } from "#app/utils/env.server.ts";
import { runImport } from "#tests/factories/imports.ts";
import { createAccount, createExpectation, createPortalUser, createStakeholder, createUser } from "#tests/factories/index.ts";
import { formRequest, request, run, sessionCookieFor } from "#tests/setup/requests.ts";
import { startTestSmtp, type TestSmtp } from "#tests/setup/smtp.ts";

// The KAM's alerts whatever way their cause arrives (app/domain/kam-alerts.ts):
// a detractor's answer or a key person leaving brought in through the JSON API
// or a CSV import alerts the KAM as one given in the portal does, written in
// the write's own transaction (an import that writes nothing sends nothing),
// once (the same answer again, a re-run file: no second mail), and only for
// fresh news (history brought in is not an alert). A customer contesting a
// notice alerts the KAM too. Against a real SMTP server in this process.

let smtp: TestSmtp;
beforeAll(async () => {
  smtp = await startTestSmtp();
});
afterAll(async () => {
  await smtp.close();
});
beforeEach(() => {
  smtp.received.length = 0;
  apiRateLimit.reset();
});
afterEach(() => apiRateLimit.reset());

const options = (): OutboxRunOptions => ({ transport: smtpTransport(smtp.url), from: "Kohtaamo <noreply@pohjola.example>" });
async function sendAll() {
  while (await sendNextOutboxMessage(options())) {
    // until nothing is due
  }
}
const subjects = () => smtp.received.map((m) => m.subject);
const outbox = () => db().selectFrom("outbox_messages").select(["kind", "to_address"]).orderBy("created_at").execute();
const today = calendarDate();
const day = (n: number) => addDays(today, n);

async function world(kamLocale: "en" | "fi" = "fi") {
  const admin = await createUser(db(), { role: "admin", name: "Ada Admin" });
  const kam = { ...(await createUser(db(), { role: "kam", name: "Kaisa KAM", email: "kaisa@pohjola.example", locale: kamLocale })), role: "kam" as const };
  const account = await createAccount(db(), { owner_id: kam.id, name: "Kestilä Oy", external_id: "C-1" });
  const dan = await createStakeholder(db(), { account_id: account.id, name: "Dan Detractor", external_id: "P-1" });
  const token = await db()
    .transaction()
    .execute((trx) => createApiToken(trx, admin, { name: "CRM", scope: "read_write" }));
  return { admin, kam, account, dan, token: token.token };
}

async function call(handler: unknown, method: string, path: string, token: string, body: unknown, params: Record<string, string>) {
  const req = request(path, { method, headers: { Authorization: `Bearer ${token}`, "Content-Type": "application/json" }, body: JSON.stringify(body) });
  const response = (await (handler as (args: unknown) => Promise<Response>)({ request: req, params, context: {} })) as Response;
  return { status: response.status, json: (await response.json()) as Record<string, any> };
}

describe("a detractor's answer through the API or an import", () => {
  it("API: a fresh detractor's NPS mails the KAM once, in their language; a promoter, an old answer and the same answer again do not", async () => {
    const w = await world("fi");
    const path = "/api/v1/accounts/C-1/survey-answers";
    const post = (body: Record<string, unknown>) => call(answersAction, "POST", path, w.token, body, { externalId: "C-1" });
    const base = { stakeholder: "P-1", kind: "nps", source: "survey_tool", source_name: "Questback" };
    expect((await post({ ...base, external_id: "Q-1", score: 3, comment: "Too slow", answered_at: day(-1) })).status).toBe(201);
    // The same answer again, a promoter, and history from last year.
    expect((await post({ ...base, external_id: "Q-1", score: 3, comment: "Too slow", answered_at: day(-1) })).json.status).toBe("unchanged");
    expect((await post({ ...base, external_id: "Q-2", score: 9, answered_at: day(-1) })).status).toBe(201);
    expect((await post({ ...base, external_id: "Q-3", score: 0, answered_at: day(-300) })).status).toBe(201);
    // A correction that keeps it a detractor's: no new news.
    expect((await post({ ...base, external_id: "Q-1", score: 2, comment: "Too slow", answered_at: day(-1) })).json.status).toBe("updated");
    await sendAll();
    expect(subjects()).toEqual(["Arvostelija: NPS 3, Kestilä Oy"]);
    const mail = smtp.received[0]!;
    expect(mail.to).toMatchObject({ value: [{ address: "kaisa@pohjola.example" }] });
    expect(mail.text).toContain("Dan Detractor (Kestilä Oy) vastasi suositteluhalukkuuskysymykseen (0–10) arvolla 3.");
    expect(mail.text).toContain("Too slow");
    expect(mail.html).toContain('lang="fi"');
    expect(mail.text).toContain(`${appUrl()}/unsubscribe/${unsubscribeToken(w.kam.id, "detractor_alert")}`);

    // A promoter's answer corrected to a detractor's is news.
    smtp.received.length = 0;
    expect((await post({ ...base, external_id: "Q-2", score: 5, answered_at: day(-1) })).json.status).toBe("updated");
    await sendAll();
    expect(subjects()).toEqual(["Arvostelija: NPS 5, Kestilä Oy"]);
  });

  it("import (by an administrator, who alone brings answers in): fresh detractors' answers (NPS and CSAT) mail the KAM; old ones and promoters do not; the same file again sends nothing", async () => {
    const w = await world("en");
    const file = [
      "account;external_id;stakeholder;kind;score;comment;answered_at",
      `C-1;S-1;P-1;nps;4;Nobody calls back;${day(-2)}`,
      `C-1;S-2;P-1;csat;1;;${day(-1)}`,
      `C-1;S-3;P-1;nps;2;;${day(-400)}`,
      `C-1;S-4;P-1;nps;10;;${day(-1)}`,
    ].join("\n");
    const job = await runImport(w.admin, "survey_answers", file);
    expect(job.errors).toEqual([]);
    expect(job).toMatchObject({ status: "done", inserted: 4 });
    await sendAll();
    expect(subjects().sort()).toEqual(["Detractor: NPS 4 from Kestilä Oy", "Low satisfaction: 1/5 from Kestilä Oy"]);
    expect(smtp.received.find((m) => m.subject?.startsWith("Detractor"))!.text).toContain("Nobody calls back");
    expect(await runImport(w.admin, "survey_answers", file)).toMatchObject({ status: "done", unchanged: 4 });
    await sendAll();
    expect(smtp.received).toHaveLength(2);
  });

  it("an all-or-nothing import refused for one bad row writes no answer and no alert; a KAM's choice of digest sends nothing at once", async () => {
    const w = await world("en");
    const bad = ["account;external_id;stakeholder;kind;score;answered_at", `C-1;S-1;P-1;nps;1;${day(-1)}`, `C-1;S-2;NOBODY;nps;1;${day(-1)}`].join("\n");
    expect(await runImport(w.admin, "survey_answers", bad)).toMatchObject({ status: "rejected" });
    expect(await outbox()).toEqual([]);
    await db()
      .transaction()
      .execute((trx) => saveMailPreferences(trx, { user: w.kam }, { detractor_alert: "digest" }));
    expect(await runImport(w.admin, "survey_answers", bad, { mode: "valid_rows" })).toMatchObject({ inserted: 1 });
    expect(await outbox()).toEqual([]);
  });
});

describe("a key person leaving through the API or an import", () => {
  it("API: a champion or decision maker who has lately left alerts the KAM once; someone without a key role, or who left long ago, does not", async () => {
    const w = await world("en");
    const path = "/api/v1/accounts/C-1/stakeholders";
    const put = (body: Record<string, unknown>) => call(stakeholdersAction, "PUT", path, w.token, body, { externalId: "C-1" });
    expect((await put({ external_id: "P-9", name: "Cecilia Champion", committee_role: "champion" })).status).toBe(201);
    expect((await put({ external_id: "P-9", name: "Cecilia Champion", committee_role: "champion", left_on: day(-1) })).json.status).toBe("updated");
    expect((await put({ external_id: "P-9", name: "Cecilia Champion", committee_role: "champion", left_on: day(-1) })).json.status).toBe("unchanged");
    expect((await put({ external_id: "P-10", name: "Ulla User", committee_role: "user", left_on: today })).status).toBe(201);
    expect((await put({ external_id: "P-11", name: "Old Boss", committee_role: "decision_maker", left_on: day(-200) })).status).toBe(201);
    await sendAll();
    expect(subjects()).toEqual(["Cecilia Champion (Champion) has left Kestilä Oy"]);
    expect(smtp.received[0]!.text).toContain(`${appUrl()}/accounts/${w.account.id}/committee`);
  });

  it("import, even by the KAM: a stored decision maker the file marks as left alerts them (the role kept from the record); again: nothing", async () => {
    const w = await world("fi");
    await createStakeholder(db(), { account_id: w.account.id, name: "Matti Maker", external_id: "P-20", committee_role: "decision_maker" });
    const file = ["account;id;name;left on", `C-1;P-20;Matti Maker;${today}`, `C-1;P-1;Dan Detractor;`].join("\n");
    expect(await runImport(w.kam, "stakeholders", file)).toMatchObject({ status: "done", errors: [] });
    await sendAll();
    expect(subjects()).toEqual(["Matti Maker (Päättäjä) on lähtenyt: Kestilä Oy"]);
    expect(await runImport(w.kam, "stakeholders", file)).toMatchObject({ status: "done" });
    await sendAll();
    expect(smtp.received).toHaveLength(1);
  });
});

describe("a contested notice", () => {
  async function noticeWorld(kamLocale: "en" | "fi") {
    const kam = { ...(await createUser(db(), { role: "kam", name: "Kaisa KAM", email: "kaisa@pohjola.example", locale: kamLocale })), role: "kam" as const };
    const account = await createAccount(db(), { owner_id: kam.id, name: "Aalto Freight Oy" });
    const champion = await createStakeholder(db(), { account_id: account.id, name: "Chris Champion", committee_role: "champion" });
    const customer = await createPortalUser(db(), account.id, champion.id);
    const e = await createExpectation(db(), { account_id: account.id, title: "Pilot rollout", due_date: day(-5), holder_stakeholder_id: champion.id });
    await db()
      .transaction()
      .execute((trx) =>
        replanExpectation(trx, { actor: kam }, account.id, e.id, {
          version: e.version,
          due_date: day(10),
          reason: "Supplier delay",
          customer_notified: true,
          customer_notified_on: day(-10),
        }),
      );
    const replan = await db().selectFrom("expectation_changes").select("id").where("expectation_id", "=", e.id).where("kind", "=", "replanned").executeTakeFirstOrThrow();
    // The customer's mail of the new date, out of the way.
    await sendAll();
    smtp.received.length = 0;
    const answer = async (value: "confirmed" | "contested", note = "") =>
      run(
        commitmentsAction,
        formRequest("/portal/commitments", { intent: "notice", replan_id: replan.id, answer: value, note }, await sessionCookieFor(customer.id)),
        {},
      );
    return { kam, account, e, answer };
  }

  it("the customer saying they were not told mails the KAM at once, in their language; confirming does not", async () => {
    const w = await noticeWorld("en");
    await w.answer("confirmed");
    await sendAll();
    expect(smtp.received).toHaveLength(0);
    await w.answer("contested", "Nobody told us");
    await sendAll();
    expect(subjects()).toEqual(["Notice contested: Pilot rollout (Aalto Freight Oy)"]);
    const mail = smtp.received[0]!;
    expect(mail.text).toContain("Chris Champion of Aalto Freight Oy says they were not told that “Pilot rollout” moves to");
    expect(mail.text).toContain("Nobody told us");
    expect(mail.text).toContain(`${appUrl()}/accounts/${w.account.id}/expectations/${w.e.id}`);
    expect(mail.text).toContain(`${appUrl()}/unsubscribe/${unsubscribeToken(w.kam.id, "notice_contested")}`);
  });

  it("in Finnish for a Finnish KAM", async () => {
    const fi = await noticeWorld("fi");
    await fi.answer("contested");
    await sendAll();
    expect(subjects()).toEqual(["Ilmoitus kiistetty: Pilot rollout (Aalto Freight Oy)"]);
    expect(smtp.received[0]!.html).toContain('lang="fi"');
  });

  it("sends nothing when the KAM turned notice alerts off", async () => {
    const w = await noticeWorld("en");
    await db()
      .transaction()
      .execute((trx) => saveMailPreferences(trx, { user: w.kam }, { notice_contested: "off" }));
    await w.answer("contested");
    expect((await outbox()).filter((m) => m.kind === "notice_contested")).toEqual([]);
  });
});

describe("the unsubscribe page", () => {
  it("speaks the recipient's language, not the visitor's browser's", async () => {
    const fi = await createUser(db(), { role: "kam", name: "Kaisa", email: "kaisa@pohjola.example", locale: "fi" });
    const token = unsubscribeToken(fi.id, "dispute_alert");
    const { value } = await run(unsubscribeLoader, request(`/unsubscribe/${token}`, { headers: { "Accept-Language": "en-GB,en;q=0.9" } }), { token });
    // The page is worded from the recipient's own messages, sent with it.
    const data = value as { locale: string; state: string; messages: Record<string, string> };
    expect(data).toMatchObject({ state: "ask", locale: "fi" });
    expect(data.messages["unsubscribe.title"]).toBe("Lopeta viestit");
    expect(data.messages["outbox.kind.dispute_alert"]).toContain("Kiistahälytys");
    const meta = unsubscribeMeta({ data, matches: [{ id: "root", data: { locale: "en" } }] } as never) as { title?: string }[];
    expect(meta[0]!.title).toContain("Lopeta viestit");
  });
});
