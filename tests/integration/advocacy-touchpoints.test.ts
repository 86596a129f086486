import { sql } from "kysely";
import { afterEach, beforeEach, describe, expect, it } from "vitest";
import { createApiToken } from "#app/models/api-tokens.server.ts";
import { createTouchpoint, updateTouchpoint } from "#app/models/touchpoint-changes.server.ts";
import { listTimeline } from "#app/models/timeline.server.ts";
import { action as newAction } from "#app/routes/_app.accounts.$accountId_.touchpoints.new.tsx";
import { action as touchpointsAction, loader as touchpointsLoader } from "#app/routes/api.v1.accounts.$externalId.touchpoints.ts";
import { apiRateLimit } from "#app/web/api.server.ts";
import { db } from "#app/utils/db.server.ts";
import { FieldError } from "#app/utils/errors.server.ts";
import { runImport } from "#tests/factories/imports.ts";
import { createAccount, createStakeholder, createUser } from "#tests/factories/index.ts";
import { request, run, sessionCookieFor, statusOf } from "#tests/setup/requests.ts";

// References, referrals and word of mouth as touchpoints: every path that
// writes one (the staff form, the API, the CSV import) takes a polarity and a
// source for these kinds, refuses one without a polarity in words, and stores
// nothing of the kind for other kinds; the database holds the same rule.

async function world() {
  const kam = await createUser(db(), { role: "kam", name: "Kaisa KAM" });
  const account = await createAccount(db(), { owner_id: kam.id, name: "Kestilä Oy", external_id: "C-1" });
  const anna = await createStakeholder(db(), { account_id: account.id, name: "Anna Aho", external_id: "P-1" });
  const elsewhere = await createAccount(db(), { owner_id: kam.id, name: "Muu Oy" });
  const stranger = await createStakeholder(db(), { account_id: elsewhere.id, name: "Sam Stranger" });
  return { kam, account, anna, stranger };
}

const stored = () =>
  db()
    .selectFrom("touchpoints")
    .select(["kind", "title", "advocacy_polarity", "advocacy_source", "advocacy_stakeholder_id"])
    .orderBy("title")
    .execute();

function post(path: string, fields: Record<string, string>, cookie: string): Request {
  return request(path, {
    method: "POST",
    body: new URLSearchParams(fields),
    headers: { "Content-Type": "application/x-www-form-urlencoded" },
    cookie,
  });
}

describe("the staff form", () => {
  it("logs a reference, a referral and word of mouth with polarity and source, and shows them on the timeline", async () => {
    const { kam, account, anna } = await world();
    const cookie = await sessionCookieFor(kam.id);
    const log = (fields: Record<string, string>) =>
      run(newAction, post(`/accounts/${account.id}/touchpoints/new`, { intent: "create", occurred_at: "2026-11-03T10:00", ...fields }, cookie), {
        accountId: account.id,
      });
    expect(statusOf(await log({ kind: "reference_given", title: "A reference call", advocacy_polarity: "positive", advocacy_source: "Vaara Metals Oy" }))).toBe(302);
    // A person named and the source left empty: the person's name is the source.
    expect(statusOf(await log({ kind: "referral_given", title: "B referral", advocacy_polarity: "positive", advocacy_source: "", advocacy_stakeholder_id: anna.id }))).toBe(302);
    expect(statusOf(await log({ kind: "word_of_mouth", title: "C heard at a fair", advocacy_polarity: "negative", advocacy_source: "A competitor's customer" }))).toBe(302);
    // Without JavaScript a meeting's form sends the advocacy fields too: ignored.
    expect(statusOf(await log({ kind: "meeting", title: "D meeting", advocacy_polarity: "negative", advocacy_source: "ignored", advocacy_stakeholder_id: anna.id }))).toBe(302);
    expect(await stored()).toEqual([
      { kind: "reference_given", title: "A reference call", advocacy_polarity: "positive", advocacy_source: "Vaara Metals Oy", advocacy_stakeholder_id: null },
      { kind: "referral_given", title: "B referral", advocacy_polarity: "positive", advocacy_source: "Anna Aho", advocacy_stakeholder_id: anna.id },
      { kind: "word_of_mouth", title: "C heard at a fair", advocacy_polarity: "negative", advocacy_source: "A competitor's customer", advocacy_stakeholder_id: null },
      { kind: "meeting", title: "D meeting", advocacy_polarity: null, advocacy_source: null, advocacy_stakeholder_id: null },
    ]);
    const { touchpoints } = await listTimeline(db(), account.id);
    expect(touchpoints.find((t) => t.kind === "referral_given")).toMatchObject({
      advocacy_polarity: "positive",
      advocacy_source: "Anna Aho",
      advocacy_person: "Anna Aho",
    });
  });

  it("refuses a missing polarity or source at its field in words, keeping what was typed and writing nothing", async () => {
    const { kam, account } = await world();
    const res = await run(
      newAction,
      post(`/accounts/${account.id}/touchpoints/new`, { intent: "create", kind: "word_of_mouth", occurred_at: "2026-11-03T10:00", title: "Heard", advocacy_source: "" }, await sessionCookieFor(kam.id)),
      { accountId: account.id },
    );
    expect(statusOf(res)).toBe(400);
    const { result } = (res.value as { data: { result: { error: Record<string, string[]>; initialValue: Record<string, unknown> } } }).data;
    expect(result.error.advocacy_polarity).toEqual(["Say whether it was positive or negative."]);
    expect(result.error.advocacy_source).toEqual(["Say who said it or to whom, or name their person."]);
    expect(result.initialValue).toMatchObject({ kind: "word_of_mouth", title: "Heard" });
    expect(await stored()).toEqual([]);
  });

  it("the model refuses another account's person, and clears the facts when the kind changes", async () => {
    const { kam, account, stranger } = await world();
    const actor = { id: kam.id, role: "kam" as const };
    const base = {
      occurred_at: new Date("2026-11-03T08:00:00Z"),
      title: "Reference",
      summary: "",
      internal_notes: "",
      stakeholder_ids: [],
      user_ids: [],
      emotion_tags: [],
      moment_of_truth: false,
      positive_surprise: false,
      shared_with_customer: false,
    };
    const refused = db()
      .transaction()
      .execute((trx) =>
        createTouchpoint(trx, { actor }, account.id, { ...base, kind: "reference_given", advocacy_polarity: "positive", advocacy_source: "", advocacy_stakeholder_id: stranger.id }),
      );
    await expect(refused).rejects.toBeInstanceOf(FieldError);
    await expect(refused).rejects.toMatchObject({ fieldErrors: { advocacy_stakeholder_id: { key: "touchpointForm.stakeholderNotOnAccount" } } });
    const created = await db()
      .transaction()
      .execute((trx) => createTouchpoint(trx, { actor }, account.id, { ...base, kind: "reference_given", advocacy_polarity: "positive", advocacy_source: "Vaara Oy" }));
    await db()
      .transaction()
      .execute((trx) => updateTouchpoint(trx, { actor }, account.id, created.id, { ...base, kind: "meeting", version: created.version }));
    expect(await stored()).toEqual([{ kind: "meeting", title: "Reference", advocacy_polarity: null, advocacy_source: null, advocacy_stakeholder_id: null }]);
  });
});

