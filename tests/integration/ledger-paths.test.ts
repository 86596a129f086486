import { beforeEach, describe, expect, it } from "vitest";
import { addDays } from "#app/domain/dates.ts";
import { calendarDate } from "#app/domain/time.ts";
import { createApiToken } from "#app/models/api-tokens.server.ts";
import { action as detailAction } from "#app/routes/_app.accounts.$accountId_.expectations.$expectationId.tsx";
import { action as newAction } from "#app/routes/_app.accounts.$accountId_.expectations.new.tsx";
import { action as deliveryAction } from "#app/routes/api.v1.accounts.$externalId.expectations.$expectationId.delivery.ts";
import { action as replanAction } from "#app/routes/api.v1.accounts.$externalId.expectations.$expectationId.replans.ts";
import { action as expectationsAction } from "#app/routes/api.v1.accounts.$externalId.expectations.ts";
import {
  action as answersAction,
  loader as answersLoader,
} from "#app/routes/api.v1.accounts.$externalId.survey-answers.ts";
import { apiRateLimit } from "#app/web/api.server.ts";
import { db } from "#app/utils/db.server.ts";
import { runImport } from "#tests/factories/imports.ts";
import { confirmNotices, createAccount, createStakeholder, createUser } from "#tests/factories/index.ts";
import { formRequest, localeCookieFor, request, run, sessionCookieFor, statusOf } from "#tests/setup/requests.ts";

// One scenario through the three ways into the ledger — the forms, the JSON
// API and the CSV import — stores the same expectations, the same re-plan and
// the same figures (app/domain/expectation-rules.ts, app/domain/predictability.ts).

const today = calendarDate();
const day = (n: number) => addDays(today, n);

type Handler = (args: never) => Promise<Response> | Response;

async function call(
  handler: Handler,
  method: string,
  path: string,
  token: string,
  body?: unknown,
  params: Record<string, string> = {},
) {
  const headers: Record<string, string> = { Authorization: `Bearer ${token}` };
  if (body !== undefined) headers["Content-Type"] = "application/json";
  const req = request(path, { method, headers, body: body === undefined ? undefined : JSON.stringify(body) });
  const response = (await (handler as (args: unknown) => Promise<Response>)({
    request: req,
    params,
    context: {},
  })) as Response;
  return { status: response.status, json: (await response.json()) as Record<string, any> };
}

async function world() {
  const admin = await createUser(db(), { role: "admin", name: "Ada Admin" });
  const kam = await createUser(db(), { role: "kam", name: "Kaisa KAM", email: "kaisa@pohjola.example" });
  const byForm = await createAccount(db(), { owner_id: kam.id, name: "Form Oy", external_id: "C-FORM" });
  const byApi = await createAccount(db(), { owner_id: kam.id, name: "Api Oy", external_id: "C-API" });
  const byImport = await createAccount(db(), { owner_id: kam.id, name: "Import Oy", external_id: "C-IMP" });
  const { token } = await db()
    .transaction()
    .execute((trx) => createApiToken(trx, admin, { name: "ERP", scope: "read_write" }));
  // The KAM's own token: what they record through the API is theirs, as on the forms and in the import.
  const { token: kamToken } = await db()
    .transaction()
    .execute((trx) => createApiToken(trx, admin, { name: "Kaisa's scripts", scope: "read_write", userId: kam.id }));
  return { admin, kam, byForm, byApi, byImport, token, kamToken };
}

beforeEach(() => apiRateLimit.reset());

/** What is stored for an account, without ids and recording times. */
async function stored(accountId: string) {
  const expectations = await db()
    .selectFrom("expectations")
    .select(["id", "title", "importance", "original_due_date", "due_date", "status", "outcome", "delivered_on"])
    .where("account_id", "=", accountId)
    .orderBy("title")
    .execute();
  const title = new Map(expectations.map((e) => [e.id, e.title]));
  const replans = await db()
    .selectFrom("expectation_changes")
    .select([
      "expectation_id",
      "from_due_date",
      "to_due_date",
      "reason",
      "customer_notified",
      "replanned_on",
      "customer_notified_on",
    ])
    .where("account_id", "=", accountId)
    .where("kind", "=", "replanned")
    .execute();
  const verdicts = await db()
    .selectFrom("expectation_verdicts")
    .select(["expectation_id", "due_date", "verdict", "reason", "promised_date", "days_late"])
    .where("account_id", "=", accountId)
    .execute();
  const scores = await db()
    .selectFrom("account_scores")
    .select(["predictability", "predictability_sample", "predictability_weight", "predictable_weight"])
    .where("account_id", "=", accountId)
    .executeTakeFirstOrThrow();
  const signals = await db()
    .selectFrom("risk_signals")
    .select(["rule", "severity", "evidence_id"])
    .where("account_id", "=", accountId)
    .where("resolved_at", "is", null)
    .where("rule", "in", ["expectation_overdue", "repeated_surprises"])
    .execute();
  return {
    expectations: expectations.map(({ id: _, ...e }) => e),
    replans: replans.map(({ expectation_id, ...r }) => ({ title: title.get(expectation_id), ...r })),
    verdicts: verdicts
      .map(({ expectation_id, ...v }) => ({ title: title.get(expectation_id), ...v }))
      .sort((a, b) => a.title!.localeCompare(b.title!)),
    scores,
    signals: signals
      .map((s) => ({ rule: s.rule, severity: s.severity, title: title.get(s.evidence_id) ?? "account" }))
      .sort((a, b) => a.rule.localeCompare(b.rule)),
  };
}

