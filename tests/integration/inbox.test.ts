import { describe, expect, it } from "vitest";
import { addDays } from "#app/domain/dates.ts";
import { calendarDate } from "#app/domain/time.ts";
import { acceptProposed } from "#app/models/expectation-changes.server.ts";
import { gatherInbox, handOverInboxItem, markInboxItemDone, snoozeInboxItem } from "#app/models/inbox.server.ts";
import { answerNps, proposeExpectation, rateTouchpoint, respondToDelivery } from "#app/models/portal-actions.server.ts";
import { withPortalWrite } from "#app/models/portal-scope.server.ts";
import { acknowledgeSignal, storeSignals } from "#app/models/risk-signals.server.ts";
import type { RiskSignal } from "#app/domain/risk-rules.ts";
import { kamOverdueExpectations } from "#app/models/portfolio-kam.server.ts";
import { createTask, getTask, listAccountTasks, setTaskState } from "#app/models/tasks.server.ts";
import { action as myWorkAction, loader as myWorkLoader } from "#app/routes/_app.my-work.tsx";
import { loader as appLoader } from "#app/routes/_app.tsx";
import { db } from "#app/utils/db.server.ts";
import { FieldError } from "#app/utils/errors.server.ts";
import { createAccount, createExpectation, createPortalUser, createStakeholder, createTouchpoint, createUser } from "#tests/factories/index.ts";
import { formRequest, request, run, sessionCookieFor, statusOf } from "#tests/setup/requests.ts";

const today = calendarDate();
const day = (n: number) => addDays(today, n);

async function world() {
  const staff = async (role: "kam" | "director", name: string) => {
    const user = await createUser(db(), { role, name });
    return { ...user, role };
  };
  const kam = await staff("kam", "Kaisa KAM");
  const colleague = await staff("kam", "Kalle Colleague");
  const director = await staff("director", "Dora Director");
  const account = await createAccount(db(), { owner_id: kam.id, name: "Kestilä Oy" });
  const theirs = await createAccount(db(), { owner_id: colleague.id, name: "Muu Oy" });
  const person = await createStakeholder(db(), { account_id: account.id, name: "Pirkko Portal" });
  const customer = await createPortalUser(db(), account.id, person.id);
  const actor = { userId: customer.id, accountId: account.id, stakeholderId: person.id };
  return { kam, colleague, director, account, theirs, person, customer, actor };
}

const keysOf = async (user: { id: string; role: "kam" | "director" | "admin" }, now?: Date) =>
  (await gatherInbox(db(), user, { now })).map((i) => `${i.kind}:${i.sourceId}`);

