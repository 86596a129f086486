import { describe, expect, it, vi } from "vitest";
import { createApiToken } from "#app/models/api-tokens.server.ts";
import { loader as accountsLoader } from "#app/routes/_app.accounts._index.tsx";
import { loader as appLayoutLoader } from "#app/routes/_app.tsx";
import { loader as editLoader } from "#app/routes/_app.accounts.$accountId_.edit.tsx";
import { loader as auditLoader } from "#app/routes/_app.admin.audit.tsx";
import { action as accountsApiAction, loader as accountsApiLoader } from "#app/routes/api.v1.accounts.ts";
import { action as logoutAction } from "#app/routes/logout.tsx";
import { loader as portalLoader } from "#app/routes/portal._index.tsx";
import { db } from "#app/utils/db.server.ts";
import { recordRefusal } from "#app/web/refusals.server.ts";
import { getSessionUser } from "#app/web/session.server.ts";
import { createAccount, createPortalUser, createStakeholder, createUser } from "#tests/factories/index.ts";
import { formRequest, request, run, sessionCookieFor, statusOf } from "#tests/setup/requests.ts";

// Refused authorizations and sign-outs land in the audit log: who, what, why and
// from where. A refusal is answered whether or not its record could be written,
// and a flood of refusals writes a bounded number of rows.

const from = (ip: string, cookie?: string) => ({ headers: { "X-Kohtaamo-Remote-Addr": ip }, cookie });
const refusals = () =>
  db()
    .selectFrom("audit_events")
    .select(["actor_id", "account_id", "entity", "entity_id", "action", "after", "ip"])
    .where("action", "in", ["access_denied", "access_denied_suppressed"])
    .orderBy("id")
    .execute();