describe("one ledger scenario through the forms, the API and the import", () => {
  it("stores the same expectations, re-plan, verdicts and figures on every path", async () => {
    // The same person on every path: an administrator's records are exempt from
    // the recorded-after-its-date rule (predictability.ts), a KAM's are not.
    const { kam, byForm, byApi, byImport, kamToken: token } = await world();
    const cookie = await sessionCookieFor(kam.id);

    // --- The forms.
    const create = async (title: string, importance: string, due: string) => {
      const res = await run(
        newAction,
        formRequest(
          `/accounts/${byForm.id}/expectations/new`,
          { title, category: "delivery", source: "contract", importance, due_date: due },
          cookie,
        ),
        { accountId: byForm.id },
      );
      expect(statusOf(res)).toBe(302);
      return (
        await db()
          .selectFrom("expectations")
          .select("id")
          .where("account_id", "=", byForm.id)
          .where("title", "=", title)
          .executeTakeFirstOrThrow()
      ).id;
    };
    const act = async (id: string, fields: Record<string, string>) => {
      const res = await run(detailAction, formRequest(`/accounts/${byForm.id}/expectations/${id}`, fields, cookie), {
        accountId: byForm.id,
        expectationId: id,
      });
      expect(statusOf(res)).toBe(302);
    };
    const sensors = await create("Sensors", "3", day(-51));
    await act(sensors, { intent: "replan", version: "1", due_date: day(30), reason: "Supplier delay" });
    const report = await create("Report", "1", day(-20));
    await act(report, { intent: "deliver", version: "1", outcome: "kept", delivered_on: day(-21) });
    const install = await create("Install", "2", day(-5));
    await act(install, { intent: "deliver", version: "1", outcome: "late", delivered_on: day(-2) });

    // --- The API.
    const path = "/api/v1/accounts/C-API/expectations";
    const upsert = (body: object) => call(expectationsAction, "POST", path, token, body, { externalId: "C-API" });
    expect((await upsert({ external_id: "S", title: "Sensors", importance: 3, due_date: day(-51) })).status).toBe(201);
    const replanned = await call(
      replanAction,
      "POST",
      `${path}/S/replans`,
      token,
      { due_date: day(30), reason: "Supplier delay" },
      {
        externalId: "C-API",
        expectationId: "S",
      },
    );
    expect(replanned.status).toBe(201);
    expect(replanned.json.replan).toMatchObject({
      from_due_date: day(-51),
      to_due_date: day(30),
      customer_notified: false,
      replanned_on: today,
    });
    expect((await upsert({ external_id: "R", title: "Report", importance: 1, due_date: day(-20) })).status).toBe(201);
    const delivered = await call(
      deliveryAction,
      "POST",
      `${path}/R/delivery`,
      token,
      { outcome: "kept", delivered_on: day(-21) },
      {
        externalId: "C-API",
        expectationId: "R",
      },
    );
    expect(delivered.status).toBe(200);
    expect(
      (
        await upsert({
          external_id: "I",
          title: "Install",
          importance: 2,
          due_date: day(-5),
          outcome: "late",
          delivered_on: day(-2),
        })
      ).status,
    ).toBe(201);

    // --- The import: the re-plan comes with the row (original date, new date, its reason).
    const file = [
      "account;id;title;importance;original due date;due date;outcome;delivered on;replan reason;customer notified",
      `C-IMP;S;Sensors;3;${day(-51)};${day(30)};;;Supplier delay;no`,
      `C-IMP;R;Report;1;;${day(-20)};kept;${day(-21)};;`,
      `C-IMP;I;Install;2;;${day(-5)};late;${day(-2)};;`,
    ].join("\n");
    const job = await runImport(kam, "expectations", file);
    expect(job).toMatchObject({ status: "done", inserted: 3, rejected: 0 });

    const [form, api, imported] = [await stored(byForm.id), await stored(byApi.id), await stored(byImport.id)];
    expect(api).toEqual(form);
    expect(imported).toEqual(form);

    // And what that is: the silent re-plan did not hide the overdue surprise.
    expect(form.replans).toEqual([
      {
        title: "Sensors",
        from_due_date: day(-51),
        to_due_date: day(30),
        reason: "Supplier delay",
        customer_notified: false,
        replanned_on: today,
        customer_notified_on: null,
      },
    ]);
    expect(form.verdicts).toEqual([
      {
        title: "Install",
        due_date: day(-5),
        verdict: "surprise",
        reason: "late_without_notice",
        promised_date: day(-5),
        days_late: 3,
      },
      {
        title: "Sensors",
        due_date: day(-51),
        verdict: "surprise",
        reason: "overdue",
        promised_date: day(-51),
        days_late: 51,
      },
    ]);
    // Weights: Sensors 3 + Install 2 surprises → 0/5. Report, recorded today
    // for a date 20 days ago and kept, is left out until the customer confirms
    // it (recorded after its date, predictability.ts): no verdict row either.
    expect(form.scores).toEqual({
      predictability: "0.0000",
      predictability_sample: 2,
      predictability_weight: 5,
      predictable_weight: 0,
    });
    expect(form.signals).toEqual([
      { rule: "expectation_overdue", severity: "high", title: "Sensors" },
      { rule: "repeated_surprises", severity: "high", title: "account" },
    ]);
  });
});

