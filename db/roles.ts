// The application's own database role on a PostgreSQL server: what it may do,
// and nothing more. Run by the role that ran the migrations (the tables' owner)
// after every `npm run db:migrate`: `npm run db:grant -- <application role>`.
// Frozen SQL, no app code: the migrations and this list go together.
import { sql, type Kysely } from "kysely";

/** Tables the application reads but never writes: the migrator's own and the portal scope (written by its functions). */
const READ_ONLY = ["kysely_migration", "kysely_migration_lock", "portal_scopes"];

const ident = (name: string) => {
  if (!/^[a-z_][a-z0-9_]{0,62}$/.test(name)) throw new Error(`"${name}" is not a plain lower-case role name.`);
  return name;
};

/**
 * The statements that give `role` exactly what the running application needs in
 * the current schema: reading and writing rows of every table (row-level
 * security still applies: the role must be neither a superuser nor the tables'
 * owner), reading the ones above, the sequences, and entering the portal role.
 * Idempotent.
 */
export function applicationGrants(role: string): string[] {
  const r = ident(role);
  return [
    // Policies written for the portal role apply to every role that inherits its
    // privileges: the application's role must only be able to SET ROLE to it.
    `DO $$ BEGIN
      IF (SELECT rolinherit FROM pg_roles WHERE rolname = '${r}') THEN
        RAISE EXCEPTION 'role ${r} inherits the privileges of the roles it belongs to: ALTER ROLE ${r} NOINHERIT first';
      END IF;
      IF (SELECT rolsuper OR rolbypassrls FROM pg_roles WHERE rolname = '${r}') THEN
        RAISE EXCEPTION 'role ${r} is a superuser or bypasses row-level security: the application must connect as an ordinary role';
      END IF;
    END $$`,
    `DO $$ BEGIN EXECUTE format('GRANT USAGE ON SCHEMA %I TO ${r}', current_schema()); END $$`,
    `DO $$ BEGIN EXECUTE format('GRANT SELECT, INSERT, UPDATE, DELETE ON ALL TABLES IN SCHEMA %I TO ${r}', current_schema()); END $$`,
    `REVOKE INSERT, UPDATE, DELETE, TRUNCATE, REFERENCES, TRIGGER ON ${READ_ONLY.join(", ")} FROM ${r}`,
    `DO $$ BEGIN EXECUTE format('GRANT USAGE, SELECT ON ALL SEQUENCES IN SCHEMA %I TO ${r}', current_schema()); END $$`,
    `GRANT kohtaamo_portal TO ${r}`,
  ];
}

/**
 * Why the connection's role is not held by row-level security (a superuser, a
 * role that bypasses it, or the tables' owner), or null when it is. The server
 * says so at start on a PostgreSQL server (README, "Database roles").
 */
export async function roleNotBoundBySecurity(db: Kysely<any>): Promise<string | null> {
  const { rows } = await sql<{ role: string; super: boolean; bypass: boolean; owner: boolean }>`
    select r.rolname as role, r.rolsuper as super, r.rolbypassrls as bypass,
      exists (select 1 from pg_class c join pg_namespace n on n.oid = c.relnamespace
        where n.nspname = current_schema() and c.relkind = 'r' and pg_has_role(r.oid, c.relowner, 'USAGE')) as owner
    from pg_roles r where r.rolname = current_user`.execute(db);
  const row = rows[0];
  if (!row) return null;
  const why = row.super ? "a superuser" : row.bypass ? "a role that bypasses row-level security" : row.owner ? "the owner of its tables" : null;
  return why && `The application connects to PostgreSQL as ${row.role}, ${why}: row-level security does not hold it, so the portal's isolation in depth is weaker. Connect as an ordinary role (README, "Database roles").`;
}
