import { describe, expect, it } from "vitest";
import { changeUserRole, setUserDisabled, UserAdminError } from "#app/models/user-admin.server.ts";
import { loader as accountsLoader } from "#app/routes/_app.accounts._index.tsx";
import { action as userAction, loader as userLoader } from "#app/routes/_app.admin.users.$userId.tsx";
import { action as usersAction, loader as usersLoader } from "#app/routes/_app.admin.users._index.tsx";
import { action as loginAction } from "#app/routes/login.tsx";
import { action as setPasswordAction, loader as setPasswordLoader } from "#app/routes/set-password.$token.tsx";
import { db } from "#app/utils/db.server.ts";
import { getSessionUser } from "#app/web/session.server.ts";
import { createUser } from "#tests/factories/index.ts";
import { formRequest, locationOf, request, run, sessionCookieFor, statusOf } from "#tests/setup/requests.ts";

type Reply = { data: { result?: { error?: Record<string, string[]>; initialValue?: Record<string, unknown> }; created?: { link: string } | null } };
const reply = (res: { value: unknown }) => (res.value as Reply).data;
const tokenOf = (link: string) => new URL(link).pathname.split("/").at(-1)!;
const cookieOf = (res: { value: unknown }) => (res.value as Response).headers.getSetCookie()[0]!.split(";")[0]!;

async function addUser(adminCookie: string, fields: Record<string, string>) {
  return run(usersAction, formRequest("/admin/users", fields, adminCookie));
}

describe("creating internal users", () => {
  it("adds a KAM with no password and a one-time link, with which they set their own and sign in", async () => {
    const admin = await createUser(db(), { role: "admin", name: "Ada Admin" });
    const adminCookie = await sessionCookieFor(admin.id);
    const res = await addUser(adminCookie, { name: "Kerttu Kam", email: "Kerttu@Pohjola.example", role: "kam" });
    expect(statusOf(res)).toBe(200);
    const { created } = reply(res);
    const user = await db().selectFrom("users").selectAll().where("email", "=", "Kerttu@Pohjola.example").executeTakeFirstOrThrow();
    expect(user).toMatchObject({ name: "Kerttu Kam", role: "kam", password_hash: null, disabled_at: null });
    const audit = await db().selectFrom("audit_events").select(["actor_id", "entity", "entity_id", "action", "after"]).execute();
    expect(audit).toEqual([
      { actor_id: admin.id, entity: "user", entity_id: user.id, action: "create", after: { name: "Kerttu Kam", email: "Kerttu@Pohjola.example", role: "kam" } },
    ]);
    // The listing shows them, active, with no sessions yet.
    const list = (await run(usersLoader, request("/admin/users", { cookie: adminCookie }))).value as { users: { email: string; live_sessions: number }[] };
    expect(list.users.find((u) => u.email === "Kerttu@Pohjola.example")?.live_sessions).toBe(0);

    const token = tokenOf(created!.link);
    expect(created!.link).toMatch(/^http:\/\/localhost\/set-password\/[A-Za-z0-9_-]{43}$/);
    expect(statusOf(await run(setPasswordLoader, request(`/set-password/${token}`), { token }))).toBe(200);
    // The password policy applies, with the message at the field; nothing is set.
    const common = await run(setPasswordAction, formRequest(`/set-password/${token}`, { password: "Password2024!", confirm: "Password2024!" }), { token });
    expect(statusOf(common)).toBe(400);
    expect(reply(common).result?.error?.password?.[0]).toMatch(/too common/);
    expect(reply(common).result?.initialValue?.password).toBeUndefined();
    expect(reply(common).result?.initialValue?.confirm).toBeUndefined();
    const own = await run(setPasswordAction, formRequest(`/set-password/${token}`, { password: "KERTTU@pohjola.example", confirm: "KERTTU@pohjola.example" }), { token });
    expect(reply(own).result?.error?.password?.[0]).toMatch(/e-mail address or your name/);

    const done = await run(setPasswordAction, formRequest(`/set-password/${token}`, { password: "lumi sataa hiljaa", confirm: "lumi sataa hiljaa" }), { token });
    expect(statusOf(done)).toBe(302);
    expect(locationOf(done)).toBe("/accounts");
    expect((await getSessionUser(request("/", { cookie: cookieOf(done) })))?.id).toBe(user.id);
    // Once only.
    const again = await run(setPasswordAction, formRequest(`/set-password/${token}`, { password: "toinen salasana tässä", confirm: "toinen salasana tässä" }), { token });
    expect(statusOf(again)).toBe(410);
    const signIn = await run(loginAction, formRequest("/login", { email: "kerttu@pohjola.example", password: "lumi sataa hiljaa" }));
    expect(statusOf(signIn)).toBe(302);
  });

  it("refuses an e-mail address already in use, at the field, keeping what was typed", async () => {
    const admin = await createUser(db(), { role: "admin" });
    await createUser(db(), { email: "taken@pohjola.example", role: "customer" });
    const res = await addUser(await sessionCookieFor(admin.id), { name: "Toinen", email: "TAKEN@pohjola.example", role: "director" });
    expect(statusOf(res)).toBe(400);
    expect(reply(res).result?.error?.email).toEqual(["Someone already uses this e-mail address."]);
    expect(reply(res).result?.initialValue).toMatchObject({ name: "Toinen", email: "TAKEN@pohjola.example", role: "director" });
    expect(await db().selectFrom("users").select("id").where("name", "=", "Toinen").execute()).toEqual([]);
  });

  it("replaces an earlier password link with a new one", async () => {
    const admin = await createUser(db(), { role: "admin" });
    const adminCookie = await sessionCookieFor(admin.id);
    const first = reply(await addUser(adminCookie, { name: "Unohtaja", email: "unohtaja@pohjola.example", role: "kam" })).created!;
    const user = await db().selectFrom("users").select("id").where("email", "=", "unohtaja@pohjola.example").executeTakeFirstOrThrow();
    const second = await run(userAction, formRequest(`/admin/users/${user.id}`, { intent: "link" }, adminCookie), { userId: user.id });
    const secondLink = (second.value as { data: { link: { url: string } } }).data.link.url;
    const firstToken = tokenOf(first.link);
    const secondToken = tokenOf(secondLink);
    expect(statusOf(await run(setPasswordLoader, request(`/set-password/${firstToken}`), { token: firstToken }))).toBe(410);
    expect(statusOf(await run(setPasswordLoader, request(`/set-password/${secondToken}`), { token: secondToken }))).toBe(200);
  });
});

