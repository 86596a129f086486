import { afterEach, beforeEach, describe, expect, it } from "vitest";
import { createApiToken, revokeApiToken } from "#app/models/api-tokens.server.ts";
import { action as tokensAction, loader as tokensLoader } from "#app/routes/_app.admin.api-tokens.tsx";
import { action as accountAction, loader as accountLoader } from "#app/routes/api.v1.accounts.$externalId.ts";
import { action as expectationsAction, loader as expectationsLoader } from "#app/routes/api.v1.accounts.$externalId.expectations.ts";
import { action as stakeholdersAction, loader as stakeholdersLoader } from "#app/routes/api.v1.accounts.$externalId.stakeholders.ts";
import { action as touchpointsAction, loader as touchpointsLoader } from "#app/routes/api.v1.accounts.$externalId.touchpoints.ts";
import { action as accountsAction, loader as accountsLoader } from "#app/routes/api.v1.accounts.ts";
import { loader as openapiLoader } from "#app/routes/api.v1.openapi[.]json.ts";
import { apiRateLimit } from "#app/web/api.server.ts";
import { db } from "#app/utils/db.server.ts";
import { createAccount, createExpectation, createStakeholder, createTouchpoint, createUser } from "#tests/factories/index.ts";
import { apiCall as call, formRequest, request, run, sessionCookieFor, statusOf } from "#tests/setup/requests.ts";

type Handler = (args: never) => Promise<Response> | Response;


async function world() {
  const admin = await createUser(db(), { role: "admin", name: "Ada Admin" });
  const kam = await createUser(db(), { role: "kam", name: "Kaisa KAM", email: "kaisa@pohjola.example" });
  const account = await createAccount(db(), { owner_id: kam.id, name: "Acme Oy", external_id: "C-1" });
  const tokens = await db()
    .transaction()
    .execute(async (trx) => ({
      read: await createApiToken(trx, admin, { name: "BI", scope: "read" }),
      write: await createApiToken(trx, admin, { name: "ERP", scope: "read_write" }),
    }));
  return { admin, kam, account, read: tokens.read.token, write: tokens.write.token, tokenIds: { read: tokens.read.id, write: tokens.write.id } };
}

beforeEach(() => apiRateLimit.reset());
afterEach(() => {
  apiRateLimit.perMinute = 600;
  apiRateLimit.reset();
});

describe("API authentication and scopes", () => {
  it("refuses no token, a wrong one and a revoked one; a read token cannot write", async () => {
    const { admin, read, write, tokenIds } = await world();
    const none = await call(accountsLoader, "GET", "/api/v1/accounts", null);
    expect(none.status).toBe(401);
    expect(none.headers.get("WWW-Authenticate")).toMatch(/^Bearer/);
    expect(none.json).toEqual({ status: 401, errors: [{ field: "Authorization", reason: expect.any(String) }] });
    expect((await call(accountsLoader, "GET", "/api/v1/accounts", "kt_nonsense")).status).toBe(401);
    expect((await call(accountsLoader, "GET", "/api/v1/accounts", read)).status).toBe(200);
    const refused = await call(accountsAction, "POST", "/api/v1/accounts", read, { external_id: "C-2", name: "Beta" });
    expect(refused.status).toBe(403);
    expect(await db().selectFrom("accounts").select("external_id").where("external_id", "=", "C-2").execute()).toEqual([]);
    await db().transaction().execute((trx) => revokeApiToken(trx, admin, tokenIds.write));
    expect((await call(accountsLoader, "GET", "/api/v1/accounts", write)).status).toBe(401);
  });

  it("limits each token's rate, answering 429 with Retry-After", async () => {
    const { read, write } = await world();
    apiRateLimit.perMinute = 3;
    for (let i = 0; i < 3; i++) expect((await call(accountsLoader, "GET", "/api/v1/accounts", read)).status).toBe(200);
    const limited = await call(accountsLoader, "GET", "/api/v1/accounts", read);
    expect(limited.status).toBe(429);
    expect(Number(limited.headers.get("Retry-After"))).toBeGreaterThanOrEqual(1);
    // Another token has its own allowance.
    expect((await call(accountsLoader, "GET", "/api/v1/accounts", write)).status).toBe(200);
  });
});

