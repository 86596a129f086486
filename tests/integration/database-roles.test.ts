import { sql } from "kysely";
import { describe, expect, it } from "vitest";
import { withPortalScope, withPortalWrite } from "#app/models/portal-scope.server.ts";
import { db } from "#app/utils/db.server.ts";
import { createAccount, createTouchpoint, createUser } from "#tests/factories/index.ts";

// The portal's scope cannot be moved from inside it (db/migrations/20261205_2340_portal_scope_guard.ts),
// on either database. Leaving the portal role inside the scope is proven on a server,
// as the application's own non-superuser role, in database-roles.pg.test.ts.

const codeOf = (error: unknown) => (error as { code?: string } | null)?.code ?? "none";

async function twoAccounts() {
  const kam = await createUser(db(), { role: "kam" });
  const ours = await createAccount(db(), { owner_id: kam.id, name: "Oma Oy" });
  const theirs = await createAccount(db(), { owner_id: kam.id, name: "Vieras Oy" });
  await createTouchpoint(db(), { account_id: ours.id, title: "Our shared", shared_with_customer: true });
  await createTouchpoint(db(), { account_id: theirs.id, title: "Their shared", shared_with_customer: true });
  return { ours, theirs };
}

describe("the portal scope", () => {
  it("guards every table: row-level security with the scope guard for every role", async () => {
    const { rows } = await sql<{ name: string; rls: boolean; guarded: boolean }>`
      select c.relname as name, c.relrowsecurity as rls,
        exists (select 1 from pg_policies p where p.schemaname = n.nspname and p.tablename = c.relname
          and p.policyname = 'portal_scope_guard' and p.permissive = 'RESTRICTIVE' and p.roles = '{public}') as guarded
      from pg_class c join pg_namespace n on n.oid = c.relnamespace
      where n.nspname = current_schema() and c.relkind in ('r', 'p')
        and c.relname not in ('kysely_migration', 'kysely_migration_lock', 'portal_scopes')
      order by 1`.execute(db());
    expect(rows.length).toBeGreaterThanOrEqual(27);
    expect(rows.filter((r) => !r.rls || !r.guarded)).toEqual([]);
  });

  it("cannot be changed from inside: not by the old setting, a second scope, a guessed key or writing the scope table", async () => {
    const { ours, theirs } = await twoAccounts();
    const titles = (trx: Parameters<Parameters<typeof withPortalScope>[1]>[0]) =>
      trx.selectFrom("touchpoints").select("title").execute().then((rows) => rows.map((r) => r.title));

    const seen = await withPortalScope(ours.id, async (trx) => {
      await sql`select set_config('kohtaamo.account_id', ${theirs.id}, true)`.execute(trx);
      const afterSetting = await titles(trx);
      const guessed = await sql<{ closed: boolean }>`select kohtaamo_close_portal_scope(${"0".repeat(64)}) as closed`.execute(trx);
      return { afterSetting, closed: guessed.rows[0]!.closed, still: await titles(trx) };
    });
    expect(seen).toEqual({ afterSetting: ["Our shared"], closed: false, still: ["Our shared"] });

    const refused = (fn: Parameters<typeof withPortalScope>[1]) => withPortalScope(ours.id, fn).then(() => "none", codeOf);
    const hash = "a".repeat(64);
    expect(await refused((trx) => sql`select kohtaamo_open_portal_scope(${theirs.id}::uuid, ${hash})`.execute(trx))).toBe("23505");
    expect(await refused((trx) => sql`delete from portal_scopes`.execute(trx))).toBe("42501");
    expect(await refused((trx) => sql`update portal_scopes set account_id = ${theirs.id}::uuid`.execute(trx))).toBe("42501");
    expect(await refused((trx) => sql`insert into portal_scopes values (pg_current_xact_id(), ${theirs.id}::uuid, ${hash})`.execute(trx))).toBe("42501");

    // Nothing outlives its transaction.
    expect(await db().selectFrom("portal_scopes").select("xact").execute()).toEqual([]);
  });

  it("takes one statement at a time: nothing can be appended to a query", async () => {
    const error = await sql.raw("select 1; select 2").execute(db()).then(() => null, (e: unknown) => e);
    expect(codeOf(error)).toBe("42601");
  });

  it("commits a page's read-only scope without waiting for the disk, and a portal write durably", async () => {
    const { ours: account } = await twoAccounts();
    const setting = (trx: Parameters<Parameters<typeof withPortalScope>[1]>[0]) =>
      sql<{ v: string }>`select current_setting('synchronous_commit') as v`.execute(trx).then((r) => r.rows[0]!.v);
    expect(await withPortalScope(account.id, setting)).toBe("off");
    expect(await withPortalWrite(account.id, setting)).toBe("on");
    // Transaction-local: the connection's next transaction waits for the disk again.
    expect(await db().transaction().execute(setting)).toBe("on");
  });
});
