import { afterEach, beforeEach, describe, expect, it } from "vitest";
import { createApiToken, revokeApiToken } from "#app/models/api-tokens.server.ts";
import { action as adminTokensAction } from "#app/routes/_app.admin.api-tokens.tsx";
import { action as myTokensAction, loader as myTokensLoader } from "#app/routes/_app.settings.api-tokens.tsx";
import { action as accountAction, loader as accountLoader } from "#app/routes/api.v1.accounts.$externalId.ts";
import { action as stakeholdersAction, loader as stakeholdersLoader } from "#app/routes/api.v1.accounts.$externalId.stakeholders.ts";
import { action as touchpointsAction, loader as touchpointsLoader } from "#app/routes/api.v1.accounts.$externalId.touchpoints.ts";
import { action as accountsAction, loader as accountsLoader } from "#app/routes/api.v1.accounts.ts";
import { apiRateLimit } from "#app/web/api.server.ts";
import { db } from "#app/utils/db.server.ts";
import { createAccount, createStakeholder, createUser } from "#tests/factories/index.ts";
import { formRequest, request, run, sessionCookieFor, statusOf } from "#tests/setup/requests.ts";

// Personal API tokens act with the rights of the member of staff they belong to:
// a KAM's token reaches the KAM's own accounts and nothing of a colleague's.

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
  const kaisa = await createUser(db(), { role: "kam", name: "Kaisa KAM" });
  const olli = await createUser(db(), { role: "kam", name: "Olli Other" });
  const director = await createUser(db(), { role: "director" });
  const mine = await createAccount(db(), { owner_id: kaisa.id, name: "Acme Oy", external_id: "C-1" });
  const theirs = await createAccount(db(), { owner_id: olli.id, name: "Vieras Oy", external_id: "C-9" });
  await createStakeholder(db(), { account_id: theirs.id, external_id: "P-9", name: "Their Person" });
  const token = (userId: string, scope: "read" | "read_write") =>
    db()
      .transaction()
      .execute(async (trx) => (await createApiToken(trx, admin, { name: "Personal", scope, userId })).token);
  return { admin, kaisa, olli, director, mine, theirs, token };
}

beforeEach(() => apiRateLimit.reset());
afterEach(() => apiRateLimit.reset());

describe("a KAM's personal token", () => {
  it("reads the KAM's own accounts only: another KAM's account and its records are not there (404)", async () => {
    const { kaisa, token } = await world();
    const t = await token(kaisa.id, "read");
    const list = await call(accountsLoader, "GET", "/api/v1/accounts", t);
    expect(list.json.data.map((a: { external_id: string }) => a.external_id)).toEqual(["C-1"]);
    expect((await call(accountLoader, "GET", "/api/v1/accounts/C-1", t, undefined, { externalId: "C-1" })).status).toBe(200);
    const other = await call(accountLoader, "GET", "/api/v1/accounts/C-9", t, undefined, { externalId: "C-9" });
    expect(other).toMatchObject({ status: 404, json: { errors: [{ field: "externalId" }] } });
    expect(JSON.stringify(other.json)).not.toContain("Vieras");
    for (const loader of [stakeholdersLoader, touchpointsLoader]) {
      const nested = await call(loader, "GET", "/api/v1/accounts/C-9/x", t, undefined, { externalId: "C-9" });
      expect(nested.status).toBe(404);
      expect(JSON.stringify(nested.json)).not.toContain("Their Person");
    }
  });

  it("writes to the KAM's own accounts in the KAM's name, and cannot write to another KAM's (403/404, nothing changed)", async () => {
    const { kaisa, theirs, token } = await world();
    const t = await token(kaisa.id, "read_write");
    const created = await call(stakeholdersAction, "POST", "/api/v1/accounts/C-1/stakeholders", t, { external_id: "P-1", name: "Maija" }, { externalId: "C-1" });
    expect(created.status).toBe(201);
    const audit = await db().selectFrom("audit_events").select(["actor_id", "entity"]).where("entity", "=", "api_stakeholders").execute();
    expect(audit).toEqual([{ actor_id: kaisa.id, entity: "api_stakeholders" }]);

    const intoTheirs = await call(stakeholdersAction, "POST", "/api/v1/accounts/C-9/stakeholders", t, { external_id: "P-2", name: "Intruder" }, { externalId: "C-9" });
    expect(intoTheirs.status).toBe(404);
    const touchTheirs = await call(touchpointsAction, "POST", "/api/v1/accounts/C-9/touchpoints", t, { external_id: "T-1", kind: "call", title: "x", occurred_at: "2025-01-01T10:00:00Z" }, { externalId: "C-9" });
    expect(touchTheirs.status).toBe(404);
    const renamed = await call(accountAction, "PUT", "/api/v1/accounts/C-9", t, { name: "Mine now" }, { externalId: "C-9" });
    expect(renamed).toMatchObject({ status: 403, json: { errors: [{ field: "external_id" }] } });
    const byBody = await call(accountsAction, "POST", "/api/v1/accounts", t, { external_id: "C-9", name: "Mine now" });
    expect(byBody.status).toBe(403);
    const stored = await db().selectFrom("accounts").select(["name", "version"]).where("id", "=", theirs.id).executeTakeFirstOrThrow();
    expect(stored).toEqual({ name: "Vieras Oy", version: 1 });
    expect(await db().selectFrom("stakeholders").select("name").where("account_id", "=", theirs.id).execute()).toEqual([{ name: "Their Person" }]);
    // Nor can the token archive the KAM's own account: `archived` is read-only (archiving is a director's, canArchiveAccount).
    for (const [handler, method, body] of [
      [accountAction, "PUT", { name: "Acme Oy", archived: true }],
      [accountsAction, "POST", { external_id: "C-1", name: "Acme Oy", archived: true }],
    ] as const) {
      const archived = await call(handler, method, method === "PUT" ? "/api/v1/accounts/C-1" : "/api/v1/accounts", t, body, { externalId: "C-1" });
      expect(archived.status, method).toBe(422);
    }
    expect((await db().selectFrom("accounts").select("archived_at").where("external_id", "=", "C-1").executeTakeFirstOrThrow()).archived_at).toBeNull();
    // A new account made with the token is the KAM's own.
    const own = await call(accountsAction, "POST", "/api/v1/accounts", t, { external_id: "C-2", name: "Uusi Oy" });
    expect(own.status).toBe(201);
    expect((await db().selectFrom("accounts").select("owner_id").where("external_id", "=", "C-2").executeTakeFirstOrThrow()).owner_id).toBe(kaisa.id);
  });

  it("reads only with a read token, and stops working when revoked or when its user is disabled", async () => {
    const { kaisa, admin, token } = await world();
    const reader = await token(kaisa.id, "read");
    expect((await call(accountsAction, "POST", "/api/v1/accounts", reader, { external_id: "C-3", name: "X" })).status).toBe(403);
    const writer = await token(kaisa.id, "read_write");
    await db().transaction().execute(async (trx) => {
      const row = await trx.selectFrom("api_tokens").select("id").where("user_id", "=", kaisa.id).where("scope", "=", "read").executeTakeFirstOrThrow();
      expect(await revokeApiToken(trx, admin, row.id)).toBe(true);
    });
    expect((await call(accountsLoader, "GET", "/api/v1/accounts", reader)).status).toBe(401);
    expect((await call(accountsLoader, "GET", "/api/v1/accounts", writer)).status).toBe(200);
    await db().updateTable("users").set({ disabled_at: new Date() }).where("id", "=", kaisa.id).execute();
    expect((await call(accountsLoader, "GET", "/api/v1/accounts", writer)).status).toBe(401);
  });
});