describe("API accounts", () => {
  it("upserts by external id: created, unchanged when sent again, then updated", async () => {
    const { write, kam } = await world();
    const body = { external_id: "C-2", name: "Beta Ab", tier: "key", contract_value: "125000.5", owner_email: kam.email };
    const created = await call(accountsAction, "POST", "/api/v1/accounts", write, body);
    expect(created.status).toBe(201);
    expect(created.json).toMatchObject({ status: "inserted", data: { external_id: "C-2", name: "Beta Ab", tier: "key", contract_value: "125000.50", owner_email: kam.email, version: 1 } });
    const again = await call(accountsAction, "POST", "/api/v1/accounts", write, body);
    expect(again).toMatchObject({ status: 200, json: { status: "unchanged", data: { version: 1 } } });
    const put = await call(accountAction, "PUT", "/api/v1/accounts/C-2", write, { name: "Beta Oyj" }, { externalId: "C-2" });
    // Fields left out keep their values.
    expect(put).toMatchObject({ status: 200, json: { status: "updated", data: { name: "Beta Oyj", tier: "key", contract_value: "125000.50", version: 2 } } });
    const one = await call(accountLoader, "GET", "/api/v1/accounts/C-2", write, undefined, { externalId: "C-2" });
    expect(one.json.data).toMatchObject({ name: "Beta Oyj" });
    expect((await call(accountLoader, "GET", "/api/v1/accounts/nope", write, undefined, { externalId: "nope" })).status).toBe(404);
  });

  it("pages with a cursor, limit at most 200", async () => {
    const { read, kam } = await world();
    for (let i = 0; i < 4; i++) await createAccount(db(), { owner_id: kam.id, external_id: `P-${i}` });
    const seen: string[] = [];
    let cursor: string | null = null;
    let pages = 0;
    do {
      const res = await call(accountsLoader, "GET", `/api/v1/accounts?limit=2${cursor ? `&cursor=${cursor}` : ""}`, read);
      expect(res.status).toBe(200);
      seen.push(...res.json.data.map((a: { external_id: string }) => a.external_id));
      cursor = res.json.next_cursor;
      pages++;
    } while (cursor);
    expect(pages).toBe(3);
    expect(seen.sort()).toEqual(["C-1", "P-0", "P-1", "P-2", "P-3"]);
    const tooMany = await call(accountsLoader, "GET", "/api/v1/accounts?limit=500", read);
    expect(tooMany).toMatchObject({ status: 422, json: { status: 422, errors: [{ field: "limit" }] } });
  });

  it("names each invalid field, and refuses what is not JSON", async () => {
    const { write } = await world();
    const bad = await call(accountsAction, "POST", "/api/v1/accounts", write, { external_id: "C-3", name: "", tier: "gold", colour: "red" });
    expect(bad.status).toBe(422);
    expect(bad.json.errors.map((e: { field: string }) => e.field).sort()).toEqual(["colour", "name", "tier"]);
    const notJson = await call(accountsAction, "POST", "/api/v1/accounts", write, "{name: oops");
    expect(notJson).toMatchObject({ status: 400, json: { status: 400, errors: [{ reason: "The body is not valid JSON." }] } });
    const dates = await call(accountsAction, "POST", "/api/v1/accounts", write, { external_id: "C-3", name: "Gamma", relationship_start: "2026-01-01", renewal_date: "2025-01-01" });
    expect(dates).toMatchObject({ status: 422, json: { errors: [{ field: "renewal_date" }] } });
  });
});