describe("the due date moves only by a re-plan, on every path", () => {
  it("refuses the API's plain edit of a due date with a 422 that points to the re-plan", async () => {
    const { token } = await world();
    const path = "/api/v1/accounts/C-API/expectations";
    await call(
      expectationsAction,
      "POST",
      path,
      token,
      { external_id: "S", title: "Sensors", due_date: day(-10) },
      { externalId: "C-API" },
    );
    const moved = await call(
      expectationsAction,
      "PUT",
      path,
      token,
      { external_id: "S", title: "Sensors", due_date: day(20) },
      { externalId: "C-API" },
    );
    expect(moved.status).toBe(422);
    expect(moved.json.errors).toEqual([
      {
        field: "due_date",
        reason: expect.stringContaining("POST /api/v1/accounts/C-API/expectations/S/replans"),
      },
    ]);
    const row = await db()
      .selectFrom("expectations")
      .select("due_date")
      .where("external_id", "=", "S")
      .executeTakeFirstOrThrow();
    expect(row.due_date).toBe(day(-10));
    // Sending the stored date again is no move.
    const same = await call(
      expectationsAction,
      "PUT",
      path,
      token,
      { external_id: "S", title: "Sensors", due_date: day(-10) },
      { externalId: "C-API" },
    );
    expect(same.status).toBe(200);
  });

  it("refuses an import row that moves a due date without its re-plan, and records one that carries it", async () => {
    const { kam, byImport } = await world();
    await runImport(kam, "expectations", ["account;id;title;due date", `C-IMP;S;Sensors;${day(-10)}`].join("\n"));
    const silent = await runImport(
      kam,
      "expectations",
      ["account;id;title;due date", `C-IMP;S;Sensors;${day(20)}`].join("\n"),
    );
    expect(silent).toMatchObject({ status: "rejected", rejected: 1 });
    expect(silent.errors).toEqual([
      expect.objectContaining({ field: "due_date", reason: expect.stringContaining("moves only by a re-plan") }),
    ]);
    // A past re-plan, told in time: brought in with its real days.
    const told = await runImport(
      kam,
      "expectations",
      [
        "account;id;title;due date;replan reason;replanned on;customer notified on",
        `C-IMP;S;Sensors;${day(20)};Parts late;${day(-14)};${day(-13)}`,
      ].join("\n"),
    );
    expect(told).toMatchObject({ status: "done", updated: 1 });
    const replan = await db()
      .selectFrom("expectation_changes")
      .select(["from_due_date", "to_due_date", "customer_notified", "replanned_on", "customer_notified_on"])
      .where("account_id", "=", byImport.id)
      .where("kind", "=", "replanned")
      .executeTakeFirstOrThrow();
    expect(replan).toEqual({
      from_due_date: day(-10),
      to_due_date: day(20),
      customer_notified: true,
      replanned_on: day(-14),
      customer_notified_on: day(-13),
    });
    // Told before the date the customer expected, by the import's word alone:
    // until the customer confirms it (or the contest period runs) the date they
    // expected stays the promise, passed: a surprise (app/domain/notice.ts).
    const sample = async () =>
      (await db().selectFrom("account_scores").select(["predictability_sample"]).where("account_id", "=", byImport.id).executeTakeFirstOrThrow())
        .predictability_sample;
    expect(await sample()).toBe(1);
    // Confirmed: not a surprise, not due yet.
    await confirmNotices(byImport.id);
    expect(await sample()).toBe(0);
  });

  it("refuses on the API and in the import what the forms refuse about a delivery's dates and its holder", async () => {
    const { kam, byApi, token } = await world();
    await createStakeholder(db(), {
      account_id: byApi.id,
      name: "Gus Gone",
      external_id: "P-GONE",
      left_on: "2026-01-31",
    });
    const path = "/api/v1/accounts/C-API/expectations";
    const post = (body: object) => call(expectationsAction, "POST", path, token, body, { externalId: "C-API" });
    const keptLate = await post({
      external_id: "A",
      title: "A",
      due_date: day(-10),
      outcome: "kept",
      delivered_on: day(-5),
    });
    expect(keptLate.status).toBe(422);
    expect(keptLate.json.errors).toEqual([
      { field: "delivered_on", reason: expect.stringContaining("record it as late") },
    ]);
    const lateEarly = await post({
      external_id: "B",
      title: "B",
      due_date: day(-10),
      outcome: "late",
      delivered_on: day(-10),
    });
    expect(lateEarly.json.errors).toEqual([
      { field: "delivered_on", reason: expect.stringContaining("that was kept, not late") },
    ]);
    const future = await post({
      external_id: "C",
      title: "C",
      due_date: day(10),
      outcome: "exceeded",
      delivered_on: day(1),
    });
    expect(future.json.errors).toEqual([
      { field: "delivered_on", reason: expect.stringContaining("cannot be in the future") },
    ]);
    const gone = await post({ external_id: "D", title: "D", due_date: day(10), holder: "P-GONE" });
    expect(gone.json.errors).toEqual([{ field: "holder", reason: expect.stringContaining("has left") }]);

    const file = [
      "account;id;title;due date;outcome;delivered on;holder",
      `C-API;A;A;${day(-10)};kept;${day(-5)};`,
      `C-API;B;B;${day(-10)};late;${day(-10)};`,
      `C-API;C;C;${day(10)};exceeded;${day(1)};`,
      `C-API;D;D;${day(10)};;;P-GONE`,
    ].join("\n");
    const job = await runImport(kam, "expectations", file, { mode: "valid_rows" });
    expect(job).toMatchObject({ inserted: 0, rejected: 4 });
    expect(job.errors.map((e) => e.field)).toEqual(["delivered_on", "delivered_on", "delivered_on", "holder"]);
  });

  it("records a past re-plan through the API with its days, and refuses one dated before the last", async () => {
    const { token } = await world();
    const path = "/api/v1/accounts/C-API/expectations";
    await call(
      expectationsAction,
      "POST",
      path,
      token,
      { external_id: "S", title: "Sensors", due_date: day(-10) },
      { externalId: "C-API" },
    );
    const replan = (body: object) =>
      call(replanAction, "POST", `${path}/S/replans`, token, body, { externalId: "C-API", expectationId: "S" });
    const first = await replan({
      due_date: day(5),
      reason: "Parts",
      replanned_on: day(-20),
      customer_notified_on: day(-19),
    });
    expect(first.status).toBe(201);
    expect(first.json.replan).toMatchObject({
      replanned_on: day(-20),
      customer_notified: true,
      customer_notified_on: day(-19),
    });
    expect(first.json.data).toMatchObject({ due_date: day(5), original_due_date: day(-10), status: "open" });
    const earlier = await replan({ due_date: day(9), reason: "Again", replanned_on: day(-25) });
    expect(earlier.status).toBe(422);
    expect(earlier.json.errors).toEqual([
      { field: "replanned_on", reason: expect.stringContaining("cannot be dated earlier") },
    ]);
    const missing = await call(
      replanAction,
      "POST",
      `${path}/NOPE/replans`,
      token,
      { due_date: day(9), reason: "x" },
      {
        externalId: "C-API",
        expectationId: "NOPE",
      },
    );
    expect(missing.status).toBe(404);
  });
});

