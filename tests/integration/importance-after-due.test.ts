import { beforeEach, describe, expect, it } from "vitest";
import { addDays } from "#app/domain/dates.ts";
import { calendarDate } from "#app/domain/time.ts";
import { refreshAccountScores } from "#app/models/scores.server.ts";
import { action as detailAction } from "#app/routes/_app.accounts.$accountId_.expectations.$expectationId.tsx";
import { action as expectationsAction } from "#app/routes/api.v1.accounts.$externalId.expectations.ts";
import { apiRateLimit } from "#app/web/api.server.ts";
import { db } from "#app/utils/db.server.ts";
import { createAccount, createExpectation, createUser, createPersonalToken } from "#tests/factories/index.ts";
import { runImport } from "#tests/factories/imports.ts";
import { apiCall, formRequest, localeCookieFor, run, sessionCookieFor, statusOf } from "#tests/setup/requests.ts";

// Importance is the weight a promise is judged at (docs/scoring.md,
// app/domain/expectation-rules.ts): once an expectation came due for the
// customer or was resolved, no path lowers it — not the form, the API or the
// import. Raising it stays allowed: it can only make the figure worse.

const today = calendarDate();
const day = (n: number) => addDays(today, n);
const NOT_LOWERED =
  "Importance can't be lowered once the customer's date has passed or the expectation is resolved: the promise was judged at this weight. It may still be raised.";

beforeEach(() => apiRateLimit.reset());

/** An account with one overdue importance-3 promise and one kept importance-3 promise, scored. */
async function world() {
  const kam = await createUser(db(), { role: "kam", name: "Kaisa Kam" });
  const account = await createAccount(db(), { owner_id: kam.id, name: "Acme Oy", external_id: "C-1" });
  const overdue = await createExpectation(db(), {
    account_id: account.id,
    external_id: "E-1",
    title: "Root-cause report",
    importance: 3,
    due_date: day(-40),
    owner_id: kam.id,
  });
  const kept = await createExpectation(db(), {
    account_id: account.id,
    external_id: "E-2",
    title: "Kickoff",
    importance: 3,
    due_date: day(-50),
    status: "resolved",
    outcome: "kept",
    delivered_on: day(-50),
  });
  await db()
    .transaction()
    .execute((trx) => refreshAccountScores(trx, account.id));
  return { kam, account, overdue, kept };
}

/** The figures the importance weighs in: predictability and the open overdue signal. */
async function figures(accountId: string) {
  const score = await db()
    .selectFrom("account_scores")
    .select(["predictability", "predictability_sample", "predictability_weight", "predictable_weight"])
    .where("account_id", "=", accountId)
    .executeTakeFirstOrThrow();
  const signals = await db()
    .selectFrom("risk_signals")
    .select(["rule", "severity"])
    .where("account_id", "=", accountId)
    .where("rule", "=", "expectation_overdue")
    .where("resolved_at", "is", null)
    .execute();
  const importance = await db()
    .selectFrom("expectations")
    .select(["external_id", "importance", "version"])
    .where("account_id", "=", accountId)
    .orderBy("external_id")
    .execute();
  return { score: { ...score, predictability: Number(score.predictability) }, signals, importance };
}

