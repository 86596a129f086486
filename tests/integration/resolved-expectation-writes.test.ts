import { sql } from "kysely";
import { beforeEach, describe, expect, it } from "vitest";
import { addDays } from "#app/domain/dates.ts";
import { calendarDate } from "#app/domain/time.ts";
import { createApiToken } from "#app/models/api-tokens.server.ts";
import { action as detailAction } from "#app/routes/_app.accounts.$accountId_.expectations.$expectationId.tsx";
import { action as expectationsAction } from "#app/routes/api.v1.accounts.$externalId.expectations.ts";
import { action as commitmentsAction } from "#app/routes/portal.commitments.tsx";
import { apiRateLimit } from "#app/web/api.server.ts";
import { db } from "#app/utils/db.server.ts";
import {
  createAccount,
  createExpectation,
  createPortalUser,
  createStakeholder,
  createPersonalToken,
  createUser,
} from "#tests/factories/index.ts";
import { runImport } from "#tests/factories/imports.ts";
import { apiCall, formRequest, run, sessionCookieFor, statusOf } from "#tests/setup/requests.ts";

// Only an open expectation is delivered (docs/scoring.md, app/domain/expectation-rules.ts):
// an import row or an API write may not change what became of one that is
// resolved (its status, outcome, delivery date). The forms refuse it too; the
// way to change it is to reopen it on its page, which its history records.

const today = calendarDate();
const day = (n: number) => addDays(today, n);
const REOPEN_FIRST = expect.stringContaining("is reopened first on its page");

beforeEach(() => apiRateLimit.reset());

const score = (accountId: string) =>
  db()
    .selectFrom("account_scores")
    .select(["predictability", "predictability_sample", "predictability_weight", "predictable_weight"])
    .where("account_id", "=", accountId)
    .executeTakeFirstOrThrow()
    .then((s) => ({ ...s, predictability: s.predictability === null ? null : Number(s.predictability) }));
const ledger = (accountId: string) =>
  db()
    .selectFrom("expectations")
    .select(["external_id", "status", "outcome", "delivered_on", "customer_response", "version"])
    .where("account_id", "=", accountId)
    .orderBy("external_id")
    .execute();

