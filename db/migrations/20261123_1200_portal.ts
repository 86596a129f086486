import { sql, type Kysely } from "kysely";

// The customer portal: one-time invitations, and isolation in depth.
// Frozen in time: never imports app code.
//
// Row-level security. Every account-scoped table has RLS enabled with two kinds
// of policy:
// - `app_all`, permissive, for every role: the application's own role sees and
//   changes every row as before (the table owner bypasses RLS anyway unless
//   FORCE is set; this keeps a non-owner application role working too).
// - `portal_*`, RESTRICTIVE, only for the role `kohtaamo_portal` (NOLOGIN): rows
//   of the account named by the transaction setting `kohtaamo.account_id`, and
//   nothing when it is unset. Restrictive policies are ANDed with the permissive
//   one, so for that role the account filter always applies.
// Portal requests run their queries in a transaction that does
// `SET LOCAL ROLE kohtaamo_portal` and sets `kohtaamo.account_id` (see
// app/models/portal-scope.server.ts). The role is also granted only the columns
// a customer may see: internal notes, sentiment, stance and risk data cannot be
// selected by it at all.
//
// Roles belong to the whole server, not to one database: the role is created
// only when missing (several databases of one server share it), and `down`
// leaves it when another database still uses it.

const ROLE = "kohtaamo_portal";
// '' once the setting has been used earlier in the session, NULL before: both mean "no account".
const SCOPE = `NULLIF(current_setting('kohtaamo.account_id', true), '')::uuid`;

const createInvitations = [
  `
    CREATE TABLE portal_invitations (
      account_id uuid NOT NULL REFERENCES accounts (id) ON DELETE CASCADE,
      id uuid NOT NULL DEFAULT gen_random_uuid(),
      stakeholder_id uuid NOT NULL,
      email text NOT NULL CHECK (length(email) BETWEEN 3 AND 254),
      token_hash text NOT NULL,
      expires_at timestamptz NOT NULL,
      created_by uuid REFERENCES users (id) ON DELETE SET NULL,
      created_at timestamptz NOT NULL DEFAULT now(),
      accepted_at timestamptz,
      accepted_user_id uuid REFERENCES users (id) ON DELETE SET NULL,
      revoked_at timestamptz,
      PRIMARY KEY (account_id, id),
      FOREIGN KEY (account_id, stakeholder_id) REFERENCES stakeholders (account_id, id) ON DELETE CASCADE,
      CHECK (expires_at > created_at),
      CHECK (accepted_at IS NULL OR revoked_at IS NULL)
    )
  `,
  `CREATE UNIQUE INDEX portal_invitations_token_key ON portal_invitations (token_hash)`,
  `
    CREATE INDEX portal_invitations_pending_idx ON portal_invitations (account_id, stakeholder_id, created_at DESC)
      WHERE accepted_at IS NULL AND revoked_at IS NULL
  `,
  // A customer user belongs to one account at a time: the portal is scoped by it.
  `CREATE UNIQUE INDEX portal_access_live_user_key ON portal_access (user_id) WHERE revoked_at IS NULL`,
];

const createRole = `
  DO $$
  BEGIN
    IF NOT EXISTS (SELECT 1 FROM pg_roles WHERE rolname = '${ROLE}') THEN
      BEGIN
        CREATE ROLE ${ROLE} NOLOGIN NOINHERIT;
      EXCEPTION WHEN duplicate_object OR unique_violation THEN
        NULL; -- created meanwhile by a migration of another database on this server
      END;
    END IF;
    -- SET ROLE needs membership; a superuser has it already.
    IF NOT (SELECT rolsuper FROM pg_roles WHERE rolname = current_user) THEN
      EXECUTE format('GRANT ${ROLE} TO %I', current_user);
    END IF;
    EXECUTE format('GRANT USAGE ON SCHEMA %I TO ${ROLE}', current_schema());
  END
  $$
`;

// Column-level grants: exactly what the portal reads and writes.
const grants = [
  `GRANT SELECT (id, name, owner_id) ON accounts TO ${ROLE}`,
  `GRANT SELECT (id, name, email, locale) ON users TO ${ROLE}`,
  `GRANT SELECT (account_id, id, name, title, left_on) ON stakeholders TO ${ROLE}`,
  `GRANT SELECT (account_id, id, kind, occurred_at, title, summary, shared_with_customer, source) ON touchpoints TO ${ROLE}`,
  `GRANT INSERT (account_id, id, kind, occurred_at, author_id, source, title, summary, shared_with_customer) ON touchpoints TO ${ROLE}`,
  `GRANT INSERT (account_id, touchpoint_id, stakeholder_id, occurred_at) ON touchpoint_stakeholders TO ${ROLE}`,
  `GRANT SELECT (account_id, touchpoint_id, user_id) ON touchpoint_users TO ${ROLE}`,
  `GRANT SELECT (account_id, touchpoint_id, number, amount, currency, due_date, paid_on, disputed) ON touchpoint_invoices TO ${ROLE}`,
  `GRANT SELECT (account_id, touchpoint_id, severity, status, opened_at, sla_due_at, resolved_at) ON touchpoint_support_cases TO ${ROLE}`,
  `GRANT SELECT (account_id, id, title, category, holder_stakeholder_id, source, importance, original_due_date, due_date,
     status, outcome, delivered_on, customer_response, customer_comment, customer_responded_at, version) ON expectations TO ${ROLE}`,
  `GRANT INSERT (account_id, id, title, description, category, holder_stakeholder_id, source, importance, original_due_date,
     due_date, status) ON expectations TO ${ROLE}`,
  `GRANT UPDATE (customer_response, customer_comment, customer_responded_at, updated_at, version) ON expectations TO ${ROLE}`,
  `GRANT SELECT (account_id, id, expectation_id, kind, from_due_date, to_due_date, at) ON expectation_changes TO ${ROLE}`,
  `GRANT INSERT (account_id, id, expectation_id, kind, to_due_date, reason, actor_id, details) ON expectation_changes TO ${ROLE}`,
  `GRANT SELECT (account_id, id, stakeholder_id, kind, score, touchpoint_id, answered_at) ON survey_responses TO ${ROLE}`,
  `GRANT INSERT (account_id, id, stakeholder_id, kind, score, comment, touchpoint_id) ON survey_responses TO ${ROLE}`,
  `GRANT SELECT (account_id, predictability, predictability_sample, computed_at) ON account_scores TO ${ROLE}`,
  `GRANT INSERT (actor_id, account_id, entity, entity_id, action, before, after, ip) ON audit_events TO ${ROLE}`,
];