describe("the database", () => {
  it("holds the rule itself: these kinds need a polarity and a source, other kinds carry none", async () => {
    const { account } = await world();
    const insert = (kind: string, polarity: string | null, source: string | null) =>
      sql`insert into touchpoints (account_id, kind, occurred_at, title, advocacy_polarity, advocacy_source)
        values (${account.id}, ${kind}, now(), 'x', ${polarity}, ${source})`.execute(db());
    await expect(insert("word_of_mouth", null, "Fair")).rejects.toThrow(/touchpoints_advocacy_facts/);
    await expect(insert("referral_given", "positive", null)).rejects.toThrow(/touchpoints_advocacy_facts/);
    await expect(insert("meeting", "positive", "Fair")).rejects.toThrow(/touchpoints_advocacy_facts/);
    await expect(insert("reference_given", "lukewarm", "Fair")).rejects.toThrow(/advocacy_polarity/);
    await insert("reference_given", "negative", "Fair");
  });
});

describe("the API", () => {
  beforeEach(() => apiRateLimit.reset());
  afterEach(() => apiRateLimit.reset());

  async function call(handler: (args: never) => unknown, method: string, token: string, body?: unknown) {
    const headers: Record<string, string> = { Authorization: `Bearer ${token}` };
    if (body !== undefined) headers["Content-Type"] = "application/json";
    const req = request("/api/v1/accounts/C-1/touchpoints", { method, headers, body: body === undefined ? undefined : JSON.stringify(body) });
    const response = (await (handler as (args: unknown) => Promise<Response>)({ request: req, params: { externalId: "C-1" }, context: {} })) as Response;
    return { status: response.status, json: (await response.json()) as Record<string, any> };
  }

  it("creates and updates them with polarity and source, and refuses a missing polarity with 422 and a reason", async () => {
    const { anna } = await world();
    const admin = await createUser(db(), { role: "admin" });
    const { token } = await db()
      .transaction()
      .execute((trx) => createApiToken(trx, admin, { name: "CRM", scope: "read_write" }));
    const referral = { external_id: "R-1", kind: "referral_given", occurred_at: "2026-11-03T10:00:00+02:00", title: "Referred Vaara", advocacy_polarity: "positive", advocacy_stakeholder: "P-1" };
    const created = await call(touchpointsAction, "POST", token, referral);
    expect(created.status).toBe(201);
    expect(created.json.data).toMatchObject({ kind: "referral_given", advocacy: { polarity: "positive", source: "Anna Aho", stakeholder: "P-1" } });
    expect((await call(touchpointsAction, "PUT", token, referral)).json.status).toBe("unchanged");
    const turned = await call(touchpointsAction, "PUT", token, { ...referral, advocacy_polarity: "negative", advocacy_source: "Vaara Metals Oy" });
    expect(turned.json).toMatchObject({ status: "updated", data: { advocacy: { polarity: "negative", source: "Vaara Metals Oy", stakeholder: "P-1" } } });
    const heard = await call(touchpointsAction, "POST", token, { external_id: "W-1", kind: "word_of_mouth", occurred_at: "2026-11-04T10:00:00+02:00", title: "At the fair", advocacy_polarity: "negative", advocacy_source: "A competitor's customer" });
    expect(heard.json.data.advocacy).toEqual({ polarity: "negative", source: "A competitor's customer", stakeholder: null });

    const missing = await call(touchpointsAction, "POST", token, { external_id: "W-2", kind: "word_of_mouth", occurred_at: "2026-11-04T10:00:00+02:00", title: "Hm", advocacy_source: "Someone" });
    expect(missing).toEqual({ status: 422, json: { status: 422, errors: [{ field: "advocacy_polarity", reason: "Say whether it was positive or negative." }] } });
    const nobody = await call(touchpointsAction, "POST", token, { external_id: "W-3", kind: "reference_given", occurred_at: "2026-11-04T10:00:00+02:00", title: "Hm", advocacy_polarity: "positive", advocacy_stakeholder: "P-404" });
    expect(nobody).toMatchObject({ status: 422, json: { errors: [{ field: "advocacy_stakeholder" }] } });
    // A meeting carries none, whatever is sent.
    const meeting = await call(touchpointsAction, "POST", token, { external_id: "M-1", kind: "meeting", occurred_at: "2026-11-04T10:00:00+02:00", title: "Kick-off", advocacy_polarity: "positive" });
    expect(meeting.json.data.advocacy).toBeNull();
    // Turned into a meeting, a referral loses its facts.
    const moved = await call(touchpointsAction, "PUT", token, { external_id: "R-1", kind: "meeting", occurred_at: "2026-11-03T10:00:00+02:00", title: "Referred Vaara" });
    expect(moved.json).toMatchObject({ status: "updated", data: { kind: "meeting", advocacy: null } });

    const listed = await call(touchpointsLoader, "GET", token);
    expect(listed.json.data.map((t: { external_id: string; advocacy: unknown }) => [t.external_id, t.advocacy])).toEqual(
      expect.arrayContaining([["W-1", { polarity: "negative", source: "A competitor's customer", stakeholder: null }]]),
    );
    expect(anna.name).toBe("Anna Aho");
  });
});