describe("API committee, touchpoints and expectations", () => {
  it("upserts a committee, touchpoints with facts and participants, and expectations, idempotently", async () => {
    const { write, read } = await world();
    const p = { externalId: "C-1" };
    const boss = await call(stakeholdersAction, "POST", "/api/v1/accounts/C-1/stakeholders", write, { external_id: "P-1", name: "Maija", committee_role: "decision_maker" }, p);
    expect(boss.status).toBe(201);
    const champ = await call(stakeholdersAction, "POST", "/api/v1/accounts/C-1/stakeholders", write, { external_id: "P-2", name: "Pekka", reports_to: "P-1" }, p);
    expect(champ.json).toMatchObject({ status: "inserted", data: { reports_to: "P-1" } });
    const unknownBoss = await call(stakeholdersAction, "POST", "/api/v1/accounts/C-1/stakeholders", write, { external_id: "P-3", name: "Liisa", reports_to: "P-9" }, p);
    expect(unknownBoss).toMatchObject({ status: 422, json: { errors: [{ field: "reports_to" }] } });

    const invoice = {
      external_id: "INV-1",
      kind: "invoice",
      occurred_at: "2025-03-01T09:00:00+02:00",
      invoice_number: "1001",
      invoice_amount: 1234.5,
      invoice_due_date: "2025-03-31",
      stakeholders: ["P-1"],
    };
    const created = await call(touchpointsAction, "POST", "/api/v1/accounts/C-1/touchpoints", write, invoice, p);
    expect(created.status).toBe(201);
    expect(created.json.data).toMatchObject({
      kind: "invoice",
      title: "Invoice 1001",
      source: "import",
      occurred_at: "2025-03-01T07:00:00.000Z",
      stakeholders: ["P-1"],
      invoice: { number: "1001", amount: "1234.50", due_date: "2025-03-31", paid_on: null },
    });
    expect((await call(touchpointsAction, "PUT", "/api/v1/accounts/C-1/touchpoints", write, invoice, p)).json.status).toBe("unchanged");
    const paid = await call(touchpointsAction, "PUT", "/api/v1/accounts/C-1/touchpoints", write, { ...invoice, invoice_paid_on: "2025-03-20" }, p);
    expect(paid.json).toMatchObject({ status: "updated", data: { version: 2, invoice: { paid_on: "2025-03-20" } } });

    const wrong = await call(touchpointsAction, "POST", "/api/v1/accounts/C-1/touchpoints", write, { external_id: "M-1", kind: "meeting", occurred_at: "2025-03-01T09:00:00Z", sentiment: 5, stakeholders: ["P-404"] }, p);
    expect(wrong.status).toBe(422);
    expect(wrong.json.errors.map((e: { field: string }) => e.field)).toEqual(["sentiment"]);
    const noTitle = await call(touchpointsAction, "POST", "/api/v1/accounts/C-1/touchpoints", write, { external_id: "M-1", kind: "meeting", occurred_at: "2025-03-01T09:00:00Z", stakeholders: ["P-404"] }, p);
    expect(noTitle.json.errors.map((e: { field: string }) => e.field)).toEqual(["title"]);
    const stranger = await call(touchpointsAction, "POST", "/api/v1/accounts/C-1/touchpoints", write, { external_id: "M-1", kind: "meeting", title: "Hi", occurred_at: "2025-03-01T09:00:00Z", stakeholders: ["P-404"] }, p);
    expect(stranger).toMatchObject({ status: 422, json: { errors: [{ field: "stakeholders" }] } });

    const promise = await call(expectationsAction, "POST", "/api/v1/accounts/C-1/expectations", write, { external_id: "E-1", title: "Monthly report", due_date: "2025-04-30", holder: "P-2", importance: 3 }, p);
    expect(promise).toMatchObject({ status: 201, json: { data: { holder: "P-2", status: "open", importance: 3 } } });
    expect((await call(touchpointsAction, "POST", "/api/v1/accounts/NOPE/touchpoints", write, invoice, { externalId: "NOPE" })).status).toBe(404);

    const listed = await call(touchpointsLoader, "GET", "/api/v1/accounts/C-1/touchpoints", read, undefined, p);
    expect(listed.json).toMatchObject({ data: [{ external_id: "INV-1" }], next_cursor: null });
    const people = await call(stakeholdersLoader, "GET", "/api/v1/accounts/C-1/stakeholders?limit=1", read, undefined, p);
    expect(people.json.data).toHaveLength(1);
    expect(people.json.next_cursor).toEqual(expect.any(String));
    // Writes are audited in the name of the token's administrator.
    const audit = await db().selectFrom("audit_events").select(["entity", "action"]).where("entity", "in", ["api_accounts", "api_stakeholders", "api_touchpoints", "api_expectations"]).orderBy("id").execute();
    expect(audit.map((a) => `${a.entity}:${a.action}`)).toEqual([
      "api_stakeholders:create",
      "api_stakeholders:create",
      "api_touchpoints:create",
      "api_touchpoints:update",
      "api_expectations:create",
    ]);
  });
});