describe("the inbox", () => {
  it("gets an item for each customer action in the portal, in the portal's own transaction, for the account's KAM only", async () => {
    const w = await world();
    // A proposal whose transaction fails leaves nothing behind, in the inbox either.
    await expect(
      withPortalWrite(w.account.id, async (trx) => {
        await proposeExpectation(trx, w.actor, { title: "Rolled back", description: "", category: "delivery", due_date: day(20) }, today);
        throw new Error("the transaction fails");
      }),
    ).rejects.toThrow("the transaction fails");
    expect(await keysOf(w.kam)).toEqual([]);

    const proposed = await withPortalWrite(w.account.id, (trx) =>
      proposeExpectation(trx, w.actor, { title: "Weekly report", description: "Every Monday", category: "communication", due_date: day(20) }, today),
    );
    await withPortalWrite(w.account.id, (trx) => answerNps(trx, w.actor, { score: 2, comment: "Late again" }));
    const delivered = await createExpectation(db(), { account_id: w.account.id, title: "Driver app", due_date: day(-3), status: "resolved", outcome: "kept", delivered_on: day(-4) });
    await withPortalWrite(w.account.id, (trx) =>
      respondToDelivery(trx, w.actor, { expectation_id: delivered.id, version: delivered.version, response: "disputed_not_delivered", comment: "Never arrived" }),
    );
    const meeting = await createTouchpoint(db(), { account_id: w.account.id, title: "Kick-off", shared_with_customer: true, occurred_at: new Date(Date.now() - 86_400_000) });
    await withPortalWrite(w.account.id, (trx) => rateTouchpoint(trx, w.actor, { touchpoint_id: meeting.id, score: 5, comment: "Good" }));

    const items = await gatherInbox(db(), w.kam);
    const kinds = items.map((i) => i.kind);
    expect(kinds).toContain("customer_expectation");
    expect(kinds).toContain("customer_dispute");
    expect(items.filter((i) => i.kind === "survey_answer")).toHaveLength(2);
    expect(items.find((i) => i.kind === "customer_expectation")!.sourceId).toBe(proposed);
    // Most pressing first: the dispute and the detractor before the rest; the promoter's CSAT after them.
    expect(items.slice(0, 2).map((i) => i.kind).sort()).toEqual(["customer_dispute", "survey_answer"]);
    expect(items[0]!.pressing && items[1]!.pressing).toBe(true);
    // The dispute's signal is not a second item.
    expect(items.filter((i) => i.kind === "signal" && i.details.evidenceId === delivered.id)).toEqual([]);
    // Nothing of it reaches a colleague.
    expect((await gatherInbox(db(), w.colleague)).filter((i) => i.accountId === w.account.id)).toEqual([]);

    // The header counts it.
    const layout = await run(appLoader, request("/my-work", { cookie: await sessionCookieFor(w.kam.id) }));
    expect((layout.value as { inbox: number }).inbox).toBe(items.length);
  });

  it("loses an item by itself when it is dealt with: the proposal accepted, the signal acknowledged, the task completed", async () => {
    const w = await world();
    const proposed = await withPortalWrite(w.account.id, (trx) =>
      proposeExpectation(trx, w.actor, { title: "Weekly report", description: "", category: "communication", due_date: day(20) }, today),
    );
    const delivered = await createExpectation(db(), { account_id: w.account.id, title: "Driver app", due_date: day(-3), status: "resolved", outcome: "kept", delivered_on: day(-4) });
    await withPortalWrite(w.account.id, (trx) =>
      respondToDelivery(trx, w.actor, { expectation_id: delivered.id, version: delivered.version, response: "disputed_partly", comment: "Half of it" }),
    );
    const task = await db().transaction().execute((trx) => createTask(trx, { actor: w.kam }, w.account.id, { title: "Call Pirkko", due_on: day(1), visibility: "account", notes: "" }));
    expect(await keysOf(w.kam)).toEqual(
      expect.arrayContaining([`customer_expectation:${proposed}`, `customer_dispute:${delivered.id}`, `task_due:${task.id}`]),
    );

    const version = (await db().selectFrom("expectations").select("version").where("id", "=", proposed).executeTakeFirstOrThrow()).version;
    await db().transaction().execute((trx) => acceptProposed(trx, { actor: w.kam }, w.account.id, proposed, { version }));
    const signal = await db()
      .selectFrom("risk_signals")
      .select("id")
      .where("account_id", "=", w.account.id)
      .where("rule", "=", "delivery_disputed")
      .where("resolved_at", "is", null)
      .executeTakeFirstOrThrow();
    await db().transaction().execute((trx) => acknowledgeSignal(trx, { accountId: w.account.id, signalId: signal.id, userId: w.kam.id, note: "Called them" }));
    await db().transaction().execute((trx) => setTaskState(trx, { actor: w.kam }, w.account.id, task.id, "done", task.version));

    const left = await keysOf(w.kam);
    expect(left).not.toContain(`customer_expectation:${proposed}`);
    expect(left).not.toContain(`customer_dispute:${delivered.id}`);
    expect(left).not.toContain(`task_due:${task.id}`);
  });

  it("snoozes an item to a day and brings it back on that day; done hides it; a hand-over moves it to the colleague", async () => {
    const w = await world();
    await withPortalWrite(w.account.id, (trx) => answerNps(trx, w.actor, { score: 3, comment: "" }));
    await createExpectation(db(), { account_id: w.account.id, title: "Late thing", due_date: day(-2) });
    const items = await gatherInbox(db(), w.kam);
    const answer = items.find((i) => i.kind === "survey_answer")!;
    const late = items.find((i) => i.kind === "expectation_overdue")!;
    expect(answer && late).toBeTruthy();

    await db().transaction().execute((trx) => snoozeInboxItem(trx, { viewer: w.kam }, answer.key, day(2)));
    expect((await gatherInbox(db(), w.kam)).map((i) => i.key)).not.toContain(answer.key);
    const dayAfterTomorrow = new Date(Date.now() + 2 * 86_400_000);
    expect((await gatherInbox(db(), w.kam, { now: dayAfterTomorrow })).map((i) => i.key)).toContain(answer.key);
    await expect(db().transaction().execute((trx) => snoozeInboxItem(trx, { viewer: w.kam }, answer.key, today))).rejects.toThrow(FieldError);

    await db().transaction().execute((trx) => handOverInboxItem(trx, { viewer: w.kam }, late.key, w.colleague.id));
    expect((await gatherInbox(db(), w.kam)).map((i) => i.key)).not.toContain(late.key);
    const theirs = await gatherInbox(db(), w.colleague);
    expect(theirs.find((i) => i.key === late.key)).toEqual(expect.objectContaining({ handedBy: "Kaisa KAM", accountId: w.account.id }));
    await db().transaction().execute((trx) => markInboxItemDone(trx, { viewer: w.colleague }, late.key));
    expect((await gatherInbox(db(), w.colleague)).map((i) => i.key)).not.toContain(late.key);

    // Only items of one's own inbox can be acted on.
    await expect(db().transaction().execute((trx) => markInboxItemDone(trx, { viewer: w.director }, answer.key))).rejects.toThrow();
    const audit = await db().selectFrom("audit_events").select(["action", "actor_id"]).where("entity", "=", "inbox_item").orderBy("id").execute();
    expect(audit.map((a) => a.action)).toEqual(["snooze", "hand_over", "done"]);
  });

  it("shows a director the portfolio's High signals still open past the set days, unless a director acknowledged them", async () => {
    const w = await world();
    const old = new Date(Date.now() - 10 * 86_400_000);
    const signal = await db()
      .insertInto("risk_signals")
      .values({ account_id: w.theirs.id, key: "probe", rule: "key_person_left", severity: "high", evidence_kind: "account", evidence_id: w.theirs.id, first_seen_at: old, last_seen_at: old, params: { name: "Pia", role: "decision_maker", leftOn: "2026-11-01" } })
      .returning("id")
      .executeTakeFirstOrThrow();
    expect(await keysOf(w.director)).toContain(`signal_escalation:${signal.id}`);
    // The colleague (its KAM) has it as a signal; another KAM not at all.
    expect(await keysOf(w.colleague)).toContain(`signal:${signal.id}`);
    expect((await keysOf(w.kam)).filter((k) => k.endsWith(signal.id))).toEqual([]);
    // Both carry the signal's stored params, so the card says what it is about as the risk pages do.
    const params = { name: "Pia", role: "decision_maker", leftOn: "2026-11-01" };
    expect((await gatherInbox(db(), w.director)).find((i) => i.sourceId === signal.id)?.signalParams).toEqual(params);
    expect((await gatherInbox(db(), w.colleague)).find((i) => i.sourceId === signal.id)?.signalParams).toEqual(params);
    // The KAM acknowledging it does not keep it from the director: the card says who and what they noted.
    await db().transaction().execute((trx) =>
      acknowledgeSignal(trx, { accountId: w.theirs.id, signalId: signal.id, userId: w.colleague.id, note: "Calling their CFO on Monday" }),
    );
    expect(await keysOf(w.colleague)).not.toContain(`signal:${signal.id}`);
    const escalation = (await gatherInbox(db(), w.director)).find((i) => i.key === `signal_escalation:${signal.id}`);
    expect(escalation?.details).toEqual(expect.objectContaining({ ackBy: w.colleague.name, ackNote: "Calling their CFO on Monday" }));
    // A director's acknowledgement ends it for directors.
    await db().updateTable("risk_signals").set({ acknowledged_by: w.director.id }).where("id", "=", signal.id).execute();
    expect(await keysOf(w.director)).not.toContain(`signal_escalation:${signal.id}`);
    await db().updateTable("risk_signals").set({ acknowledged_at: null, acknowledged_by: null }).where("id", "=", signal.id).execute();
    expect(await keysOf(w.director)).toContain(`signal_escalation:${signal.id}`);
    await db().insertInto("app_settings").values({ key: "inbox", value: { escalationDays: 30 } }).execute();
    expect(await keysOf(w.director)).not.toContain(`signal_escalation:${signal.id}`);
  });
});

