import { describe, expect, it } from "vitest";
import { addDays } from "#app/domain/dates.ts";
import { calendarDate, instantToWallTime, TIME_ZONE } from "#app/domain/time.ts";
import { refreshAccountScores } from "#app/models/scores.server.ts";
import { action as accountAction } from "#app/routes/_app.accounts.$accountId.tsx";
import { action as expectationAction } from "#app/routes/_app.accounts.$accountId_.expectations.$expectationId.tsx";
import { action as logAction } from "#app/routes/_app.accounts.$accountId_.touchpoints.new.tsx";
import { action as risksAction } from "#app/routes/_app.risks.tsx";
import { db } from "#app/utils/db.server.ts";
import { createAccount, createExpectation, createUser } from "#tests/factories/index.ts";
import { formRequest, run, sessionCookieFor, statusOf } from "#tests/setup/requests.ts";

// Tasks made from where the work comes from: a signal (risk inbox, the account's
// signal list), an expectation, and the log form's "next step" (saved with the
// touchpoint in one transaction).

const today = calendarDate();

async function world() {
  const kam = await createUser(db(), { role: "kam", name: "Kaisa KAM" });
  const account = await createAccount(db(), { owner_id: kam.id, name: "Kestilä Oy" });
  const other = await createAccount(db(), { owner_id: kam.id, name: "Muu Oy" });
  const late = await createExpectation(db(), { account_id: account.id, title: "Late report", due_date: addDays(today, -5), importance: 3 });
  await createExpectation(db(), { account_id: other.id, title: "Other late", due_date: addDays(today, -5), importance: 3 });
  await db().transaction().execute(async (trx) => {
    await refreshAccountScores(trx, account.id);
    await refreshAccountScores(trx, other.id);
  });
  const signal = await db().selectFrom("risk_signals").select(["id", "rule"]).where("account_id", "=", account.id).orderBy("id").executeTakeFirstOrThrow();
  const otherSignal = await db().selectFrom("risk_signals").select("id").where("account_id", "=", other.id).executeTakeFirstOrThrow();
  return { kam, account, other, late, signal, otherSignal, cookie: await sessionCookieFor(kam.id) };
}

const tasksOf = (accountId: string) =>
  db().selectFrom("tasks").select(["title", "origin", "signal_id", "expectation_id", "touchpoint_id", "due_on", "visibility"]).where("account_id", "=", accountId).orderBy("created_at").execute();

describe("tasks from their sources", () => {
  it("makes a task from a signal on the risk inbox and on the account page, linked to it; another account's signal is refused", async () => {
    const w = await world();
    const fields = { intent: "createTask", formId: `signal-${w.signal.id}`, accountId: w.account.id, title: "Call about the late report", signal_id: w.signal.id, visibility: "account" };
    expect(statusOf(await run(risksAction, formRequest("/risks", fields, w.cookie), {}))).toBe(302);
    expect(statusOf(await run(accountAction, formRequest(`/accounts/${w.account.id}`, { ...fields, title: "Second" }, w.cookie), { accountId: w.account.id }))).toBe(302);
    expect(await tasksOf(w.account.id)).toMatchObject([
      { title: "Call about the late report", origin: "signal", signal_id: w.signal.id },
      { title: "Second", origin: "signal", signal_id: w.signal.id },
    ]);
    const tampered = await run(risksAction, formRequest("/risks", { ...fields, signal_id: w.otherSignal.id }, w.cookie), {});
    expect(statusOf(tampered)).toBe(400);
    expect(await tasksOf(w.account.id)).toHaveLength(2);
  });

  it("makes a task from an expectation on its page; a title left empty keeps what was typed", async () => {
    const w = await world();
    const url = `/accounts/${w.account.id}/expectations/${w.late.id}`;
    const params = { accountId: w.account.id, expectationId: w.late.id };
    const fields = { intent: "createTask", formId: `expectation-${w.late.id}`, accountId: w.account.id, title: "Send the report", due_on: addDays(today, 2), expectation_id: w.late.id, visibility: "account" };
    const empty = await run(expectationAction, formRequest(url, { ...fields, title: "" }, w.cookie), params);
    expect(statusOf(empty)).toBe(400);
    expect((empty.value as { data: { taskError: { fields: Record<string, string>; values: Record<string, string> } } }).data.taskError.values.due_on).toBe(addDays(today, 2));
    expect(statusOf(await run(expectationAction, formRequest(url, fields, w.cookie), params))).toBe(302);
    expect(await tasksOf(w.account.id)).toMatchObject([{ title: "Send the report", origin: "expectation", expectation_id: w.late.id, due_on: addDays(today, 2) }]);
  });

  it("saves the log form's next step as a task linked to the new touchpoint, in the same transaction", async () => {
    const w = await world();
    const url = `/accounts/${w.account.id}/touchpoints/new`;
    const base = { intent: "create", kind: "meeting", occurred_at: instantToWallTime(new Date(Date.now() - 60_000), TIME_ZONE), title: "Review meeting" };
    // A date without a title is refused beside the title, and nothing is saved.
    const refused = await run(logAction, formRequest(url, { ...base, next_step_due: addDays(today, 7) }, w.cookie), { accountId: w.account.id });
    expect(statusOf(refused)).toBe(400);
    expect(await db().selectFrom("touchpoints").select("id").where("account_id", "=", w.account.id).where("title", "=", "Review meeting").execute()).toEqual([]);
    const saved = await run(logAction, formRequest(url, { ...base, next_step_title: "Send the minutes", next_step_due: addDays(today, 7) }, w.cookie), { accountId: w.account.id });
    expect(statusOf(saved)).toBe(302);
    const tp = await db().selectFrom("touchpoints").select("id").where("account_id", "=", w.account.id).where("title", "=", "Review meeting").executeTakeFirstOrThrow();
    expect(await tasksOf(w.account.id)).toMatchObject([{ title: "Send the minutes", origin: "touchpoint", touchpoint_id: tp.id, due_on: addDays(today, 7), visibility: "account" }]);
    // Without a next step, no task.
    await run(logAction, formRequest(url, { ...base, title: "Plain call" }, w.cookie), { accountId: w.account.id });
    expect(await tasksOf(w.account.id)).toHaveLength(1);
  });
});
