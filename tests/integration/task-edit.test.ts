import { describe, expect, it } from "vitest";
import { addDays } from "#app/domain/dates.ts";
import { calendarDate } from "#app/domain/time.ts";
import { createTask } from "#app/models/tasks.server.ts";
import { action as tasksAction, loader as tasksLoader } from "#app/routes/_app.accounts.$accountId_.tasks.tsx";
import { db } from "#app/utils/db.server.ts";
import { FieldError } from "#app/utils/errors.server.ts";
import { createAccount, createUser } from "#tests/factories/index.ts";
import { formRequest, request, run, sessionCookieFor, statusOf } from "#tests/setup/requests.ts";

// Changing a task from the account's task list (issue 12: a task's title, due
// date, owner and visibility were changeable through the API only): as last
// seen, audited, errors beside their fields with what was typed kept.

const today = calendarDate();

async function world() {
  const kam = await createUser(db(), { role: "kam", name: "Kaisa KAM" });
  const colleague = await createUser(db(), { role: "kam", name: "Kalle Colleague" });
  const outsider = await createUser(db(), { role: "kam", name: "Olli Outsider" });
  const account = await createAccount(db(), { owner_id: kam.id, name: "Kestilä Oy" });
  const actor = { id: kam.id, role: "kam" as const };
  const task = await db()
    .transaction()
    .execute((trx) =>
      createTask(trx, { actor }, account.id, {
        title: "Send the root-cause report",
        due_on: addDays(today, 3),
        visibility: "account",
        notes: "Promised to Anna in the review.",
      }),
    );
  const row = () => db().selectFrom("tasks").selectAll().where("id", "=", task.id).executeTakeFirstOrThrow();
  return { kam, colleague, outsider, account, task, row };
}

const post = (accountId: string, fields: Record<string, string>, cookie: string) =>
  run(tasksAction, formRequest(`/accounts/${accountId}/tasks`, fields, cookie), { accountId });

