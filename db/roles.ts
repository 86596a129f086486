// The application's own database role on a PostgreSQL server: what it may do,
// and nothing more. Run by the role that ran the migrations (the tables' owner)
// after every `npm run db:migrate`: `npm run db:grant -- <application role>`.
// Frozen SQL, no app code: the migrations and this list go together.

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
