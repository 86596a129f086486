import { sql, type Kysely } from "kysely";
import { afterAll, afterEach, beforeAll, beforeEach, describe, expect, it } from "vitest";
import { withPortalScope, withPortalWrite } from "#app/models/portal-scope.server.ts";
import { db, replaceDatabase } from "#app/utils/db.server.ts";
import { createDatabase, type Database } from "#db/connection.ts";
import { readDatabaseEnv } from "#db/env.ts";
import { applicationGrants, roleNotBoundBySecurity } from "#db/roles.ts";
import type { DB } from "#db/schema.ts";
import { createAccount, createPortalUser, createStakeholder, createTouchpoint, createUser } from "#tests/factories/index.ts";
import { handle } from "#tests/setup/app-handler.ts";
import { request, sessionCookieFor } from "#tests/setup/requests.ts";
import { testDbPrefix } from "#tests/setup/test-db.ts";

// The application as an operator runs it (README, "Using a real PostgreSQL
// server"): connected as an ordinary role (no superuser, owns nothing, NOINHERIT)
// given exactly db/roles.ts's grants, while the tables belong to the role that
// migrated them. Inside a portal transaction the portal role may leave itself
// (RESET ROLE always returns to the connection's role), but lands where nothing
// is visible or writable until the application closes the scope with its key.
// Runs only with TEST_DATABASE_URL (a server).

const ownerUrl = process.env.DATABASE_URL!;
const appRole = `${testDbPrefix}_app`;
let owner: Database;
let asApp: Database;
let ownerHandle: Database | undefined;

const codeOf = (error: unknown) => (error as { code?: string } | null)?.code ?? "none";

beforeAll(async () => {
  owner = createDatabase(readDatabaseEnv({ ...process.env, DATABASE_URL: ownerUrl }));
  // Roles belong to the server: made once, reused by every worker's database.
  await sql
    .raw(
      `DO $$ BEGIN
        CREATE ROLE ${appRole} LOGIN NOINHERIT;
      EXCEPTION WHEN duplicate_object OR unique_violation THEN NULL;
      END $$`,
    )
    .execute(owner.db);
  for (const statement of applicationGrants(appRole)) await sql.raw(statement).execute(owner.db);
  const url = new URL(ownerUrl);
  url.username = appRole;
  url.password = "";
  asApp = createDatabase(readDatabaseEnv({ ...process.env, DATABASE_URL: url.toString() }));
});
// Each test runs the app as that role; the clean-up between tests stays the owner's.
beforeEach(() => void (ownerHandle = replaceDatabase(asApp)));
afterEach(() => void replaceDatabase(ownerHandle));

afterAll(async () => {
  await asApp?.close();
  await owner?.close();
});

async function world() {
  // Written as the application itself would: through its own role.
  const kam = await createUser(db(), { role: "kam" });
  const ours = await createAccount(db(), { owner_id: kam.id, name: "Oma Oy" });
  const theirs = await createAccount(db(), { owner_id: kam.id, name: "Vieras Oy" });
  await createTouchpoint(db(), { account_id: ours.id, title: "Our shared", shared_with_customer: true });
  await createTouchpoint(db(), { account_id: theirs.id, title: "Their shared", shared_with_customer: true });
  const champion = await createStakeholder(db(), { account_id: ours.id, name: "Chris Champion" });
  const customer = await createPortalUser(db(), ours.id, champion.id);
  return { kam, ours, theirs, customer };
}

const everything = async (trx: Kysely<DB>) => ({
  accounts: (await trx.selectFrom("accounts").select("name").orderBy("name").execute()).map((r) => r.name),
  touchpoints: (await trx.selectFrom("touchpoints").select("title").orderBy("title").execute()).map((r) => r.title),
  users: (await trx.selectFrom("users").select("id").execute()).length,
  sessions: (await trx.selectFrom("sessions").select("id").execute()).length,
});