describe("survey answers through the API", () => {
  it("records an NPS answer given elsewhere with its day and source, and NPS counts it", async () => {
    const { byApi, token } = await world();
    await createStakeholder(db(), { account_id: byApi.id, name: "Pia Promoter", external_id: "P-1" });
    const path = "/api/v1/accounts/C-API/survey-answers";
    const body = {
      external_id: "Q-77",
      stakeholder: "P-1",
      kind: "nps",
      score: 9,
      comment: "Reliable",
      answered_at: day(-200),
      source: "survey_tool",
      source_name: "Questback",
    };
    const created = await call(answersAction, "POST", path, token, body, { externalId: "C-API" });
    expect(created.status).toBe(201);
    expect(created.json.data).toMatchObject({
      external_id: "Q-77",
      stakeholder: "P-1",
      kind: "nps",
      score: 9,
      source: "survey_tool",
      source_name: "Questback",
    });
    expect(created.json.data.answered_at.slice(0, 10)).toBe(day(-200));
    expect((await call(answersAction, "PUT", path, token, body, { externalId: "C-API" })).json.status).toBe(
      "unchanged",
    );
    const scores = await db()
      .selectFrom("account_scores")
      .select(["nps", "nps_respondents"])
      .where("account_id", "=", byApi.id)
      .executeTakeFirstOrThrow();
    expect(scores).toEqual({ nps: 100, nps_respondents: 1 });
    const list = await call(answersLoader, "GET", path, token, undefined, { externalId: "C-API" });
    expect(list.json.data).toHaveLength(1);

    const csat = await call(
      answersAction,
      "POST",
      path,
      token,
      { ...body, external_id: "Q-78", kind: "csat", score: 9 },
      { externalId: "C-API" },
    );
    expect(csat.status).toBe(422);
    const future = await call(
      answersAction,
      "POST",
      path,
      token,
      { ...body, external_id: "Q-79", answered_at: day(3) },
      { externalId: "C-API" },
    );
    expect(future.status).toBe(422);
  });
});

