import { describe, expect, it } from "vitest";
import { action as loginAction } from "#app/routes/login.tsx";
import { action as passwordAction, loader as passwordLoader } from "#app/routes/password.tsx";
import { db } from "#app/utils/db.server.ts";
import { getSessionUser } from "#app/web/session.server.ts";
import { createAccount, createPortalUser, createStakeholder, createUser, TEST_PASSWORD } from "#tests/factories/index.ts";
import { formRequest, locationOf, request, run, sessionCookieFor, statusOf } from "#tests/setup/requests.ts";

type Reply = { data: { error?: Record<string, string[]>; initialValue?: Record<string, unknown> }; init?: { headers?: Record<string, string> } };
const errors = (res: { value: unknown }) => (res.value as Reply).data.error ?? {};

function change(cookie: string, fields: Record<string, string>, headers: Record<string, string> = {}) {
  const req = formRequest("/password", fields, cookie);
  for (const [k, v] of Object.entries(headers)) req.headers.set(k, v);
  return run(passwordAction, req);
}
const NEW = "kuusi kuusta kuudessa";

describe("changing one's own password", () => {
  it("refuses a wrong current password at its field, audits it, and changes nothing", async () => {
    const kam = await createUser(db(), { role: "kam" });
    const cookie = await sessionCookieFor(kam.id);
    const res = await change(cookie, { current_password: "not my password", password: NEW, confirm: NEW });
    expect(statusOf(res)).toBe(400);
    expect(errors(res)).toEqual({ current_password: ["This is not your current password."] });
    // Passwords are never sent back into the form.
    expect((res.value as Reply).data.initialValue?.password).toBeUndefined();
    const audit = await db().selectFrom("audit_events").select(["actor_id", "action"]).execute();
    expect(audit).toEqual([{ actor_id: kam.id, action: "password_change_failed" }]);
    expect(await getSessionUser(request("/", { cookie }))).not.toBeNull();
  });

  it("applies the password policy at the field, in the user's language", async () => {
    const kam = await createUser(db(), { role: "kam", email: "maija.meikalainen@pohjola.example", name: "Maija Meikäläinen" });
    const cookie = await sessionCookieFor(kam.id);
    const common = await change(cookie, { current_password: TEST_PASSWORD, password: "qwertyuiop12", confirm: "qwertyuiop12" });
    expect(errors(common).password?.[0]).toMatch(/too common/);
    const own = await change(cookie, { current_password: TEST_PASSWORD, password: "Maija.Meikalainen", confirm: "Maija.Meikalainen" });
    expect(errors(own).password).toEqual(["Do not use your e-mail address or your name as your password."]);
    const same = await change(cookie, { current_password: TEST_PASSWORD, password: TEST_PASSWORD, confirm: TEST_PASSWORD });
    expect(errors(same).password).toEqual(["The new password must differ from the current one."]);
    const fi = await change(cookie, { current_password: TEST_PASSWORD, password: "Password2024!", confirm: "Password2024!" }, { "Accept-Language": "fi" });
    expect(errors(fi).password?.[0]).toMatch(/liian yleinen/);
    const mismatch = await change(cookie, { current_password: TEST_PASSWORD, password: NEW, confirm: "something else" });
    expect(errors(mismatch)).toEqual({ confirm: ["The passwords do not match."] });
  });

  it("on success ends every other session, renews this one, and audits it", async () => {
    const kam = await createUser(db(), { role: "kam", email: "vaihtaja@pohjola.example" });
    const here = await sessionCookieFor(kam.id);
    const elsewhere = [await sessionCookieFor(kam.id), await sessionCookieFor(kam.id)];
    const res = await change(here, { current_password: TEST_PASSWORD, password: NEW, confirm: NEW });
    expect(statusOf(res)).toBe(302);
    expect(locationOf(res)).toBe("/password");
    const fresh = (res.value as Response).headers.getSetCookie().find((c) => c.startsWith("kohtaamo_session="))!.split(";")[0]!;
    expect(fresh).not.toBe(here);
    expect((await getSessionUser(request("/", { cookie: fresh })))?.id).toBe(kam.id);
    for (const old of [here, ...elsewhere]) expect(await getSessionUser(request("/", { cookie: old }))).toBeNull();
    const live = await db().selectFrom("sessions").select("id").where("user_id", "=", kam.id).where("revoked_at", "is", null).execute();
    expect(live).toHaveLength(1);

    expect(statusOf(await run(loginAction, formRequest("/login", { email: "vaihtaja@pohjola.example", password: TEST_PASSWORD })))).toBe(401);
    expect(statusOf(await run(loginAction, formRequest("/login", { email: "vaihtaja@pohjola.example", password: NEW })))).toBe(302);
    const actions = await db().selectFrom("audit_events").select("action").where("actor_id", "=", kam.id).orderBy("id").execute();
    expect(actions.map((a) => a.action)).toEqual(["password_change", "sign_in_failed", "sign_in"]);
  });

  it("works for a portal customer too", async () => {
    const kam = await createUser(db(), { role: "kam" });
    const account = await createAccount(db(), { owner_id: kam.id });
    const stakeholder = await createStakeholder(db(), { account_id: account.id });
    const customer = await createPortalUser(db(), account.id, stakeholder.id);
    const cookie = await sessionCookieFor(customer.id);
    expect(statusOf(await run(passwordLoader, request("/password", { cookie })))).toBe(200);
    expect(statusOf(await change(cookie, { current_password: TEST_PASSWORD, password: NEW, confirm: NEW }))).toBe(302);
  });

  it("shares the sign-in limit per account: the eleventh guess in a minute is refused, even from another address", async () => {
    const kam = await createUser(db(), { role: "kam", email: "target@pohjola.example" });
    const cookie = await sessionCookieFor(kam.id);
    for (let i = 0; i < 5; i++) {
      expect(statusOf(await run(loginAction, formRequest("/login", { email: "target@pohjola.example", password: `guess ${i}` })))).toBe(401);
    }
    for (let i = 0; i < 5; i++) {
      const res = await change(cookie, { current_password: `guess ${i}`, password: NEW, confirm: NEW }, { "X-Kohtaamo-Remote-Addr": `10.1.0.${i}` });
      expect(statusOf(res)).toBe(400);
    }
    const refused = await change(cookie, { current_password: TEST_PASSWORD, password: NEW, confirm: NEW }, { "X-Kohtaamo-Remote-Addr": "10.2.0.1" });
    expect(statusOf(refused)).toBe(429);
    expect(errors(refused)[""]?.[0]).toMatch(/Too many attempts. Try again in \d+ seconds./);
    expect(Number((refused.value as Reply).init?.headers?.["Retry-After"])).toBeGreaterThan(0);
    // The right password was not even tried: nothing changed.
    expect(await getSessionUser(request("/", { cookie }))).not.toBeNull();
  });
});