describe("an import row that would re-resolve a resolved expectation", () => {
  it("is refused with the forms' message, and the figures stay as they were", async () => {
    const kam = await createUser(db(), { role: "kam", name: "Kaisa Kam" });
    const account = await createAccount(db(), { owner_id: kam.id, name: "Acme Oy", external_id: "C-100" });
    const champion = await createStakeholder(db(), { account_id: account.id, name: "Chris Champion" });
    const customer = await createPortalUser(db(), account.id, champion.id);
    // Two importance-3 promises, brought in open, due 40 days ago.
    const open = [
      "account;id;title;due date;importance",
      `C-100;E-1;Root-cause report;${day(-40)};3`,
      `C-100;E-2;Steel delivery;${day(-40)};3`,
    ];
    expect(await runImport(kam, "expectations", open.join("\n"))).toMatchObject({ status: "done", inserted: 2 });
    const ids = Object.fromEntries(
      (await db().selectFrom("expectations").select(["id", "external_id"]).execute()).map((e) => [e.external_id, e.id]),
    );
    const cookie = await sessionCookieFor(kam.id);
    const deliver = (ext: string, fields: Record<string, string>) =>
      run(
        detailAction,
        formRequest(
          `/accounts/${account.id}/expectations/${ids[ext]}`,
          { intent: "deliver", version: "1", ...fields },
          cookie,
        ),
        { accountId: account.id, expectationId: ids[ext]! },
      );
    // E-1 recorded missed on the form; E-2 delivered "kept", and the customer says nothing arrived.
    expect(statusOf(await deliver("E-1", { outcome: "missed" }))).toBe(302);
    expect(statusOf(await deliver("E-2", { outcome: "kept", delivered_on: day(-41) }))).toBe(302);
    const answer = {
      intent: "answer",
      expectation_id: ids["E-2"]!,
      version: "2",
      response: "disputed_not_delivered",
      comment: "Nothing arrived",
    };
    expect(
      statusOf(
        await run(
          commitmentsAction,
          formRequest("/portal/commitments", answer, await sessionCookieFor(customer.id)),
          {},
        ),
      ),
    ).toBe(302);
    const before = { score: await score(account.id), ledger: await ledger(account.id) };
    expect(before.score).toMatchObject({ predictability: 0, predictability_sample: 2 });

    // The KAM's file: the missed one "kept" and the disputed one "exceeded", both before they were due.
    const kept = [
      "account;id;title;due date;outcome;delivered on",
      `C-100;E-1;Root-cause report;${day(-40)};kept;${day(-41)}`,
      `C-100;E-2;Steel delivery;${day(-40)};exceeded;${day(-42)}`,
    ];
    const job = await runImport(kam, "expectations", kept.join("\n"), { mode: "valid_rows" });
    expect(job).toMatchObject({ status: "done", updated: 0, rejected: 2 });
    expect(job.errors.map((e) => ({ line: e.line, field: e.field, reason: e.reason }))).toEqual([
      { line: 2, field: "outcome", reason: REOPEN_FIRST },
      { line: 3, field: "outcome", reason: REOPEN_FIRST },
    ]);
    expect({ score: await score(account.id), ledger: await ledger(account.id) }).toEqual(before);

    // Only the delivery date changed, or the outcome cleared (a reopening without its history): refused alike.
    const dateOnly = [
      "account;id;title;due date;outcome;delivered on",
      `C-100;E-2;Steel delivery;${day(-40)};kept;${day(-45)}`,
    ];
    const moved = await runImport(kam, "expectations", dateOnly.join("\n"), { mode: "valid_rows" });
    expect(moved.errors).toEqual([expect.objectContaining({ line: 2, field: "delivered_on", reason: REOPEN_FIRST })]);
    const cleared = ["account;id;title;due date;outcome", `C-100;E-1;Root-cause report;${day(-40)};`];
    const reopened = await runImport(kam, "expectations", cleared.join("\n"), { mode: "valid_rows" });
    expect(reopened.errors).toEqual([expect.objectContaining({ line: 2, field: "outcome", reason: REOPEN_FIRST })]);
    expect({ score: await score(account.id), ledger: await ledger(account.id) }).toEqual(before);

    // Reopened on its page (recorded in its history), a file may resolve it again.
    const reopen = { intent: "reopen", version: "2", reason: "Wrong outcome recorded" };
    expect(
      statusOf(
        await run(detailAction, formRequest(`/accounts/${account.id}/expectations/${ids["E-1"]}`, reopen, cookie), {
          accountId: account.id,
          expectationId: ids["E-1"]!,
        }),
      ),
    ).toBe(302);
    const again = await runImport(kam, "expectations", [kept[0], kept[1]].join("\n"));
    expect(again).toMatchObject({ status: "done", updated: 1, rejected: 0 });
    expect((await ledger(account.id))[0]).toMatchObject({ external_id: "E-1", status: "resolved", outcome: "kept" });
  });

  it("passes a row that repeats the stored outcome and date: the same file imported again changes nothing", async () => {
    const kam = await createUser(db(), { role: "kam" });
    const account = await createAccount(db(), { owner_id: kam.id, external_id: "C-100" });
    const file = [
      "account;id;title;due date;outcome;delivered on;delivery note",
      `C-100;E-1;Monthly report;${day(-30)};kept;${day(-31)};On time`,
      `C-100;E-2;Audit;${day(-30)};missed;;`,
      `C-100;E-3;Workshop;${day(5)};;;`,
    ].join("\n");
    expect(await runImport(kam, "expectations", file)).toMatchObject({ status: "done", inserted: 3, rejected: 0 });
    const stored = { score: await score(account.id), ledger: await ledger(account.id) };
    expect(await runImport(kam, "expectations", file)).toMatchObject({
      status: "done",
      inserted: 0,
      updated: 0,
      unchanged: 3,
      rejected: 0,
    });
    expect({ score: await score(account.id), ledger: await ledger(account.id) }).toEqual(stored);
    // A file without the outcome columns never touches what became of it.
    const titles = ["account;id;title;due date", `C-100;E-1;Monthly report (v2);${day(-30)}`].join("\n");
    expect(await runImport(kam, "expectations", titles)).toMatchObject({ status: "done", updated: 1, rejected: 0 });
    expect((await ledger(account.id))[0]).toMatchObject({
      status: "resolved",
      outcome: "kept",
      delivered_on: day(-31),
    });
  });
});

