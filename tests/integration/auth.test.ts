import { sql } from "kysely";
import { describe, expect, it } from "vitest";
import { action as loginAction, loader as loginLoader } from "#app/routes/login.tsx";
import { action as logoutAction } from "#app/routes/logout.tsx";
import { loader as indexLoader } from "#app/routes/_index.tsx";
import { loader as accountsLoader } from "#app/routes/_app.accounts._index.tsx";
import { db } from "#app/utils/db.server.ts";
import { getSessionUser } from "#app/web/session.server.ts";
import { createUser, TEST_PASSWORD } from "#tests/factories/index.ts";
import { formRequest, locationOf, request, run, sessionCookieFor, statusOf } from "#tests/setup/requests.ts";

const cookieFrom = (res: unknown) => (res as Response).headers.get("Set-Cookie")!.split(";")[0]!;

describe("sign-in", () => {
  it("signs a KAM in, lands them on their accounts, and audits it", async () => {
    const kam = await createUser(db(), { email: "Kalle@Pohjola.example", role: "kam" });
    const res = await run(loginAction, formRequest("/login", { email: "kalle@pohjola.example", password: TEST_PASSWORD }));
    expect(statusOf(res)).toBe(302);
    expect(locationOf(res)).toBe("/accounts");
    const user = await getSessionUser(request("/", { cookie: cookieFrom(res.value) }));
    expect(user?.id).toBe(kam.id);
    const audit = await db().selectFrom("audit_events").select(["action", "actor_id"]).execute();
    expect(audit).toEqual([{ action: "sign_in", actor_id: kam.id }]);
  });

  it("refuses a wrong password with a message, keeps the e-mail, and audits the failure", async () => {
    await createUser(db(), { email: "kam@pohjola.example" });
    const res = await run(loginAction, formRequest("/login", { email: "kam@pohjola.example", password: "wrong" }));
    expect(statusOf(res)).toBe(401);
    const reply = (res.value as { data: { error: Record<string, string[]>; initialValue: Record<string, string> } }).data;
    expect(reply.error[""]).toEqual(["The e-mail or password is not right."]);
    expect(reply.initialValue.email).toBe("kam@pohjola.example");
    expect(reply.initialValue.password).toBeUndefined();
    const sessions = await db().selectFrom("sessions").select("id").execute();
    expect(sessions).toHaveLength(0);
    const audit = await db().selectFrom("audit_events").select("action").execute();
    expect(audit).toEqual([{ action: "sign_in_failed" }]);
  });

  it("answers an unknown e-mail exactly like a wrong password", async () => {
    const res = await run(loginAction, formRequest("/login", { email: "nobody@pohjola.example", password: "x" }));
    expect(statusOf(res)).toBe(401);
  });

  it("explains an invalid e-mail at the field", async () => {
    const res = await run(loginAction, formRequest("/login", { email: "not-an-email", password: "" }));
    expect(statusOf(res)).toBe(400);
    const reply = (res.value as { data: { error: Record<string, string[]> } }).data;
    expect(reply.error.email?.[0]).toMatch(/e-mail address/);
    expect(reply.error.password?.[0]).toMatch(/password/i);
  });

  it("refuses a disabled user", async () => {
    await createUser(db(), { email: "gone@pohjola.example", disabled_at: new Date() });
    const res = await run(loginAction, formRequest("/login", { email: "gone@pohjola.example", password: TEST_PASSWORD }));
    expect(statusOf(res)).toBe(401);
  });

  it("follows a same-site redirectTo but never an open redirect", async () => {
    await createUser(db(), { email: "d@pohjola.example", role: "director" });
    const ok = await run(
      loginAction,
      formRequest("/login", { email: "d@pohjola.example", password: TEST_PASSWORD, redirectTo: "/accounts?tier=key" }),
    );
    expect(locationOf(ok)).toBe("/accounts?tier=key");
    for (const evil of ["//evil.example", "https://evil.example", "/\\evil.example"]) {
      const res = await run(
        loginAction,
        formRequest("/login", { email: "d@pohjola.example", password: TEST_PASSWORD, redirectTo: evil }),
      );
      expect(locationOf(res)).toBe("/portfolio");
    }
  });

  it("sends a signed-in visitor of /login to their home", async () => {
    const director = await createUser(db(), { role: "director" });
    const res = await run(loginLoader, request("/login", { cookie: await sessionCookieFor(director.id) }));
    expect(locationOf(res)).toBe("/portfolio");
    const kam = await createUser(db(), { role: "kam" });
    const kamRes = await run(loginLoader, request("/login", { cookie: await sessionCookieFor(kam.id) }));
    expect(locationOf(kamRes)).toBe("/accounts");
  });
});