describe("several re-plans of one expectation in one import file", () => {
  // Due 60 days ago; re-planned 70 days ago with notice to 30 days ago; that date passed,
  // and 20 days ago it was re-planned again to 20 days ahead without notice: a surprise.
  const header = "account;id;title;original due date;due date;replan reason;replanned on;customer notified;customer notified on";
  const rows = (account: string) => [
    `${account};E-88;Pilot go-live;${day(-60)};${day(-30)};Supplier delay;${day(-70)};yes;${day(-70)}`,
    `${account};E-88;Pilot go-live;${day(-60)};${day(20)};Testing took longer;${day(-20)};no;`,
  ];

  for (const batchSize of [1000, 1]) {
    it(`records each in its history in the order made and judges them as the API does (rows per chunk: ${batchSize})`, async () => {
      const { kam, byApi, byImport, token } = await world();
      const job = await runImport(kam, "expectations", [header, ...rows("C-IMP")].join("\n"), { run: { batchSize } });
      expect(job).toMatchObject({ status: "done", inserted: 1, updated: 1, rejected: 0 });

      // The same history through the API: created at its original date, then two past re-plans.
      const path = "/api/v1/accounts/C-API/expectations";
      expect((await call(expectationsAction, "POST", path, token, { external_id: "E-88", title: "Pilot go-live", due_date: day(-60) }, { externalId: "C-API" })).status).toBe(201);
      const replan = (body: Record<string, unknown>) =>
        call(replanAction, "POST", `${path}/E-88/replans`, token, body, { externalId: "C-API", expectationId: "E-88" });
      expect((await replan({ due_date: day(-30), reason: "Supplier delay", replanned_on: day(-70), customer_notified: true, customer_notified_on: day(-70) })).status).toBe(201);
      expect((await replan({ due_date: day(20), reason: "Testing took longer", replanned_on: day(-20), customer_notified: false })).status).toBe(201);

      const [api, imported] = [await stored(byApi.id), await stored(byImport.id)];
      expect(imported).toEqual(api);
      expect(imported.replans.map((r) => [r.from_due_date, r.to_due_date, r.replanned_on, r.customer_notified])).toEqual([
        [day(-60), day(-30), day(-70), true],
        [day(-30), day(20), day(-20), false],
      ]);
      // The first notice is only the KAM's word until the customer confirms it
      // (app/domain/notice.ts): the promise stays the original date, passed: a surprise.
      expect(imported.verdicts).toEqual([
        expect.objectContaining({ title: "Pilot go-live", verdict: "surprise", reason: "overdue", promised_date: day(-60) }),
      ]);
      // Told in time the first time, not the second: once the customer confirms, the promise is the first new date, passed: still a surprise.
      await confirmNotices(byImport.id);
      const [e] = await db().selectFrom("expectations").select(["due_date", "promised_date"]).where("account_id", "=", byImport.id).execute();
      expect(e).toEqual({ due_date: day(20), promised_date: day(-30) });
      const settled = await stored(byImport.id);
      expect(settled.verdicts).toEqual([
        expect.objectContaining({ title: "Pilot go-live", verdict: "surprise", reason: "overdue", promised_date: day(-30) }),
      ]);

      // The history in the order the re-plans were made.
      const history = await db()
        .selectFrom("expectation_changes")
        .select(["kind", "to_due_date"])
        .where("account_id", "=", byImport.id)
        .where("kind", "=", "replanned")
        .orderBy("at")
        .orderBy("id")
        .execute();
      expect(history.map((h) => h.to_due_date)).toEqual([day(-30), day(20)]);

      // The same file again changes nothing, and adds nothing to the history.
      const again = await runImport(kam, "expectations", [header, ...rows("C-IMP")].join("\n"), { run: { batchSize } });
      expect(again).toMatchObject({ status: "done", inserted: 0, updated: 0, unchanged: 2, rejected: 0 });
      expect(await stored(byImport.id)).toEqual(settled);
    });
  }

  it("says on the row what is wrong: re-plans out of order, or a further row that is no re-plan", async () => {
    const { kam, byImport } = await world();
    const [first, second] = rows("C-IMP") as [string, string];
    const reversed = await runImport(kam, "expectations", [header, second, first].join("\n"));
    expect(reversed).toMatchObject({ status: "rejected" });
    expect(reversed.errors).toContainEqual(
      expect.objectContaining({
        line: 3,
        field: "replanned_on",
        reason: `Rows of one expectation go in the order its re-plans were made: this re-plan is dated before the one on line 2 (${day(-20)}).`,
      }),
    );
    const twice = await runImport(kam, "expectations", [header, first, first.replace("Pilot go-live", "Pilot renamed")].join("\n"));
    expect(twice).toMatchObject({ status: "rejected", rejected: 1 });
    expect(twice.errors).toEqual([
      expect.objectContaining({ line: 3, field: "external_id", reason: expect.stringContaining("Line 2 already has this expectation") }),
    ]);
    // Nothing was written (all or nothing).
    expect(await db().selectFrom("expectations").select("id").where("account_id", "=", byImport.id).execute()).toEqual([]);
  });

  it("imports the example the import page shows", async () => {
    const { REPLANS_EXAMPLE } = await import("#app/routes/_app.import._index.tsx");
    const { kam } = await world();
    const account = await createAccount(db(), { owner_id: kam.id, name: "Example Oy", external_id: "C-1001" });
    const job = await runImport(kam, "expectations", REPLANS_EXAMPLE);
    expect(job).toMatchObject({ status: "done", inserted: 1, updated: 1, rejected: 0 });
    const replans = await db().selectFrom("expectation_changes").select("to_due_date").where("account_id", "=", account.id).where("kind", "=", "replanned").execute();
    expect(replans).toHaveLength(2);
  });
});