describe("a historical withdrawal brought in again", () => {
  // Created already withdrawn by an import row or an API write, it has no earlier record to bound
  // its date; the same row or body sent again repeats it, which is no change, not a new withdrawal.
  it("passes the same file imported again and the same API write sent again, a day later", async () => {
    const kam = await createUser(db(), { role: "kam" });
    await createAccount(db(), { owner_id: kam.id, external_id: "C-HIST" });
    const file = [
      "account;id;title;due date;outcome;delivered on;delivery note",
      `C-HIST;OLD;Old promise;${day(-200)};withdrawn;${day(-210)};Agreed then`,
    ].join("\n");
    expect(await runImport(kam, "expectations", file, { mode: "valid_rows" })).toMatchObject({
      inserted: 1,
      rejected: 0,
    });
    // Recorded yesterday, as a nightly import a day later finds it (created_at is not written by the app).
    const recordedYesterday = (externalId: string) =>
      sql`update expectations set created_at = now() - interval '1 day' where external_id = ${externalId}`.execute(
        db(),
      );
    await recordedYesterday("OLD");
    expect(await runImport(kam, "expectations", file, { mode: "valid_rows" })).toMatchObject({
      rejected: 0,
      unchanged: 1,
    });

    const admin = await createUser(db(), { role: "admin" });
    const { token } = await db()
      .transaction()
      .execute((trx) => createApiToken(trx, admin, { name: "ERP", scope: "read_write" }));
    const body = {
      external_id: "E-OLD",
      title: "Old",
      due_date: day(-200),
      outcome: "withdrawn",
      delivered_on: day(-210),
    };
    const put = async () =>
      (
        await apiCall(expectationsAction, "PUT", "/api/v1/accounts/C-HIST/expectations", token, body, {
          externalId: "C-HIST",
        })
      ).status;
    expect(await put()).toBe(201);
    await recordedYesterday("E-OLD");
    expect(await put()).toBe(200);
    const stored = await db()
      .selectFrom("expectations")
      .select(["external_id", "status", "outcome", "delivered_on"])
      .where("external_id", "in", ["OLD", "E-OLD"])
      .orderBy("external_id")
      .execute();
    expect(stored.map((e) => [e.external_id, e.status, e.outcome, e.delivered_on])).toEqual([
      ["E-OLD", "resolved", "withdrawn", day(-210)],
      ["OLD", "resolved", "withdrawn", day(-210)],
    ]);
  });
});

describe("an API write that would re-resolve a resolved expectation", () => {
  it("is refused with 422 and the forms' message, also with the KAM's own token", async () => {
    const kam = await createUser(db(), { role: "kam", name: "Kaisa Kam" });
    const account = await createAccount(db(), { owner_id: kam.id, name: "Acme Oy", external_id: "C-1" });
    await createExpectation(db(), {
      account_id: account.id,
      external_id: "E-1",
      title: "Root-cause report",
      importance: 3,
      due_date: day(-40),
      status: "resolved",
      outcome: "missed",
    });
    const token = await createPersonalToken(kam);
    const put = async (body: Record<string, unknown>) => {
      const { status, json } = await apiCall(
        expectationsAction,
        "PUT",
        "/api/v1/accounts/C-1/expectations",
        token,
        { external_id: "E-1", title: "Root-cause report", due_date: day(-40), ...body },
        {
          externalId: "C-1",
        },
      );
      return { status, json };
    };
    // Scored once by a write that changes nothing about the delivery.
    expect((await put({ description: "Why the line stopped" })).status).toBe(200);
    const before = { score: await score(account.id), ledger: await ledger(account.id) };
    expect(before.score).toMatchObject({ predictability: 0, predictability_sample: 1 });

    expect(await put({ outcome: "kept", delivered_on: day(-41) })).toEqual({
      status: 422,
      json: expect.objectContaining({ errors: [{ field: "outcome", reason: REOPEN_FIRST }] }),
    });
    expect(await put({ outcome: null })).toMatchObject({ status: 422, json: { errors: [{ field: "outcome" }] } });
    expect(await put({ delivered_on: day(-41) })).toMatchObject({
      status: 422,
      json: { errors: [{ field: "delivered_on" }] },
    });
    expect({ score: await score(account.id), ledger: await ledger(account.id) }).toEqual(before);
    // Repeating what is stored is no change.
    expect((await put({ outcome: "missed", delivered_on: null })).status).toBe(200);
    expect({ score: await score(account.id), ledger: await ledger(account.id) }).toEqual(before);
  });
});