describe("editing a task from the account's task list", () => {
  it("changes its title, due date, owner and visibility as last seen, audited, and the list shows the edit form", async () => {
    const w = await world();
    const cookie = await sessionCookieFor(w.kam.id);
    const page = await run(tasksLoader, request(`/accounts/${w.account.id}/tasks`, { cookie }), {
      accountId: w.account.id,
    });
    const data = page.value as {
      me: string;
      tasks: { id: string; canChange: boolean; owner_id: string; version: number }[];
    };
    expect(data.me).toBe(w.kam.id);
    expect(data.tasks.find((t) => t.id === w.task.id)).toMatchObject({
      canChange: true,
      owner_id: w.kam.id,
      version: 1,
    });

    const due = addDays(today, 10);
    const saved = await post(
      w.account.id,
      {
        intent: "updateTask",
        formId: `edit-${w.task.id}`,
        accountId: w.account.id,
        taskId: w.task.id,
        version: "1",
        title: "Send the report and book a call",
        due_on: due,
        owner_id: w.colleague.id,
        visibility: "private",
      },
      cookie,
    );
    expect(statusOf(saved)).toBe(302);
    const after = await w.row();
    expect(after).toMatchObject({
      title: "Send the report and book a call",
      due_on: due,
      owner_id: w.colleague.id,
      visibility: "private",
      version: 2,
      state: "open",
      // The list's form always carries notes; here they are left out and stay as they were.
      notes: "Promised to Anna in the review.",
    });
    const audit = await db()
      .selectFrom("audit_events")
      .select(["action", "before", "after", "actor_id"])
      .where("entity", "=", "task")
      .where("entity_id", "=", w.task.id)
      .where("action", "=", "update")
      .execute();
    expect(audit).toHaveLength(1);
    expect(audit[0]!.actor_id).toBe(w.kam.id);
    expect(JSON.stringify(audit[0]!.before)).toContain("Send the root-cause report");
    expect(JSON.stringify(audit[0]!.after)).toContain("Send the report and book a call");

    // A blank due date clears it; a blank owner is the one saving ("Me").
    const cleared = await post(
      w.account.id,
      {
        intent: "updateTask",
        accountId: w.account.id,
        taskId: w.task.id,
        version: "2",
        title: "Book a call",
        due_on: "",
        owner_id: "",
        visibility: "account",
        notes: "Anna prefers Tuesdays.",
      },
      cookie,
    );
    expect(statusOf(cleared)).toBe(302);
    expect(await w.row()).toMatchObject({
      title: "Book a call",
      due_on: null,
      owner_id: w.kam.id,
      visibility: "account",
      version: 3,
      notes: "Anna prefers Tuesdays.",
    });
  });

  it("never overwrites a change made meanwhile, and keeps what was typed beside the refusal", async () => {
    const w = await world();
    const cookie = await sessionCookieFor(w.kam.id);
    const first = await post(
      w.account.id,
      {
        intent: "updateTask",
        accountId: w.account.id,
        taskId: w.task.id,
        version: "1",
        title: "First edit",
        due_on: "",
        owner_id: "",
        visibility: "account",
      },
      cookie,
    );
    expect(statusOf(first)).toBe(302);
    // A second form opened before the first save, still at version 1.
    const stale = await post(
      w.account.id,
      {
        intent: "updateTask",
        formId: `edit-${w.task.id}`,
        accountId: w.account.id,
        taskId: w.task.id,
        version: "1",
        title: "Stale edit",
        due_on: "",
        owner_id: "",
        visibility: "private",
      },
      cookie,
    );
    expect(statusOf(stale)).toBe(400);
    const refusal = (
      stale.value as {
        data: { taskError: { formId: string; fields: Record<string, string>; values: Record<string, string> } };
      }
    ).data.taskError;
    expect(refusal.formId).toBe(`edit-${w.task.id}`);
    expect(refusal.fields[""]).toMatch(/changed this task meanwhile/);
    expect(refusal.values.title).toBe("Stale edit");
    expect(await w.row()).toMatchObject({ title: "First edit", visibility: "account", version: 2 });

    const blank = await post(
      w.account.id,
      {
        intent: "updateTask",
        formId: `edit-${w.task.id}`,
        accountId: w.account.id,
        taskId: w.task.id,
        version: "2",
        title: "  ",
        due_on: "not a date",
        owner_id: "",
        visibility: "account",
      },
      cookie,
    );
    expect(statusOf(blank)).toBe(400);
    const fields = (blank.value as { data: { taskError: { fields: Record<string, string> } } }).data.taskError.fields;
    expect(Object.keys(fields).sort()).toEqual(["due_on", "title"]);
    expect(await w.row()).toMatchObject({ title: "First edit", version: 2 });
  });

  it("refuses a colleague who may not change the task, and a form whose account is not the page's", async () => {
    const w = await world();
    const fields = {
      intent: "updateTask",
      accountId: w.account.id,
      taskId: w.task.id,
      version: "1",
      title: "Taken over",
      due_on: "",
      owner_id: "",
      visibility: "account",
    };
    const outsider = await post(w.account.id, fields, await sessionCookieFor(w.outsider.id));
    expect(outsider.thrown).toBe(true);
    expect(statusOf(outsider)).toBe(403);
    const other = await createAccount(db(), { owner_id: w.kam.id, name: "Toinen Oy" });
    const crossed = await post(other.id, fields, await sessionCookieFor(w.kam.id));
    expect(crossed.thrown).toBe(true);
    expect(statusOf(crossed)).toBe(400);
    expect(await w.row()).toMatchObject({ title: "Send the root-cause report", version: 1 });
  });

  it("gives a task only to active staff: a customer or a disabled colleague is refused beside the owner field", async () => {
    const w = await world();
    const customer = await createUser(db(), { role: "customer" });
    const disabled = await createUser(db(), { role: "kam", disabled_at: new Date() });
    for (const owner of [customer, disabled]) {
      const refused = await db()
        .transaction()
        .execute((trx) =>
          createTask(trx, { actor: { id: w.kam.id, role: "kam" } }, w.account.id, {
            title: "Not theirs",
            visibility: "account",
            notes: "",
            owner_id: owner.id,
          }),
        )
        .catch((error: unknown) => error);
      expect(refused).toBeInstanceOf(FieldError);
      expect((refused as FieldError).fieldErrors).toEqual({ owner_id: { key: "task.ownerNotStaff" } });
    }
    const given = await db()
      .transaction()
      .execute((trx) =>
        createTask(trx, { actor: { id: w.kam.id, role: "kam" } }, w.account.id, {
          title: "Theirs",
          visibility: "account",
          notes: "",
          owner_id: w.colleague.id,
        }),
      );
    expect(given).toMatchObject({ owner_id: w.colleague.id });
  });
});