describe("the expectation edit form and a lower importance", () => {
  const edit = (
    kam: { id: string },
    account: { id: string },
    e: { id: string; title: string; version: number },
    importance: string,
    locale: "en" | "fi" = "en",
  ) =>
    (async () => {
      const cookie = `${await sessionCookieFor(kam.id)}; ${await localeCookieFor(locale)}`;
      const fields = {
        intent: "edit",
        version: String(e.version),
        title: e.title,
        description: "",
        category: "delivery",
        source: "contract",
        importance,
        owner_id: kam.id,
      };
      return run(detailAction, formRequest(`/accounts/${account.id}/expectations/${e.id}`, fields, cookie), {
        accountId: account.id,
        expectationId: e.id,
      });
    })();
  type Reply = { data: { result: { error: Record<string, string[]>; initialValue: Record<string, string> } } };

  it("refuses lowering an overdue promise next to the field, keeps what was typed, and the figures stay", async () => {
    const { kam, account, overdue } = await world();
    const before = await figures(account.id);
    expect(before.score).toMatchObject({ predictability: 0.5, predictability_sample: 2 });
    expect(before.signals).toEqual([{ rule: "expectation_overdue", severity: "high" }]);

    const res = await edit(kam, account, overdue, "1");
    expect(statusOf(res)).toBe(400);
    const { result } = (res.value as Reply).data;
    expect(result.error).toEqual({ importance: [NOT_LOWERED] });
    expect(result.initialValue).toMatchObject({ importance: "1", title: "Root-cause report" });
    const fi = await edit(kam, account, overdue, "2", "fi");
    expect((fi.value as Reply).data.result.error.importance).toEqual([
      expect.stringContaining("Tärkeyttä ei voi laskea"),
    ]);
    expect(await figures(account.id)).toEqual(before);
  });

  it("refuses lowering a resolved one, and raises either", async () => {
    const { kam, account, overdue, kept } = await world();
    expect(await edit(kam, account, kept, "2").then((r) => (r.value as Reply).data.result.error)).toEqual({
      importance: [NOT_LOWERED],
    });
    const low = await createExpectation(db(), {
      account_id: account.id,
      external_id: "E-3",
      title: "Spare parts list",
      importance: 1,
      due_date: day(-3),
      owner_id: kam.id,
    });
    expect(statusOf(await edit(kam, account, low, "3"))).toBe(302);
    expect(statusOf(await edit(kam, account, overdue, "3"))).toBe(302);
    expect((await figures(account.id)).importance.map((e) => [e.external_id, e.importance])).toEqual([
      ["E-1", 3],
      ["E-2", 3],
      ["E-3", 3],
    ]);
  });

  it("refuses lowering one delivered early and reopened, though its date has not come: reopening is no way round", async () => {
    const { kam, account } = await world();
    const early = await createExpectation(db(), {
      account_id: account.id,
      external_id: "E-4",
      title: "Migration plan",
      importance: 3,
      due_date: day(10),
      owner_id: kam.id,
    });
    const cookie = await sessionCookieFor(kam.id);
    const post = async (fields: Record<string, string>) => {
      const { version } = await db()
        .selectFrom("expectations")
        .select("version")
        .where("id", "=", early.id)
        .executeTakeFirstOrThrow();
      return run(
        detailAction,
        formRequest(
          `/accounts/${account.id}/expectations/${early.id}`,
          { version: String(version), ...fields },
          cookie,
        ),
        {
          accountId: account.id,
          expectationId: early.id,
        },
      );
    };
    expect(statusOf(await post({ intent: "deliver", outcome: "missed", delivery_note: "" }))).toBe(302);
    expect(statusOf(await post({ intent: "reopen", reason: "Recorded too early" }))).toBe(302);
    const reopened = await db()
      .selectFrom("expectations")
      .select(["status", "version"])
      .where("id", "=", early.id)
      .executeTakeFirstOrThrow();
    expect(reopened.status).toBe("open");
    const refused = await edit(kam, account, { ...early, version: reopened.version }, "1");
    expect((refused.value as Reply).data.result.error).toEqual({ importance: [NOT_LOWERED] });
    // Raising it stays allowed.
    expect(statusOf(await edit(kam, account, { ...early, version: reopened.version }, "3"))).toBe(302);
    const stored = await db()
      .selectFrom("expectations")
      .select("importance")
      .where("id", "=", early.id)
      .executeTakeFirstOrThrow();
    expect(stored.importance).toBe(3);
  });

  it("lowers one due today or later: the customer's date has not passed", async () => {
    const { kam, account } = await world();
    const dueToday = await createExpectation(db(), {
      account_id: account.id,
      external_id: "E-4",
      title: "Training plan",
      importance: 3,
      due_date: today,
      owner_id: kam.id,
    });
    expect(statusOf(await edit(kam, account, dueToday, "1"))).toBe(302);
    const later = await createExpectation(db(), {
      account_id: account.id,
      external_id: "E-5",
      title: "Roadmap",
      importance: 3,
      due_date: day(20),
      owner_id: kam.id,
    });
    expect(statusOf(await edit(kam, account, later, "2"))).toBe(302);
  });
});