describe("a director's personal token", () => {
  it("reaches every account, as the director does", async () => {
    const { director, token } = await world();
    const t = await token(director.id, "read");
    const list = await call(accountsLoader, "GET", "/api/v1/accounts", t);
    expect(list.json.data.map((a: { external_id: string }) => a.external_id).sort()).toEqual(["C-1", "C-9"]);
  });
});

describe("managing personal tokens", () => {
  it("lets a member of staff create their own (shown once) and revoke it, but not another's", async () => {
    const { kaisa, olli, token } = await world();
    const cookie = await sessionCookieFor(kaisa.id);
    const created = await run(myTokensAction, formRequest("/settings/api-tokens", { intent: "create", name: "My sheet", scope: "read" }, cookie));
    const value = (created.value as { data: { token: { value: string } } }).data.token.value;
    expect(value).toMatch(/^kt_/);
    const stored = await db().selectFrom("api_tokens").select(["id", "user_id", "created_by", "token_hash"]).where("name", "=", "My sheet").executeTakeFirstOrThrow();
    expect(stored).toMatchObject({ user_id: kaisa.id, created_by: kaisa.id });
    expect(stored.token_hash).not.toContain(value);
    expect((await call(accountsLoader, "GET", "/api/v1/accounts", value)).json.data).toHaveLength(1);

    const page = (await run(myTokensLoader, request("/settings/api-tokens", { cookie }))).value as { tokens: { id: string }[] };
    expect(page.tokens.map((x) => x.id)).toEqual([stored.id]);
    expect(JSON.stringify(page)).not.toContain(value);

    // Olli's token: not listed for Kaisa, and not hers to revoke.
    await token(olli.id, "read");
    const olliToken = await db().selectFrom("api_tokens").select("id").where("user_id", "=", olli.id).executeTakeFirstOrThrow();
    expect(statusOf(await run(myTokensAction, formRequest("/settings/api-tokens", { intent: "revoke", id: olliToken.id }, cookie)))).toBe(404);
    expect((await db().selectFrom("api_tokens").select("revoked_at").where("id", "=", olliToken.id).executeTakeFirstOrThrow()).revoked_at).toBeNull();

    expect(statusOf(await run(myTokensAction, formRequest("/settings/api-tokens", { intent: "revoke", id: stored.id }, cookie)))).toBe(302);
    expect((await call(accountsLoader, "GET", "/api/v1/accounts", value)).status).toBe(401);
  });

  it("lets an administrator create a personal token for a KAM that then acts as the KAM", async () => {
    const { admin, kaisa } = await world();
    const cookie = await sessionCookieFor(admin.id);
    const created = await run(adminTokensAction, formRequest("/admin/api-tokens", { intent: "create", name: "For Kaisa", scope: "read", owner: kaisa.id }, cookie));
    const value = (created.value as { data: { token: { value: string } } }).data.token.value;
    const list = await call(accountsLoader, "GET", "/api/v1/accounts", value);
    expect(list.json.data.map((a: { external_id: string }) => a.external_id)).toEqual(["C-1"]);
    // A service token (no owner) acts as the administrator: every account.
    const service = await run(adminTokensAction, formRequest("/admin/api-tokens", { intent: "create", name: "ERP", scope: "read", owner: "" }, cookie));
    const serviceValue = (service.value as { data: { token: { value: string } } }).data.token.value;
    expect((await call(accountsLoader, "GET", "/api/v1/accounts", serviceValue)).json.data).toHaveLength(2);
  });
});