describe("survey answers through the CSV import", () => {
  const answers = [
    { external_id: "Q-1", stakeholder: "P-1", kind: "nps", score: 9, comment: "Reliable", answered_at: day(-400), source: "survey_tool", source_name: "Questback" },
    { external_id: "Q-2", stakeholder: "P-2", kind: "nps", score: 3, comment: "Invoices, again", answered_at: day(-30), source: "interview", source_name: "" },
    { external_id: "Q-3", stakeholder: "P-2", kind: "csat", score: 4, comment: "", answered_at: day(-5), source: "other", source_name: "Phone" },
  ];
  const storedAnswers = async (accountId: string) => {
    const rows = await db()
      .selectFrom("survey_responses as r")
      .innerJoin("stakeholders as s", "s.id", "r.stakeholder_id")
      .select(["r.external_id", "s.external_id as stakeholder", "r.kind", "r.score", "r.comment", "r.answered_at", "r.source", "r.source_name"])
      .where("r.account_id", "=", accountId)
      .orderBy("r.external_id")
      .execute();
    const scores = await db()
      .selectFrom("account_scores")
      .select(["nps", "nps_respondents"])
      .where("account_id", "=", accountId)
      .executeTakeFirstOrThrow();
    return { rows: rows.map((r) => ({ ...r, answered_at: new Date(r.answered_at).toISOString() })), scores };
  };

  it("stores the same answers, days, sources and NPS as the API, and refuses what the API refuses for the same reason", async () => {
    const { admin, byApi, byImport, token } = await world();
    for (const account of [byApi, byImport]) {
      await createStakeholder(db(), { account_id: account.id, name: "Pia Promoter", external_id: "P-1" });
      await createStakeholder(db(), { account_id: account.id, name: "Dan Detractor", external_id: "P-2" });
    }
    for (const body of answers) {
      const res = await call(answersAction, "POST", "/api/v1/accounts/C-API/survey-answers", token, body, { externalId: "C-API" });
      expect(res.status).toBe(201);
    }
    const file = [
      "account;external_id;stakeholder;kind;score;comment;answered_at;source;source_name",
      ...answers.map((a) => ["C-IMP", a.external_id, a.stakeholder, a.kind, a.score, a.comment, a.answered_at, a.source, a.source_name].join(";")),
    ].join("\n");
    const job = await runImport(admin, "survey_answers", file);
    expect(job).toMatchObject({ status: "done", inserted: 3, rejected: 0 });
    const [api, imported] = [await storedAnswers(byApi.id), await storedAnswers(byImport.id)];
    expect(imported).toEqual(api);
    // The answers keep the day they were given, 400 days ago included; NPS counts them at once.
    expect(imported.rows[0]!.answered_at.slice(0, 10)).toBe(day(-400));
    expect(imported.scores.nps_respondents).toBeGreaterThan(0);
    // The import's audit event names the account.
    const audit = await db().selectFrom("audit_events").select(["entity", "account_id"]).where("entity", "=", "import_job").execute();
    expect(audit).toEqual([{ entity: "import_job", account_id: byImport.id }]);

    // The same file again changes nothing.
    expect(await runImport(admin, "survey_answers", file)).toMatchObject({ status: "done", inserted: 0, updated: 0, unchanged: 3 });

    // What the API refuses, the import refuses, with the same words at the same field.
    const bad = [
      { ...answers[0]!, external_id: "Q-9", kind: "csat", score: 9 },
      { ...answers[0]!, external_id: "Q-10", answered_at: day(3) },
      { ...answers[0]!, external_id: "Q-11", stakeholder: "NOBODY" },
    ];
    const apiReasons = [];
    for (const body of bad) {
      const res = await call(answersAction, "POST", "/api/v1/accounts/C-API/survey-answers", token, body, { externalId: "C-API" });
      expect(res.status).toBe(422);
      apiReasons.push(res.json.errors);
    }
    const refused = await runImport(
      admin,
      "survey_answers",
      [
        "account;external_id;stakeholder;kind;score;answered_at",
        ...bad.map((a) => ["C-IMP", a.external_id, a.stakeholder, a.kind, a.score, a.answered_at].join(";")),
      ].join("\n"),
    );
    expect(refused).toMatchObject({ status: "rejected", rejected: 3 });
    expect(refused.errors.map((e) => [e.field, e.reason])).toEqual([
      ["score", "A CSAT score is a whole number from 1 to 5."],
      ["answered_at", "An answer cannot be dated in the future: it has been given."],
      ["stakeholder", "No stakeholder of this account has the external id NOBODY."],
    ]);
    // The API's own schema words the csat range; its rules give the same reason for a date and a person.
    expect(apiReasons[1]).toEqual([{ field: "answered_at", reason: "An answer cannot be dated in the future: it has been given." }]);
    expect(apiReasons[2]).toEqual([{ field: "stakeholder", reason: "No stakeholder of this account has the external id NOBODY." }]);
    expect((await storedAnswers(byImport.id)).rows).toHaveLength(3);
  });

  it("imports the example the import page shows", async () => {
    const { SURVEY_ANSWERS_EXAMPLE } = await import("#app/routes/_app.import._index.tsx");
    const { kam, admin } = await world();
    const account = await createAccount(db(), { owner_id: kam.id, name: "Example Oy", external_id: "C-1001" });
    await createStakeholder(db(), { account_id: account.id, name: "Pia", external_id: "P-204" });
    await createStakeholder(db(), { account_id: account.id, name: "Dan", external_id: "P-311" });
    const job = await runImport(admin, "survey_answers", SURVEY_ANSWERS_EXAMPLE);
    expect(job).toMatchObject({ status: "done", inserted: 2, rejected: 0 });
  });
});