describe("tasks", () => {
  it("never shows a KAM another KAM's private tasks, unless shared with the account; directors see them", async () => {
    const w = await world();
    const secret = await db().transaction().execute((trx) => createTask(trx, { actor: w.kam }, w.account.id, { title: "Private plan", visibility: "private", notes: "" }));
    const shared = await db().transaction().execute((trx) => createTask(trx, { actor: w.kam }, w.account.id, { title: "Shared plan", visibility: "account", notes: "" }));
    expect((await listAccountTasks(db(), w.kam, w.account.id)).map((t) => t.title).sort()).toEqual(["Private plan", "Shared plan"]);
    expect((await listAccountTasks(db(), w.colleague, w.account.id)).map((t) => t.title)).toEqual(["Shared plan"]);
    expect(await getTask(db(), w.colleague, w.account.id, secret.id)).toBeUndefined();
    expect((await listAccountTasks(db(), w.director, w.account.id)).map((t) => t.title).sort()).toEqual(["Private plan", "Shared plan"]);
    // A colleague may not add to or change tasks of an account that is not theirs.
    await expect(db().transaction().execute((trx) => createTask(trx, { actor: w.colleague }, w.account.id, { title: "Nope", visibility: "account", notes: "" }))).rejects.toThrow();
    await expect(db().transaction().execute((trx) => setTaskState(trx, { actor: w.colleague }, w.account.id, shared.id, "done", null))).rejects.toThrow();
    await expect(db().transaction().execute((trx) => setTaskState(trx, { actor: w.colleague }, w.account.id, secret.id, "done", null))).rejects.toThrow();
    // Given to the colleague, a private task is theirs to see and complete.
    const given = await db().transaction().execute((trx) => createTask(trx, { actor: w.kam }, w.account.id, { title: "For Kalle", visibility: "private", owner_id: w.colleague.id, notes: "" }));
    expect((await listAccountTasks(db(), w.colleague, w.account.id)).map((t) => t.title).sort()).toEqual(["For Kalle", "Shared plan"]);
    await db().transaction().execute((trx) => setTaskState(trx, { actor: w.colleague }, w.account.id, given.id, "done", given.version));
    const audit = await db().selectFrom("audit_events").select("action").where("entity", "=", "task").orderBy("id").execute();
    expect(audit.map((a) => a.action)).toEqual(["create", "create", "create", "complete"]);
  });

  it("is made from an inbox item on My work, completed there, and the item is gone", async () => {
    const w = await world();
    await withPortalWrite(w.account.id, (trx) => answerNps(trx, w.actor, { score: 1, comment: "Not happy" }));
    const cookie = await sessionCookieFor(w.kam.id);
    const page = await run(myWorkLoader, request("/my-work", { cookie }));
    const item = (page.value as { inbox: { key: string; kind: string; accountId: string }[] }).inbox[0]!;
    expect(item.kind).toBe("survey_answer");

    // Bad input: the message beside the field, nothing written.
    const bad = await run(myWorkAction, formRequest("/my-work", { intent: "createTask", formId: item.key, accountId: item.accountId, title: "", inbox_item_key: item.key }, cookie));
    expect(statusOf(bad)).toBe(400);
    expect(await db().selectFrom("tasks").select("id").execute()).toEqual([]);

    const made = await run(
      myWorkAction,
      formRequest("/my-work", { intent: "createTask", formId: item.key, accountId: item.accountId, title: "Call about the NPS", due_on: today, visibility: "account", inbox_item_key: item.key }, cookie),
    );
    expect(statusOf(made)).toBe(302);
    const after = (await run(myWorkLoader, request("/my-work", { cookie }))).value as { inbox: { key: string; kind: string; sourceId: string; details: { version: number } }[] };
    expect(after.inbox.map((i) => i.key)).not.toContain(item.key);
    const taskItem = after.inbox.find((i) => i.kind === "task_due")!;
    expect(taskItem).toBeTruthy();
    const done = await run(
      myWorkAction,
      formRequest("/my-work", { intent: "completeTask", accountId: w.account.id, taskId: taskItem.sourceId, version: String(taskItem.details.version) }, cookie),
    );
    expect(statusOf(done)).toBe(302);
    const last = (await run(myWorkLoader, request("/my-work", { cookie }))).value as { inbox: { kind: string }[] };
    expect(last.inbox.filter((i) => i.kind === "survey_answer" || i.kind === "task_due")).toEqual([]);
  });
});

