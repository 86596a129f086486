import { sql, type Kysely } from "kysely";

// Planned touchpoints: a meeting, business review or call put on the calendar
// ahead. Kept apart from `touchpoints` on purpose: nothing that counts contact
// (coverage, recency, health, predictability, the portfolio) reads this table,
// so a plan can never pass for an encounter. When the KAM records how it went,
// the new touchpoint is linked here (touchpoint_id) and the plan is "logged" in
// the same transaction. Staff only: the portal has no grant on it, and the
// portal scope guard hides it inside portal transactions. Frozen in time: never
// imports app code.

const GUARD = `(SELECT current_user = 'kohtaamo_portal' OR NOT EXISTS (
  SELECT 1 FROM portal_scopes s WHERE s.xact = pg_current_xact_id_if_assigned()))`;

const statements = [
  `
    CREATE TABLE planned_touchpoints (
      account_id uuid NOT NULL REFERENCES accounts (id) ON DELETE CASCADE,
      id uuid NOT NULL DEFAULT gen_random_uuid(),
      kind text NOT NULL CHECK (kind IN ('meeting', 'business_review', 'call')),
      planned_for timestamptz NOT NULL,
      title text NOT NULL CHECK (length(title) BETWEEN 1 AND 300),
      notes text NOT NULL DEFAULT '' CHECK (length(notes) <= 4000),
      stakeholder_ids uuid[] NOT NULL DEFAULT '{}' CHECK (cardinality(stakeholder_ids) <= 200),
      owner_id uuid NOT NULL REFERENCES users (id),
      created_by uuid REFERENCES users (id) ON DELETE SET NULL,
      state text NOT NULL DEFAULT 'planned' CHECK (state IN ('planned', 'logged', 'cancelled')),
      touchpoint_id uuid,
      logged_at timestamptz,
      cancelled_at timestamptz,
      created_at timestamptz NOT NULL DEFAULT now(),
      updated_at timestamptz NOT NULL DEFAULT now(),
      version integer NOT NULL DEFAULT 1,
      PRIMARY KEY (account_id, id),
      FOREIGN KEY (account_id, touchpoint_id) REFERENCES touchpoints (account_id, id) ON DELETE SET NULL (touchpoint_id),
      CHECK ((state = 'logged') = (logged_at IS NOT NULL)),
      CHECK ((state = 'cancelled') = (cancelled_at IS NOT NULL))
    )
  `,
  `CREATE INDEX planned_touchpoints_owner_idx ON planned_touchpoints (owner_id, planned_for) WHERE state = 'planned'`,
  `CREATE INDEX planned_touchpoints_account_idx ON planned_touchpoints (account_id, planned_for)`,
  `CREATE UNIQUE INDEX planned_touchpoints_touchpoint_key ON planned_touchpoints (account_id, touchpoint_id) WHERE touchpoint_id IS NOT NULL`,
  `ALTER TABLE planned_touchpoints ENABLE ROW LEVEL SECURITY`,
  `CREATE POLICY app_all ON planned_touchpoints USING (true) WITH CHECK (true)`,
  `CREATE POLICY portal_scope_guard ON planned_touchpoints AS RESTRICTIVE USING (${GUARD}) WITH CHECK (${GUARD})`,
];

export async function up(db: Kysely<any>): Promise<void> {
  for (const statement of statements) {
    await sql.raw(statement).execute(db);
  }
}

export async function down(db: Kysely<any>): Promise<void> {
  await sql`DROP TABLE IF EXISTS planned_touchpoints`.execute(db);
}