describe("API lists of an account's records", () => {
  /** Every page of a list, `limit` at a time; the external ids in order of the pages. */
  async function allPages(loader: Handler, path: string, token: string, externalId: string) {
    const seen: string[] = [];
    let cursor: string | null = null;
    let pages = 0;
    do {
      const res = await call(loader, "GET", `${path}?limit=2${cursor ? `&cursor=${cursor}` : ""}`, token, undefined, { externalId });
      expect(res.status).toBe(200);
      expect(res.json.data.length).toBeLessThanOrEqual(2);
      seen.push(...res.json.data.map((r: { external_id: string }) => r.external_id));
      cursor = res.json.next_cursor;
      pages++;
    } while (cursor && pages < 10);
    return { seen, pages };
  }

  it("pages stakeholders, touchpoints and expectations with a cursor, each record once, and no other account's", async () => {
    const { read, kam, account } = await world();
    const other = await createAccount(db(), { owner_id: kam.id, external_id: "C-OTHER" });
    for (const [a, prefix] of [[account.id, "A"], [other.id, "B"]] as const) {
      for (let i = 0; i < 5; i++) {
        const person = await createStakeholder(db(), { account_id: a, external_id: `${prefix}-P-${i}` });
        await createTouchpoint(db(), { account_id: a, external_id: `${prefix}-T-${i}`, occurred_at: new Date(Date.now() - i * 86_400_000) });
        await createExpectation(db(), { account_id: a, external_id: `${prefix}-E-${i}`, holder_stakeholder_id: person.id });
      }
    }
    const expected = (kind: string) => Array.from({ length: 5 }, (_, i) => `A-${kind}-${i}`);
    for (const [loader, path, kind] of [
      [stakeholdersLoader, "/api/v1/accounts/C-1/stakeholders", "P"],
      [touchpointsLoader, "/api/v1/accounts/C-1/touchpoints", "T"],
      [expectationsLoader, "/api/v1/accounts/C-1/expectations", "E"],
    ] as const) {
      const { seen, pages } = await allPages(loader, path, read, "C-1");
      expect([path, pages]).toEqual([path, 3]);
      expect([path, [...seen].sort()]).toEqual([path, expected(kind)]);
    }
  });

  it("refuses a cursor that is not one, and a limit over 200, naming the parameter", async () => {
    const { read } = await world();
    const bad = await call(touchpointsLoader, "GET", "/api/v1/accounts/C-1/touchpoints?cursor=bm9wZQ", read, undefined, { externalId: "C-1" });
    expect(bad).toMatchObject({ status: 422, json: { errors: [{ field: "cursor" }] } });
    const big = await call(expectationsLoader, "GET", "/api/v1/accounts/C-1/expectations?limit=201", read, undefined, { externalId: "C-1" });
    expect(big).toMatchObject({ status: 422, json: { errors: [{ field: "limit" }] } });
  });

  it("answers a record the ledger's rules refuse for what is stored with 422, the field and the reason in words", async () => {
    const { write, account } = await world();
    // Reopened only on its page (the database would refuse this one too, expectations_check1; the rule refuses it first).
    await createExpectation(db(), { account_id: account.id, external_id: "E-9", status: "resolved", outcome: "kept", delivered_on: "2025-01-01", customer_response: "confirmed", due_date: "2025-01-01" });
    const reopened = await call(expectationsAction, "PUT", "/api/v1/accounts/C-1/expectations", write, { external_id: "E-9", title: "Reopened", due_date: "2025-01-01", outcome: null }, { externalId: "C-1" });
    expect(reopened).toMatchObject({
      status: 422,
      json: { errors: [{ field: "outcome", reason: "This expectation is not open: only an open expectation is re-planned or delivered. A delivered one is reopened first on its page to change what became of it (the history keeps what was taken back)." }] },
    });
    const stored = await db().selectFrom("expectations").select(["title", "status", "customer_response"]).where("external_id", "=", "E-9").executeTakeFirstOrThrow();
    expect(stored).toMatchObject({ status: "resolved", customer_response: "confirmed" });
    expect(stored.title).not.toBe("Reopened");
  });
});