describe("the playbook", () => {
  it("opens a task for the account's KAM when a chosen rule is raised, once per raising", async () => {
    const w = await world();
    await db().insertInto("app_settings").values({ key: "inbox", value: { playbookRules: ["key_person_left"] } }).execute();
    const champion: RiskSignal = { rule: "key_person_left", severity: "high", key: "key_person_left:x", params: {}, evidence: { kind: "account", id: w.account.id } };
    const other: RiskSignal = { rule: "no_dm_contact", severity: "medium", key: "no_dm_contact:x", params: {}, evidence: { kind: "account", id: w.account.id } };
    const store = (signals: RiskSignal[]) => db().transaction().execute((trx) => storeSignals(trx, w.account.id, signals, new Date()));
    await store([champion, other]);
    await store([champion, other]);
    const tasks = () => db().selectFrom("tasks").select(["owner_id", "origin", "signal_id", "title"]).where("account_id", "=", w.account.id).execute();
    expect(await tasks()).toEqual([expect.objectContaining({ owner_id: w.kam.id, origin: "playbook", title: "Act on the signal: Key person left" })]);
    // The cause goes and comes back: a new raising, a new task.
    await store([other]);
    await store([champion, other]);
    expect(await tasks()).toHaveLength(2);
    const audit = await db().selectFrom("audit_events").select(["action", "actor_id"]).where("entity", "=", "task").execute();
    expect(audit).toEqual([
      { action: "playbook_create", actor_id: null },
      { action: "playbook_create", actor_id: null },
    ]);
  });

  it("lists open expectations due soon on my accounts or held by me, and none of a colleague's I do not hold", async () => {
    const w = await world();
    const mine = await createExpectation(db(), { account_id: w.account.id, title: "On my account", due_date: day(-1) });
    const held = await createExpectation(db(), { account_id: w.theirs.id, title: "Held by me", due_date: day(1), owner_id: w.kam.id });
    const notMine = await createExpectation(db(), { account_id: w.theirs.id, title: "Not mine", due_date: day(-1) });
    const later = await createExpectation(db(), { account_id: w.account.id, title: "Due later", due_date: day(60) });
    const keys = await keysOf(w.kam);
    expect(keys).toEqual(expect.arrayContaining([`expectation_overdue:${mine.id}`, `expectation_due:${held.id}`]));
    expect(keys.filter((k) => k.endsWith(notMine.id) || k.endsWith(later.id))).toEqual([]);
    expect(await keysOf(w.colleague)).toContain(`expectation_overdue:${notMine.id}`);
  });

  it("counts an expectation re-planned without notice as overdue from the date the customer was told, as the ledger does", async () => {
    const w = await world();
    // Due three days ago; moved 40 days on without telling the customer, who still expects it then.
    const moved = await createExpectation(db(), {
      account_id: w.account.id,
      title: "Moved quietly",
      original_due_date: day(-3),
      promised_date: day(-3),
      due_date: day(40),
    });
    expect(await keysOf(w.kam)).toContain(`expectation_overdue:${moved.id}`);
    const item = (await gatherInbox(db(), w.kam)).find((i) => i.kind === "expectation_overdue" && i.sourceId === moved.id)!;
    // Listed by the date the customer was told, with its due date beside it as the ledger shows it.
    expect([item.dueOn, item.details.dueDate]).toEqual([day(-3), day(40)]);
    const kamPage = await kamOverdueExpectations(db(), w.kam.id, today);
    expect([kamPage.count, kamPage.expectations.map((e) => [e.id, e.pressing_on, e.due_date])]).toEqual([1, [[moved.id, day(-3), day(40)]]]);
    // Told in time (the promise moved with it): due in 40 days for everyone, so in neither list.
    await db().updateTable("expectations").set({ promised_date: day(40) }).where("id", "=", moved.id).execute();
    expect((await keysOf(w.kam)).filter((k) => k.endsWith(moved.id))).toEqual([]);
    expect((await kamOverdueExpectations(db(), w.kam.id, today)).count).toBe(0);
  });
});
