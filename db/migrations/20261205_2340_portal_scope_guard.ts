import { sql, type Kysely } from "kysely";

// The portal's scope, bound to its transaction and out of the portal's reach.
// Frozen in time: never imports app code.
//
// Before: a portal transaction named its account in the setting
// `kohtaamo.account_id` and switched to `kohtaamo_portal` with SET LOCAL ROLE.
// Any role may change a custom setting (`set_config` works inside a SELECT), and
// RESET ROLE always returns to the connection's own role: a statement injected
// into a portal query could have read another account.
//
// Now:
// - The scope is a row of `portal_scopes`, keyed by the transaction's id
//   (`pg_current_xact_id()`), written and removed only through two SECURITY
//   DEFINER functions. Opening refuses a second scope in one transaction;
//   closing needs a random key whose hash was given at opening (the key stays
//   in the application's memory). Nobody else may write the table; the portal
//   role and the application role may read it (it holds only hashes).
// - The portal role's policies read the account from that row.
// - `portal_scope_guard`, a RESTRICTIVE policy for every role on every table,
//   lets only the portal role see or change anything while a scope is open in
//   the transaction. RESET ROLE (or SET ROLE, or set_config('role', …)) inside
//   a portal transaction therefore lands on an application role that sees
//   nothing until the application closes the scope with its key. Superusers and
//   the tables' owner bypass row-level security: the application connects as a
//   role that is neither (README, "Using a real PostgreSQL server").
// Tables created later must get the guard too (tests/integration/database-roles.test.ts
// checks every table).

const ROLE = "kohtaamo_portal";
const OLD_SCOPE = `NULLIF(current_setting('kohtaamo.account_id', true), '')::uuid`;
const SCOPE = `(SELECT s.account_id FROM portal_scopes s WHERE s.xact = pg_current_xact_id_if_assigned())`;
const GUARD = `(SELECT current_user = '${ROLE}' OR NOT EXISTS (
  SELECT 1 FROM portal_scopes s WHERE s.xact = pg_current_xact_id_if_assigned()))`;

/** Tables whose `portal_account` policy names the scoped account by `account_id` (`accounts` by `id`). */
const SCOPED_TABLES = [
  "stakeholders",
  "touchpoints",
  "touchpoint_stakeholders",
  "touchpoint_users",
  "touchpoint_invoices",
  "touchpoint_support_cases",
  "expectations",
  "expectation_changes",
  "expectation_verdicts",
  "survey_responses",
  "portal_access",
  "portal_invitations",
  "account_scores",
  "health_snapshots",
  "risk_signals",
  "audit_events",
];
const POLICED = ["accounts", ...SCOPED_TABLES];
/** Tables that had row-level security before this migration. */
const HAD_RLS = ["users", ...POLICED];
/** Not guarded: the migrator's own tables (read-only for the application) and the scope itself. */
const UNGUARDED = ["kysely_migration", "kysely_migration_lock", "portal_scopes"];

const portalAccount = (table: string, scope: string) => {
  const column = table === "accounts" ? "id" : "account_id";
  return `CREATE POLICY portal_account ON ${table} AS RESTRICTIVE TO ${ROLE}
    USING (${column} = ${scope}) WITH CHECK (${column} = ${scope})`;
};

async function tables(db: Kysely<any>): Promise<string[]> {
  const { rows } = await sql<{ name: string }>`
    SELECT c.relname AS name FROM pg_class c JOIN pg_namespace n ON n.oid = c.relnamespace
    WHERE n.nspname = current_schema() AND c.relkind IN ('r', 'p') ORDER BY c.relname
  `.execute(db);
  return rows.map((r) => r.name).filter((t) => !UNGUARDED.includes(t));
}

export async function up(db: Kysely<any>): Promise<void> {
  const { rows } = await sql<{ schema: string }>`SELECT current_schema() AS schema`.execute(db);
  const path = `SET search_path = "${rows[0]!.schema.replace(/"/g, '""')}", pg_temp`;
  const statements = [
    `
      CREATE TABLE portal_scopes (
        xact xid8 PRIMARY KEY,
        account_id uuid NOT NULL,
        key_hash text NOT NULL CHECK (length(key_hash) = 64)
      )
    `,
    `REVOKE ALL ON portal_scopes FROM PUBLIC`,
    `GRANT SELECT ON portal_scopes TO ${ROLE}`,
    `
      CREATE FUNCTION kohtaamo_open_portal_scope(account uuid, key_hash text) RETURNS void
      LANGUAGE sql VOLATILE SECURITY DEFINER ${path} AS $$
        INSERT INTO portal_scopes (xact, account_id, key_hash) VALUES (pg_current_xact_id(), account, key_hash)
      $$
    `,
    `
      CREATE FUNCTION kohtaamo_close_portal_scope(key text) RETURNS boolean
      LANGUAGE sql VOLATILE SECURITY DEFINER ${path} AS $$
        WITH closed AS (
          DELETE FROM portal_scopes
          WHERE xact = pg_current_xact_id_if_assigned()
            AND key_hash = encode(sha256(convert_to(key, 'UTF8')), 'hex')
          RETURNING 1
        )
        SELECT EXISTS (SELECT 1 FROM closed)
      $$
    `,
    ...POLICED.map((t) => `DROP POLICY portal_account ON ${t}`),
    ...POLICED.map((t) => portalAccount(t, SCOPE)),
  ];
  for (const statement of statements) await sql.raw(statement).execute(db);
  for (const table of await tables(db)) {
    if (!HAD_RLS.includes(table)) {
      await sql.raw(`ALTER TABLE ${table} ENABLE ROW LEVEL SECURITY`).execute(db);
      await sql.raw(`CREATE POLICY app_all ON ${table} USING (true) WITH CHECK (true)`).execute(db);
    }
    await sql.raw(`CREATE POLICY portal_scope_guard ON ${table} AS RESTRICTIVE USING (${GUARD}) WITH CHECK (${GUARD})`).execute(db);
  }
}

export async function down(db: Kysely<any>): Promise<void> {
  for (const table of await tables(db)) {
    await sql.raw(`DROP POLICY IF EXISTS portal_scope_guard ON ${table}`).execute(db);
    if (!HAD_RLS.includes(table)) {
      await sql.raw(`DROP POLICY IF EXISTS app_all ON ${table}`).execute(db);
      await sql.raw(`ALTER TABLE ${table} DISABLE ROW LEVEL SECURITY`).execute(db);
    }
  }
  for (const table of POLICED) {
    await sql.raw(`DROP POLICY portal_account ON ${table}`).execute(db);
    await sql.raw(portalAccount(table, OLD_SCOPE)).execute(db);
  }
  await sql`DROP FUNCTION kohtaamo_close_portal_scope(text)`.execute(db);
  await sql`DROP FUNCTION kohtaamo_open_portal_scope(uuid, text)`.execute(db);
  await sql`DROP TABLE portal_scopes`.execute(db);
}