describe("sessions", () => {
  it("ends at sign-out: the same cookie no longer works", async () => {
    const kam = await createUser(db());
    const cookie = await sessionCookieFor(kam.id);
    expect(await getSessionUser(request("/", { cookie }))).not.toBeNull();
    const res = await run(logoutAction, request("/logout", { method: "POST", cookie }));
    expect(locationOf(res)).toBe("/login");
    expect(await getSessionUser(request("/", { cookie }))).toBeNull();
  });

  it("is looked up once for the loaders of one page, and afresh for every other request and every change", async () => {
    const kam = await createUser(db());
    const cookie = await sessionCookieFor(kam.id);
    // The server stamps each incoming request with its own id (scripts/server.mjs).
    const page = (id: string, method = "GET") => request("/", { cookie, method, headers: { "X-Kohtaamo-Request-Id": id } });
    const [a, b] = await Promise.all([getSessionUser(page("page-1")), getSessionUser(page("page-1"))]);
    expect(a).not.toBeNull();
    expect(b).toBe(a);
    // What is shared is one request's cookies' answer: other cookies under the same id are read on their own.
    const other = await createUser(db());
    const otherCookie = await sessionCookieFor(other.id);
    const sameId = request("/", { cookie: otherCookie, headers: { "X-Kohtaamo-Request-Id": "page-1" } });
    expect((await getSessionUser(sameId))?.id).toBe(other.id);
    expect(await getSessionUser(request("/", { headers: { "X-Kohtaamo-Request-Id": "page-1" } }))).toBeNull();
    await db().updateTable("sessions").set({ revoked_at: new Date() }).where("user_id", "=", kam.id).execute();
    // The same page's last loader still shares its answer; the next page, or a change, does not.
    expect(await getSessionUser(page("page-1"))).toBe(a);
    expect(await getSessionUser(page("page-2"))).toBeNull();
    expect(await getSessionUser(page("page-1", "POST"))).toBeNull();
    expect(await getSessionUser(request("/", { cookie }))).toBeNull();
  });

  it("expires after the idle limit and after the absolute limit", async () => {
    const kam = await createUser(db());
    const idle = await sessionCookieFor(kam.id);
    await db().updateTable("sessions").set({ last_seen_at: sql`now() - interval '31 minutes'` }).execute();
    expect(await getSessionUser(request("/", { cookie: idle }))).toBeNull();

    const absolute = await sessionCookieFor(kam.id);
    await db().updateTable("sessions").set({ expires_at: sql`now() - interval '1 second'`, last_seen_at: sql`now()` }).execute();
    expect(await getSessionUser(request("/", { cookie: absolute }))).toBeNull();
  });

  it("treats a tampered or forged cookie as signed out and sends the visitor to sign in", async () => {
    const kam = await createUser(db());
    const cookie = await sessionCookieFor(kam.id);
    const [name, value] = cookie.split("=") as [string, string];
    const tampered = `${name}=${value.slice(0, -3)}abc`;
    for (const c of [tampered, `${name}=garbage`, `${name}=`, "kohtaamo_session=%E0%A4%A"]) {
      expect(await getSessionUser(request("/", { cookie: c }))).toBeNull();
      const res = await run(accountsLoader, request("/accounts", { cookie: c }));
      expect(res.thrown).toBe(true);
      expect(locationOf(res)).toBe("/login?redirectTo=%2Faccounts");
    }
  });

  it("issues a new session id at every sign-in, whatever cookie the browser brought", async () => {
    const kam = await createUser(db(), { email: "fixation@pohjola.example" });
    const planted = await sessionCookieFor(kam.id);
    const req = formRequest("/login", { email: "fixation@pohjola.example", password: TEST_PASSWORD }, planted);
    const res = await run(loginAction, req);
    expect(statusOf(res)).toBe(302);
    const issued = cookieFrom(res.value);
    expect(issued).not.toBe(planted);
    expect((await getSessionUser(request("/", { cookie: issued })))?.id).toBe(kam.id);
  });

  it("ends every session of a disabled user at once", async () => {
    const kam = await createUser(db());
    const cookie = await sessionCookieFor(kam.id);
    await db().updateTable("users").set({ disabled_at: new Date() }).where("id", "=", kam.id).execute();
    expect(await getSessionUser(request("/", { cookie }))).toBeNull();
  });
});

describe("landing", () => {
  it("sends each role to where its work is", async () => {
    for (const [role, home] of [
      ["kam", "/accounts"],
      ["director", "/portfolio"],
      ["admin", "/accounts"],
      ["customer", "/portal"],
    ] as const) {
      const user = await createUser(db(), { role });
      const res = await run(indexLoader, request("/", { cookie: await sessionCookieFor(user.id) }));
      expect([role, locationOf(res)]).toEqual([role, home]);
    }
    const anonymous = await run(indexLoader, request("/"));
    expect(locationOf(anonymous)).toBe("/login");
  });
});