describe("changing a user's role", () => {
  it("saves a role with the version shown, and tells the second of two administrators who changed it", async () => {
    const ada = await createUser(db(), { role: "admin", name: "Ada Admin" });
    const aku = await createUser(db(), { role: "admin", name: "Aku Admin" });
    const kam = await createUser(db(), { role: "kam" });
    const loaded = (await run(userLoader, request(`/admin/users/${kam.id}`, { cookie: await sessionCookieFor(ada.id) }), { userId: kam.id })).value as {
      user: { version: number };
    };
    const version = String(loaded.user.version);
    const first = await run(userAction, formRequest(`/admin/users/${kam.id}`, { intent: "role", role: "director", version }, await sessionCookieFor(ada.id)), {
      userId: kam.id,
    });
    expect(statusOf(first)).toBe(302);
    const second = await run(userAction, formRequest(`/admin/users/${kam.id}`, { intent: "role", role: "admin", version }, await sessionCookieFor(aku.id)), {
      userId: kam.id,
    });
    expect(statusOf(second)).toBe(409);
    expect(reply(second).result?.error?.[""]?.[0]).toMatch(/^Ada Admin changed this while you were editing/);
    expect(reply(second).result?.initialValue).toMatchObject({ role: "admin" });
    const now = await db().selectFrom("users").select(["role", "version"]).where("id", "=", kam.id).executeTakeFirstOrThrow();
    expect(now).toEqual({ role: "director", version: loaded.user.version + 1 });
    const audit = await db().selectFrom("audit_events").select(["actor_id", "action", "before", "after"]).where("entity_id", "=", kam.id).execute();
    expect(audit).toEqual([{ actor_id: ada.id, action: "set_role", before: { role: "kam" }, after: { role: "director" } }]);
  });

  it("never leaves the app without an active administrator", async () => {
    const ada = await createUser(db(), { role: "admin", name: "Ada Admin" });
    const cookie = await sessionCookieFor(ada.id);
    const demote = await run(userAction, formRequest(`/admin/users/${ada.id}`, { intent: "role", role: "kam", version: "1" }, cookie), { userId: ada.id });
    expect(statusOf(demote)).toBe(400);
    expect(reply(demote).result?.error?.role?.[0]).toMatch(/At least one active administrator must remain/);
    const disable = await run(userAction, formRequest(`/admin/users/${ada.id}`, { intent: "disable", version: "1" }, cookie), { userId: ada.id });
    expect(statusOf(disable)).toBe(400);
    expect(reply(disable).result?.error?.[""]?.[0]).toMatch(/At least one active administrator must remain/);
    expect(await db().selectFrom("users").select(["role", "disabled_at"]).where("id", "=", ada.id).executeTakeFirst()).toEqual({ role: "admin", disabled_at: null });
  });

  it("lets only one of two administrators demoting each other at once succeed", async () => {
    const ada = await createUser(db(), { role: "admin" });
    const aku = await createUser(db(), { role: "admin" });
    const attempt = (actor: typeof ada, target: typeof aku) =>
      db()
        .transaction()
        .execute((trx) => changeUserRole(trx, { actor: { id: actor.id, role: "admin" } }, target.id, "kam", 1))
        .then(() => "changed")
        .catch((e: unknown) => (e instanceof UserAdminError ? e.code : String(e)));
    const outcomes = await Promise.all([attempt(ada, aku), attempt(aku, ada)]);
    expect(outcomes.sort()).toEqual(["changed", "lastAdmin"]);
    const admins = await db().selectFrom("users").select("id").where("role", "=", "admin").where("disabled_at", "is", null).execute();
    expect(admins).toHaveLength(1);
  });
});