describe("API description and tokens page", () => {
  it("publishes an OpenAPI 3.1 document generated from the body schemas", async () => {
    const doc = JSON.parse(await ((await openapiLoader()) as Response).text());
    expect(doc.openapi).toBe("3.1.0");
    expect(Object.keys(doc.paths)).toEqual([
      "/accounts",
      "/accounts/{externalId}",
      "/accounts/{externalId}/stakeholders",
      "/accounts/{externalId}/touchpoints",
      "/accounts/{externalId}/expectations",
      "/accounts/{externalId}/tasks",
      "/inbox",
      "/accounts/{externalId}/expectations/{expectationId}/replans",
      "/accounts/{externalId}/expectations/{expectationId}/delivery",
      "/accounts/{externalId}/survey-answers",
      "/accounts/{externalId}/scores",
    ]);
    expect(doc.components.schemas.TouchpointBody.properties.sentiment.anyOf).toContainEqual({ type: "integer", minimum: -2, maximum: 2 });
    expect(doc.components.schemas.TouchpointBody.required).toEqual(["external_id", "kind", "occurred_at"]);
    expect(doc.components.schemas.Error.properties.errors.type).toBe("array");
  });

  it("lets an administrator create a token shown once, and revoke it; nobody else", async () => {
    const { admin, kam } = await world();
    const cookie = await sessionCookieFor(admin.id);
    const created = await run(tokensAction, formRequest("/admin/api-tokens", { intent: "create", name: "Help desk", scope: "read_write" }, cookie));
    const token = (created.value as { data: { token: { value: string } } }).data.token.value;
    expect(token).toMatch(/^kt_[A-Za-z0-9_-]{43}$/);
    const stored = await db().selectFrom("api_tokens").select(["id", "token_hash", "scope"]).where("name", "=", "Help desk").executeTakeFirstOrThrow();
    expect(stored.token_hash).not.toContain(token);
    expect((await call(accountsLoader, "GET", "/api/v1/accounts", token)).status).toBe(200);
    const page = (await run(tokensLoader, request("/admin/api-tokens", { cookie }))).value as { tokens: { name: string }[] };
    expect(JSON.stringify(page)).not.toContain(token);
    await run(tokensAction, formRequest("/admin/api-tokens", { intent: "revoke", id: stored.id }, cookie));
    expect((await call(accountsLoader, "GET", "/api/v1/accounts", token)).status).toBe(401);
    const kamCookie = await sessionCookieFor(kam.id);
    expect(statusOf(await run(tokensLoader, request("/admin/api-tokens", { cookie: kamCookie })))).toBe(403);
    expect(statusOf(await run(tokensAction, formRequest("/admin/api-tokens", { intent: "create", name: "x", scope: "read" }, kamCookie)))).toBe(403);
  });
});
