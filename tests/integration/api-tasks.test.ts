import { afterEach, beforeEach, describe, expect, it } from "vitest";
import { calendarDate } from "#app/domain/time.ts";
import { createApiToken } from "#app/models/api-tokens.server.ts";
import { answerNps } from "#app/models/portal-actions.server.ts";
import { withPortalWrite } from "#app/models/portal-scope.server.ts";
import { action as tasksAction, loader as tasksLoader } from "#app/routes/api.v1.accounts.$externalId.tasks.ts";
import { action as inboxAction, loader as inboxLoader } from "#app/routes/api.v1.inbox.ts";
import { InboxItemRecord, TaskRecord } from "#app/schemas/api-tasks.ts";
import { apiRateLimit } from "#app/web/api.server.ts";
import { db } from "#app/utils/db.server.ts";
import { createAccount, createPortalUser, createStakeholder, createUser } from "#tests/factories/index.ts";
import { request } from "#tests/setup/requests.ts";

// GET /api/v1/inbox (a personal token's user's items) and the account's tasks
// (GET, POST/PUT by external id), with the token's user's rights.

type Handler = (args: never) => Promise<Response> | Response;

async function call(handler: Handler, method: string, path: string, token: string, body?: unknown, params: Record<string, string> = {}) {
  const headers: Record<string, string> = { Authorization: `Bearer ${token}` };
  if (body !== undefined) headers["Content-Type"] = "application/json";
  const req = request(path, { method, headers, body: body === undefined ? undefined : JSON.stringify(body) });
  const response = (await (handler as (args: unknown) => Promise<Response>)({ request: req, params, context: {} })) as Response;
  return { status: response.status, json: (await response.json()) as Record<string, any> };
}

async function world() {
  const admin = await createUser(db(), { role: "admin" });
  const kaisa = await createUser(db(), { role: "kam", name: "Kaisa KAM", email: "kaisa@pohjola.example" });
  const olli = await createUser(db(), { role: "kam", name: "Olli Other", email: "olli@pohjola.example" });
  const mine = await createAccount(db(), { owner_id: kaisa.id, name: "Acme Oy", external_id: "C-1" });
  const theirs = await createAccount(db(), { owner_id: olli.id, name: "Vieras Oy", external_id: "C-9" });
  const token = (userId: string | undefined, scope: "read" | "read_write") =>
    db()
      .transaction()
      .execute(async (trx) => (await createApiToken(trx, admin, { name: "Token", scope, ...(userId ? { userId } : {}) })).token);
  return { admin, kaisa, olli, mine, theirs, token };
}

beforeEach(() => apiRateLimit.reset());
afterEach(() => apiRateLimit.reset());

describe("GET /api/v1/inbox", () => {
  it("lists the personal token's user's items in the documented shape; a service token has no inbox", async () => {
    const w = await world();
    const person = await createStakeholder(db(), { account_id: w.mine.id, name: "Pia" });
    const customer = await createPortalUser(db(), w.mine.id, person.id);
    await withPortalWrite(w.mine.id, (trx) => answerNps(trx, { userId: customer.id, accountId: w.mine.id, stakeholderId: person.id }, { score: 2, comment: "Slow" }));
    // A meeting planned for earlier today is in the inbox as planned_touchpoint, dated its day.
    const planned = await db()
      .insertInto("planned_touchpoints")
      .values({ account_id: w.mine.id, kind: "meeting", planned_for: new Date(Date.now() - 60_000), title: "Steering group", owner_id: w.kaisa.id, created_by: w.kaisa.id })
      .returning("id")
      .executeTakeFirstOrThrow();
    const res = await call(inboxLoader, "GET", "/api/v1/inbox", await w.token(w.kaisa.id, "read"));
    expect(res.status).toBe(200);
    const survey = res.json.data.find((i: { kind: string }) => i.kind === "survey_answer");
    expect(survey).toMatchObject({ kind: "survey_answer", account_external_id: "C-1", title: "Slow" });
    expect(res.json.data.find((i: { kind: string }) => i.kind === "planned_touchpoint")).toMatchObject({
      id: expect.stringContaining(planned.id),
      account_external_id: "C-1",
      due_on: calendarDate(),
      title: "Steering group",
    });
    for (const item of res.json.data) expect(InboxItemRecord.safeParse(item).success).toBe(true);
    const olli = await call(inboxLoader, "GET", "/api/v1/inbox", await w.token(w.olli.id, "read"));
    expect(olli.json.data.filter((i: { account_external_id: string }) => i.account_external_id === "C-1")).toEqual([]);
    expect((await call(inboxLoader, "GET", "/api/v1/inbox", await w.token(undefined, "read"))).status).toBe(403);
    expect((await call(inboxAction, "POST", "/api/v1/inbox", await w.token(w.kaisa.id, "read_write"), {})).status).toBe(405);
  });
});