describe("the application's database role", () => {
  it("is an ordinary role: no superuser, no bypass of row-level security, owns nothing, creates nothing", async () => {
    const { rows } = await sql<{ user: string; super: boolean; bypass: boolean; createrole: boolean; createdb: boolean; inherit: boolean; owned: number }>`
      select current_user as user, r.rolsuper as super, r.rolbypassrls as bypass, r.rolcreaterole as createrole,
        r.rolcreatedb as createdb, r.rolinherit as inherit,
        (select count(*)::int from pg_class c where c.relowner = r.oid)
          + (select count(*)::int from pg_proc p where p.proowner = r.oid)
          + (select count(*)::int from pg_namespace n where n.nspowner = r.oid) as owned
      from pg_roles r where r.rolname = current_user`.execute(db());
    expect(rows).toEqual([{ user: appRole, super: false, bypass: false, createrole: false, createdb: false, inherit: false, owned: 0 }]);
    const refused = (statement: string) => sql.raw(statement).execute(db()).then(() => "none", codeOf);
    expect(await refused("create table intruder (id int)")).toBe("42501");
    expect(await refused("delete from kysely_migration")).toBe("42501");
    expect(await refused("alter table accounts disable row level security")).toBe("42501");
    expect(await refused("drop policy portal_scope_guard on sessions")).toBe("42501");
    // The server says nothing at start for this role, and warns for one that row-level security does not hold.
    expect(await roleNotBoundBySecurity(db())).toBeNull();
    expect(await roleNotBoundBySecurity(owner.db)).toMatch(/as postgres, a superuser: row-level security does not hold it/);
  });

  it("runs the application: a staff page and the customer's portal answer", async () => {
    const w = await world();
    const staff = await handle(request("/accounts", { cookie: await sessionCookieFor(w.kam.id) }));
    expect(staff.status).toBe(200);
    const portal = await handle(request("/portal", { cookie: await sessionCookieFor(w.customer.id) }));
    expect(portal.status).toBe(200);
    const html = await portal.text();
    expect(html).toContain("Oma Oy");
    expect(html).not.toContain("Vieras Oy");
  });

  it("cannot leave the portal's account from inside its transaction", async () => {
    const w = await world();
    const inScope = { accounts: ["Oma Oy"], touchpoints: ["Our shared"] };
    const nothing = { accounts: [], touchpoints: [], users: 0, sessions: 0 };

    const escapes = await withPortalScope(w.ours.id, async (trx) => {
      const portal = await trx.selectFrom("accounts").select("name").execute();
      await sql`select set_config('kohtaamo.account_id', ${w.theirs.id}, true)`.execute(trx);
      const afterSetting = await trx.selectFrom("touchpoints").select("title").execute();
      await sql`RESET ROLE`.execute(trx);
      const afterReset = await everything(trx);
      await sql.raw(`SET ROLE ${appRole}`).execute(trx);
      const afterSetRole = await everything(trx);
      await sql`select set_config('role', 'none', true)`.execute(trx);
      const afterRoleSetting = await everything(trx);
      const guessed = await sql<{ closed: boolean }>`select kohtaamo_close_portal_scope(${"f".repeat(64)}) as closed`.execute(trx);
      // Back into the portal role: the same account as before.
      await sql`SET LOCAL ROLE kohtaamo_portal`.execute(trx);
      const again = await trx.selectFrom("accounts").select("name").execute();
      return {
        portal: portal.map((r) => r.name),
        afterSetting: afterSetting.map((r) => r.title),
        afterReset,
        afterSetRole,
        afterRoleSetting,
        closed: guessed.rows[0]!.closed,
        again: again.map((r) => r.name),
      };
    });
    expect(escapes).toEqual({
      portal: inScope.accounts,
      afterSetting: inScope.touchpoints,
      afterReset: nothing,
      afterSetRole: nothing,
      afterRoleSetting: nothing,
      closed: false,
      again: inScope.accounts,
    });

    // Out of the portal role, nothing can be written either, nor the scope removed or replaced.
    const refused = (statement: string) =>
      withPortalScope(w.ours.id, async (trx) => {
        await sql`RESET ROLE`.execute(trx);
        await sql.raw(statement).execute(trx);
      }).then(() => "none", codeOf);
    const hash = "a".repeat(64);
    expect(await refused(`update accounts set name = 'Taken' where id = '${w.theirs.id}'`)).toBe("none"); // runs, touches nothing:
    expect(await refused(`insert into sessions (token_hash, user_id, expires_at) values ('x', '${w.kam.id}', now() + interval '1 day')`)).toBe("42501");
    expect(await refused(`insert into app_settings (key, value) values ('intruder', '{}')`)).toBe("42501");
    expect(await refused(`delete from portal_scopes`)).toBe("42501");
    expect(await refused(`select kohtaamo_open_portal_scope('${w.theirs.id}', '${hash}')`)).toBe("23505");
    expect(await refused(`select 1; commit; select 2`)).toBe("42601");
    expect((await db().selectFrom("accounts").select("name").orderBy("name").execute()).map((r) => r.name)).toEqual(["Oma Oy", "Vieras Oy"]);
    expect(await db().selectFrom("portal_scopes").select("xact").execute()).toEqual([]);
  });

  it("is itself again once the application closes the scope: a portal write recomputes the account's scores", async () => {
    const w = await world();
    await withPortalWrite(w.ours.id, async (trx) => {
      expect(await trx.selectFrom("accounts").select("name").execute()).toEqual([{ name: "Oma Oy" }]);
    });
    const scored = await db().selectFrom("account_scores").select("account_id").where("account_id", "=", w.ours.id).execute();
    expect(scored).toHaveLength(1);
    expect((await everything(db())).accounts).toEqual(["Oma Oy", "Vieras Oy"]);
  });
});