describe("disabling a user", () => {
  it("revokes every session row at once, so their open browser is refused on its next request", async () => {
    const admin = await createUser(db(), { role: "admin" });
    const kam = await createUser(db(), { role: "kam", email: "leaving@pohjola.example" });
    const laptop = await sessionCookieFor(kam.id);
    const phone = await sessionCookieFor(kam.id);
    const res = await run(userAction, formRequest(`/admin/users/${kam.id}`, { intent: "disable", version: "1" }, await sessionCookieFor(admin.id)), {
      userId: kam.id,
    });
    expect(statusOf(res)).toBe(302);
    const sessions = await db().selectFrom("sessions").select("revoked_at").where("user_id", "=", kam.id).execute();
    expect(sessions).toHaveLength(2);
    expect(sessions.every((s) => s.revoked_at !== null)).toBe(true);
    for (const cookie of [laptop, phone]) {
      const next = await run(accountsLoader, request("/accounts", { cookie }));
      expect(statusOf(next)).toBe(302);
      expect(locationOf(next)).toMatch(/^\/login/);
    }
    expect(statusOf(await run(loginAction, formRequest("/login", { email: "leaving@pohjola.example", password: "correct horse battery staple" })))).toBe(401);
    const audit = await db().selectFrom("audit_events").select(["action", "after"]).where("entity_id", "=", kam.id).executeTakeFirstOrThrow();
    expect(audit.action).toBe("disable");
    expect(audit.after).toEqual({ disabled_at: expect.any(String) });

    // Enabled again: they sign in anew; the old sessions stay ended.
    const enable = await run(userAction, formRequest(`/admin/users/${kam.id}`, { intent: "enable", version: "2" }, await sessionCookieFor(admin.id)), {
      userId: kam.id,
    });
    expect(statusOf(enable)).toBe(302);
    expect(await getSessionUser(request("/", { cookie: laptop }))).toBeNull();
    expect(statusOf(await run(loginAction, formRequest("/login", { email: "leaving@pohjola.example", password: "correct horse battery staple" })))).toBe(302);
  });

  it("refuses a stale disable and changes nothing", async () => {
    const admin = await createUser(db(), { role: "admin" });
    const kam = await createUser(db(), { role: "kam" });
    await db().transaction().execute((trx) => setUserDisabled(trx, { actor: { id: admin.id, role: "admin" } }, kam.id, true, 1));
    const stale = await run(userAction, formRequest(`/admin/users/${kam.id}`, { intent: "enable", version: "1" }, await sessionCookieFor(admin.id)), {
      userId: kam.id,
    });
    expect(statusOf(stale)).toBe(409);
    expect((await db().selectFrom("users").select("disabled_at").where("id", "=", kam.id).executeTakeFirstOrThrow()).disabled_at).not.toBeNull();
  });
});