describe("the re-plan form", () => {
  it("puts a refused re-plan's message next to its field, in English and in Finnish", async () => {
    const { byForm } = await world();
    const { createExpectation } = await import("#tests/factories/index.ts");
    const e = await createExpectation(db(), { account_id: byForm.id, due_date: day(-3) });
    const owner = (
      await db().selectFrom("accounts").select("owner_id").where("id", "=", byForm.id).executeTakeFirstOrThrow()
    ).owner_id;
    const replan = async (locale: "en" | "fi", fields: Record<string, string>) => {
      const cookie = `${await sessionCookieFor(owner)}; ${await localeCookieFor(locale)}`;
      const res = await run(detailAction, formRequest(`/accounts/${byForm.id}/expectations/${e.id}`, fields, cookie), {
        accountId: byForm.id,
        expectationId: e.id,
      });
      expect(statusOf(res)).toBe(400);
      return (res.value as { data: { result: { error: Record<string, string[]> } } }).data.result.error;
    };
    const backdated = { intent: "replan", version: "1", due_date: day(-1), reason: "Late parts" };
    expect((await replan("en", backdated)).due_date).toEqual([
      expect.stringContaining("cannot be before"),
    ]);
    expect((await replan("fi", backdated)).due_date).toEqual([
      expect.stringContaining("ei voi olla ennen"),
    ]);
    const toldTomorrow = {
      intent: "replan",
      version: "1",
      due_date: day(10),
      reason: "Late parts",
      customer_notified_on: day(1),
    };
    expect((await replan("en", toldTomorrow)).customer_notified_on).toEqual([
      "The day the customer was told cannot be in the future.",
    ]);
    expect((await replan("fi", toldTomorrow)).customer_notified_on).toEqual([
      "Päivä, jona asiakkaalle kerrottiin, ei voi olla tulevaisuudessa.",
    ]);
  });
});