describe("refused authorizations are audited", () => {
  it("records a customer refused a staff page and a KAM refused the portal, with path, reason and address", async () => {
    const kam = await createUser(db(), { role: "kam" });
    const account = await createAccount(db(), { owner_id: kam.id });
    const stakeholder = await createStakeholder(db(), { account_id: account.id });
    const customer = await createPortalUser(db(), account.id, stakeholder.id);

    const staffPage = await run(accountsLoader, request("/accounts?scope=all", from("198.51.100.7", await sessionCookieFor(customer.id))));
    expect(statusOf(staffPage)).toBe(403);
    const portal = await run(portalLoader, request("/portal", from("198.51.100.8", await sessionCookieFor(kam.id))));
    expect(statusOf(portal)).toBe(403);

    expect(await refusals()).toEqual([
      {
        actor_id: customer.id,
        account_id: null,
        entity: "request",
        entity_id: "/accounts",
        action: "access_denied",
        after: { method: "GET", path: "/accounts", status: 403, reason: "You do not have access to this page.", role: "customer" },
        ip: "198.51.100.7",
      },
      expect.objectContaining({ actor_id: kam.id, entity_id: "/portal", ip: "198.51.100.8", after: expect.objectContaining({ role: "kam" }) }),
    ]);
  });

  it("records a KAM refused another KAM's account with the account, so the account's log shows it", async () => {
    const owner = await createUser(db(), { role: "kam" });
    const other = await createUser(db(), { role: "kam" });
    const account = await createAccount(db(), { owner_id: owner.id });
    const res = await run(editLoader, request(`/accounts/${account.id}/edit`, { cookie: await sessionCookieFor(other.id) }), { accountId: account.id });
    expect(statusOf(res)).toBe(403);
    const [event] = await refusals();
    expect(event).toMatchObject({ actor_id: other.id, account_id: account.id, entity_id: `/accounts/${account.id}/edit` });
  });

  it("records the API's 401 and 403 answers, by address or by the token's owner", async () => {
    const admin = await createUser(db(), { role: "admin" });
    const reader = await db()
      .transaction()
      .execute((trx) => createApiToken(trx, admin, { name: "BI", scope: "read" }));
    const noToken = await accountsApiLoader({ request: request("/api/v1/accounts", from("203.0.113.5")), params: {}, context: {} });
    expect(noToken.status).toBe(401);
    const write = await accountsApiAction({
      request: request("/api/v1/accounts", {
        method: "POST",
        headers: { Authorization: `Bearer ${reader.token}`, "Content-Type": "application/json", "X-Kohtaamo-Remote-Addr": "203.0.113.6" },
        body: "{}",
      }),
      params: {},
      context: {},
    });
    expect(write.status).toBe(403);
    expect(await refusals()).toEqual([
      expect.objectContaining({ actor_id: null, entity: "api", ip: "203.0.113.5", after: expect.objectContaining({ status: 401 }) }),
      expect.objectContaining({ actor_id: admin.id, entity: "api", ip: "203.0.113.6", after: expect.objectContaining({ status: 403, reason: "This token may only read." }) }),
    ]);
  });

  it("writes at most ten refusals a minute per actor and one note for the rest", async () => {
    const kam = await createUser(db(), { role: "kam" });
    const cookie = await sessionCookieFor(kam.id);
    for (let i = 0; i < 40; i++) {
      // Every one is refused, recorded or not.
      expect(statusOf(await run(auditLoader, request("/admin/audit", from("192.0.2.1", cookie))))).toBe(403);
    }
    const rows = await refusals();
    expect(rows.filter((r) => r.action === "access_denied")).toHaveLength(10);
    expect(rows.filter((r) => r.action === "access_denied_suppressed")).toHaveLength(1);
    // Anonymous API callers are counted per address: another address still gets its own records.
    for (let i = 0; i < 15; i++) await accountsApiLoader({ request: request("/api/v1/accounts", from("192.0.2.2")), params: {}, context: {} });
    await accountsApiLoader({ request: request("/api/v1/accounts", from("192.0.2.3")), params: {}, context: {} });
    const byIp = (ip: string) => refusals().then((all) => all.filter((r) => r.ip === ip && r.action === "access_denied").length);
    expect(await byIp("192.0.2.2")).toBe(10);
    expect(await byIp("192.0.2.3")).toBe(1);
  });

  it("records a page's refusal once, though its layout and page loaders both refuse it", async () => {
    const kam = await createUser(db(), { role: "kam" });
    const account = await createAccount(db(), { owner_id: kam.id });
    const stakeholder = await createStakeholder(db(), { account_id: account.id });
    const customer = await createPortalUser(db(), account.id, stakeholder.id);
    const cookie = await sessionCookieFor(customer.id);
    // Remix hands each loader its own copy of the request; the server's request id is on all of them.
    const copy = () => request("/accounts", { headers: { "X-Kohtaamo-Request-Id": "req-1" }, cookie });
    expect(statusOf(await run(appLayoutLoader, copy()))).toBe(403);
    expect(statusOf(await run(accountsLoader, copy()))).toBe(403);
    expect(await refusals()).toHaveLength(1);
    expect(statusOf(await run(accountsLoader, request("/accounts", { headers: { "X-Kohtaamo-Request-Id": "req-2" }, cookie })))).toBe(403);
    expect(await refusals()).toHaveLength(2);
  });

  it("never fails the request when the record cannot be written", async () => {
    const warn = vi.spyOn(console, "warn").mockImplementation(() => {});
    // An actor id that is not a uuid makes the insert fail in the database.
    const outcome = await recordRefusal({ method: "GET", path: "/x", ip: null, actorId: "not-a-uuid", status: 403, reason: "test" });
    expect(outcome).toBe("failed");
    expect(warn).toHaveBeenCalledWith(expect.stringMatching(/Could not record a refused request/));
    expect(await refusals()).toEqual([]);
  });
});

describe("sign-out", () => {
  it("revokes the session and records who signed out, in one go", async () => {
    const kam = await createUser(db(), { role: "kam" });
    const cookie = await sessionCookieFor(kam.id);
    const res = await run(logoutAction, formRequest("/logout", {}, cookie));
    expect(statusOf(res)).toBe(302);
    expect(await getSessionUser(request("/", { cookie }))).toBeNull();
    const events = await db().selectFrom("audit_events").select(["actor_id", "action", "entity"]).execute();
    expect(events).toEqual([{ actor_id: kam.id, action: "sign_out", entity: "session" }]);
    // Signing out again (an old tab) changes and records nothing more.
    await run(logoutAction, formRequest("/logout", {}, cookie));
    expect(await db().selectFrom("audit_events").select("id").execute()).toHaveLength(1);
  });
});