/** Tables with an account_id column, each limited to the scoped account for the portal role. */
const ACCOUNT_TABLES = [
  "stakeholders",
  "touchpoints",
  "touchpoint_stakeholders",
  "touchpoint_users",
  "touchpoint_invoices",
  "touchpoint_support_cases",
  "expectations",
  "expectation_changes",
  "survey_responses",
  "portal_access",
  "portal_invitations",
  "account_scores",
  "health_snapshots",
  "risk_signals",
  "audit_events",
];
const RLS_TABLES = ["accounts", "users", ...ACCOUNT_TABLES];

const restrictive = (name: string, table: string, rest: string) =>
  `CREATE POLICY ${name} ON ${table} AS RESTRICTIVE ${rest}`;

const policies = [
  ...RLS_TABLES.map((t) => `CREATE POLICY app_all ON ${t} USING (true) WITH CHECK (true)`),
  ...ACCOUNT_TABLES.map((t) =>
    restrictive("portal_account", t, `TO ${ROLE} USING (account_id = ${SCOPE}) WITH CHECK (account_id = ${SCOPE})`),
  ),
  restrictive("portal_account", "accounts", `TO ${ROLE} USING (id = ${SCOPE}) WITH CHECK (id = ${SCOPE})`),
  // Staff the customer deals with: the account's manager and the people who took
  // part in touchpoints shared with them (both subqueries are themselves under RLS).
  restrictive(
    "portal_account",
    "users",
    `FOR SELECT TO ${ROLE} USING (
      id IN (SELECT owner_id FROM accounts) OR id IN (SELECT user_id FROM touchpoint_users)
    )`,
  ),
  // Only shared touchpoints are read; only the portal's own are written, unshared.
  restrictive("portal_shared_only", "touchpoints", `FOR SELECT TO ${ROLE} USING (shared_with_customer)`),
  restrictive("portal_insert", "touchpoints", `FOR INSERT TO ${ROLE} WITH CHECK (source = 'portal' AND NOT shared_with_customer)`),
  ...["touchpoint_invoices", "touchpoint_support_cases", "touchpoint_users"].map((t) =>
    restrictive(
      "portal_shared_only",
      t,
      `FOR SELECT TO ${ROLE} USING (EXISTS (
        SELECT 1 FROM touchpoints tp WHERE tp.account_id = ${t}.account_id AND tp.id = ${t}.touchpoint_id
      ))`,
    ),
  ),
  // Commitments, and the customer's own proposals; new ones only as proposals;
  // answers only to delivered ones.
  restrictive(
    "portal_visible",
    "expectations",
    `FOR SELECT TO ${ROLE} USING (status IN ('open', 'resolved') OR source = 'customer')`,
  ),
  restrictive("portal_insert", "expectations", `FOR INSERT TO ${ROLE} WITH CHECK (status = 'proposed' AND source = 'customer')`),
  restrictive(
    "portal_update",
    "expectations",
    `FOR UPDATE TO ${ROLE} USING (status = 'resolved') WITH CHECK (status = 'resolved')`,
  ),
  restrictive(
    "portal_insert",
    "expectation_changes",
    `FOR INSERT TO ${ROLE} WITH CHECK (kind IN ('created', 'confirmed', 'disputed'))`,
  ),
];

export async function up(db: Kysely<any>): Promise<void> {
  for (const statement of [
    ...createInvitations,
    createRole,
    ...grants,
    ...RLS_TABLES.map((t) => `ALTER TABLE ${t} ENABLE ROW LEVEL SECURITY`),
    ...policies,
  ]) {
    await sql.raw(statement).execute(db);
  }
}

export async function down(db: Kysely<any>): Promise<void> {
  for (const table of RLS_TABLES.filter((t) => t !== "portal_invitations")) {
    for (const name of ["app_all", "portal_account", "portal_shared_only", "portal_insert", "portal_visible", "portal_update"]) {
      await sql.raw(`DROP POLICY IF EXISTS ${name} ON ${table}`).execute(db);
    }
    await sql.raw(`ALTER TABLE ${table} DISABLE ROW LEVEL SECURITY`).execute(db);
  }
  await sql.raw(`DROP TABLE IF EXISTS portal_invitations`).execute(db);
  await sql.raw(`DROP INDEX IF EXISTS portal_access_live_user_key`).execute(db);
  await sql
    .raw(
      `
      DO $$
      BEGIN
        EXECUTE format('REVOKE ALL ON ALL TABLES IN SCHEMA %I FROM ${ROLE}', current_schema());
        EXECUTE format('REVOKE USAGE ON SCHEMA %I FROM ${ROLE}', current_schema());
        BEGIN
          DROP ROLE ${ROLE};
        EXCEPTION WHEN dependent_objects_still_exist OR insufficient_privilege THEN
          NULL; -- still used by another database on this server
        END;
      END
      $$
    `,
    )
    .execute(db);
}