describe("/api/v1/accounts/{externalId}/tasks", () => {
  it("creates, updates and completes a task by external id, and lists what the token's user may see", async () => {
    const w = await world();
    const t = await w.token(w.kaisa.id, "read_write");
    const p = { externalId: "C-1" };
    const created = await call(tasksAction, "POST", "/api/v1/accounts/C-1/tasks", t, { external_id: "T-1", title: "Send the report", due_on: "2027-01-15", visibility: "private" }, p);
    expect(created.status).toBe(201);
    expect(TaskRecord.parse(created.json.data)).toMatchObject({ external_id: "T-1", owner_email: "kaisa@pohjola.example", state: "open", origin: "api" });
    const again = await call(tasksAction, "PUT", "/api/v1/accounts/C-1/tasks", t, { external_id: "T-1", title: "Send the report" }, p);
    expect(again.json.status).toBe("unchanged");
    const done = await call(tasksAction, "PUT", "/api/v1/accounts/C-1/tasks", t, { external_id: "T-1", state: "done" }, p);
    expect(done).toMatchObject({ status: 200, json: { status: "updated", data: { state: "done" } } });
    expect(done.json.data.completed_at).not.toBeNull();
    const list = await call(tasksLoader, "GET", "/api/v1/accounts/C-1/tasks", t, undefined, p);
    expect(list.json.data.map((x: { external_id: string }) => x.external_id)).toEqual(["T-1"]);

    // A new task needs a title; an unknown owner is named.
    expect((await call(tasksAction, "POST", "/api/v1/accounts/C-1/tasks", t, { external_id: "T-2" }, p)).status).toBe(422);
    const badOwner = await call(tasksAction, "POST", "/api/v1/accounts/C-1/tasks", t, { external_id: "T-3", title: "x", owner_email: "nobody@x.example" }, p);
    expect(badOwner).toMatchObject({ status: 422, json: { errors: [{ field: "owner_email" }] } });

    // A service token acts with administrator rights: it sees the private task too.
    const service = await w.token(undefined, "read");
    expect((await call(tasksLoader, "GET", "/api/v1/accounts/C-1/tasks", service, undefined, p)).json.data).toHaveLength(1);
    // Another KAM's token does not reach the account at all; nor writes to it.
    const olli = await w.token(w.olli.id, "read_write");
    expect((await call(tasksLoader, "GET", "/api/v1/accounts/C-1/tasks", olli, undefined, p)).status).toBe(404);
    expect((await call(tasksAction, "POST", "/api/v1/accounts/C-1/tasks", olli, { external_id: "T-9", title: "Mine now" }, p)).status).toBe(404);
    // A read token may not write.
    expect((await call(tasksAction, "POST", "/api/v1/accounts/C-1/tasks", await w.token(w.kaisa.id, "read"), { external_id: "T-4", title: "x" }, p)).status).toBe(403);
    const audit = await db().selectFrom("audit_events").select("action").where("entity", "=", "task").orderBy("id").execute();
    expect(audit.map((a) => a.action)).toEqual(["create", "update"]);
  });
});