describe("the CSV import", () => {
  const HEADER = "account;id;kind;when;title;polarity;heard from;advocate";
  it("imports them with Finnish words for kind and polarity, and refuses a row without a polarity in words", async () => {
    const { kam, anna } = await world();
    const good = [
      HEADER,
      "C-1;T-1;referenssi;3.11.2026 10.00;Reference call;myönteinen;Vaara Metals Oy;",
      "C-1;T-2;suositus;4.11.2026 10.00;Referral;positive;;P-1",
      "C-1;T-3;puskaradio;5.11.2026 10.00;Heard at a fair;kielteinen;A competitor's customer;",
      "C-1;T-4;meeting;6.11.2026 10.00;Meeting;positive;ignored;",
    ].join("\n");
    expect(await runImport(kam, "touchpoints", good)).toMatchObject({ status: "done", inserted: 4, errors: [] });
    expect(await stored()).toEqual([
      { kind: "word_of_mouth", title: "Heard at a fair", advocacy_polarity: "negative", advocacy_source: "A competitor's customer", advocacy_stakeholder_id: null },
      { kind: "meeting", title: "Meeting", advocacy_polarity: null, advocacy_source: null, advocacy_stakeholder_id: null },
      { kind: "reference_given", title: "Reference call", advocacy_polarity: "positive", advocacy_source: "Vaara Metals Oy", advocacy_stakeholder_id: null },
      { kind: "referral_given", title: "Referral", advocacy_polarity: "positive", advocacy_source: "Anna Aho", advocacy_stakeholder_id: anna.id },
    ]);

    const bad = [HEADER, "C-1;T-5;word_of_mouth;7.11.2026 10.00;No polarity;;Someone;", "C-1;T-6;reference_given;7.11.2026 11.00;Nobody;positive;;P-404"].join("\n");
    const refused = await runImport(kam, "touchpoints", bad);
    expect(refused.errors).toEqual(
      expect.arrayContaining([
        expect.objectContaining({ line: 2, field: "advocacy_polarity", reason: "Say whether it was positive or negative." }),
        expect.objectContaining({ line: 3, field: "advocacy_stakeholder" }),
      ]),
    );
    expect(await db().selectFrom("touchpoints").select("external_id").where("external_id", "in", ["T-5", "T-6"]).execute()).toEqual([]);
  });
});