describe("the import and the API and a lower importance", () => {
  it("refuse the row or request with the same message; raising and repeating pass", async () => {
    const { kam, account } = await world();
    const before = await figures(account.id);
    const file = (...rows: string[]) => ["account;id;title;due date;importance", ...rows].join("\n");
    const lowered = await runImport(
      kam,
      "expectations",
      file(`C-1;E-1;Root-cause report;${day(-40)};1`, `C-1;E-2;Kickoff;${day(-50)};2`),
      { mode: "valid_rows" },
    );
    expect(lowered).toMatchObject({ status: "done", updated: 0, rejected: 2 });
    expect(lowered.errors.map((e) => ({ line: e.line, field: e.field, reason: e.reason }))).toEqual([
      { line: 2, field: "importance", reason: NOT_LOWERED },
      { line: 3, field: "importance", reason: NOT_LOWERED },
    ]);
    // An empty importance cell writes the default 2: that lowers it too.
    const blank = await runImport(kam, "expectations", file(`C-1;E-1;Root-cause report;${day(-40)};`), {
      mode: "valid_rows",
    });
    expect(blank.errors).toEqual([expect.objectContaining({ field: "importance", reason: NOT_LOWERED })]);
    const same = await runImport(kam, "expectations", file(`C-1;E-1;Root-cause report;${day(-40)};3`));
    expect(same).toMatchObject({ status: "done", unchanged: 1, rejected: 0 });
    expect(await figures(account.id)).toEqual(before);

    const token = await createPersonalToken(kam);
    const put = async (body: Record<string, unknown>) => {
      const { status, json } = await apiCall(
        expectationsAction,
        "PUT",
        "/api/v1/accounts/C-1/expectations",
        token,
        body,
        {
          externalId: "C-1",
        },
      );
      return { status, json };
    };
    expect(
      await put({ external_id: "E-1", title: "Root-cause report", due_date: day(-40), importance: 1 }),
    ).toMatchObject({
      status: 422,
      json: { errors: [{ field: "importance", reason: NOT_LOWERED }] },
    });
    expect(await figures(account.id)).toEqual(before);

    // Raising it is allowed everywhere: an importance-1 promise now overdue becomes 3.
    await createExpectation(db(), {
      account_id: account.id,
      external_id: "E-3",
      title: "Spare parts list",
      importance: 1,
      due_date: day(-3),
    });
    expect(await runImport(kam, "expectations", file(`C-1;E-3;Spare parts list;${day(-3)};2`))).toMatchObject({
      updated: 1,
      rejected: 0,
    });
    expect(
      (await put({ external_id: "E-3", title: "Spare parts list", due_date: day(-3), importance: 3 })).status,
    ).toBe(200);
    // Not yet due: lowered freely.
    await createExpectation(db(), {
      account_id: account.id,
      external_id: "E-4",
      title: "Roadmap",
      importance: 3,
      due_date: day(10),
    });
    expect((await put({ external_id: "E-4", title: "Roadmap", due_date: day(10), importance: 1 })).status).toBe(200);
    expect((await figures(account.id)).importance.map((e) => [e.external_id, e.importance])).toEqual([
      ["E-1", 3],
      ["E-2", 3],
      ["E-3", 3],
      ["E-4", 1],
    ]);
  });
});