describe("a dispute of an early delivery", () => {
  it("is a surprise at once and reaches the KAM with its reason on My work", async () => {
    const { kam, byForm } = await world();
    const { createExpectation } = await import("#tests/factories/index.ts");
    const { respondToDelivery } = await import("#app/models/portal-actions.server.ts");
    const { refreshAccountScores } = await import("#app/models/scores.server.ts");
    const { loader: myWorkLoader } = await import("#app/routes/_app.my-work.tsx");
    const person = await createStakeholder(db(), { account_id: byForm.id, name: "Pia Portal" });
    const customer = await createUser(db(), { role: "customer", name: "Pia Portal" });
    // Due in two months, delivered early (two days ago), then disputed.
    const e = await createExpectation(db(), {
      account_id: byForm.id,
      title: "Driver app rollout",
      due_date: day(60),
      status: "resolved",
      outcome: "kept",
      delivered_on: day(-2),
    });
    await db()
      .transaction()
      .execute(async (trx) => {
        await respondToDelivery(
          trx,
          { userId: customer.id, accountId: byForm.id, stakeholderId: person.id },
          {
            expectation_id: e.id,
            version: e.version,
            response: "disputed_not_delivered",
            comment: "The app never reached our drivers.",
          },
        );
        await refreshAccountScores(trx, byForm.id);
      });
    const verdict = await db()
      .selectFrom("expectation_verdicts")
      .select(["verdict", "reason", "due_date"])
      .where("expectation_id", "=", e.id)
      .executeTakeFirstOrThrow();
    expect(verdict).toEqual({ verdict: "surprise", reason: "disputed", due_date: day(-2) });
    const signal = await db()
      .selectFrom("risk_signals")
      .select(["rule", "severity"])
      .where("evidence_id", "=", e.id)
      .where("resolved_at", "is", null)
      .execute();
    expect(signal).toEqual([{ rule: "delivery_disputed", severity: "high" }]);

    const page = await run(myWorkLoader, request("/my-work", { cookie: await sessionCookieFor(kam.id) }));
    const { inbox } = page.value as {
      inbox: { kind: string; sourceId: string; title: string; details: Record<string, unknown> }[];
    };
    // At the top of the KAM's inbox, as the customer's dispute (its signal is not a second item).
    expect(inbox[0]).toEqual(
      expect.objectContaining({
        kind: "customer_dispute",
        sourceId: e.id,
        title: "Driver app rollout",
        details: expect.objectContaining({ response: "disputed_not_delivered", comment: "The app never reached our drivers." }),
      }),
    );
    expect(inbox.filter((i) => i.sourceId === e.id || i.details.evidenceId === e.id)).toHaveLength(1);
  });
});
