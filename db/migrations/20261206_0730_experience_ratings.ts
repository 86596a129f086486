import { sql, type Kysely } from "kysely";

// Experience against expectation, from the customer: a portal user rates a
// delivery (an expectation delivered) or a shared touchpoint as below, as, or
// above what they expected, with an optional word. The customer's own: only
// the portal writes it (the staff side has no form, API field or import column
// for it), once per person and thing rated. Frozen in time: never imports app code.

const ROLE = "kohtaamo_portal";
const SCOPE = `(SELECT s.account_id FROM portal_scopes s WHERE s.xact = pg_current_xact_id_if_assigned())`;
const GUARD = `(SELECT current_user = '${ROLE}' OR NOT EXISTS (
  SELECT 1 FROM portal_scopes s WHERE s.xact = pg_current_xact_id_if_assigned()))`;

const statements = [
  `
    CREATE TABLE experience_ratings (
      account_id uuid NOT NULL REFERENCES accounts (id) ON DELETE CASCADE,
      id uuid NOT NULL DEFAULT gen_random_uuid(),
      stakeholder_id uuid NOT NULL,
      user_id uuid REFERENCES users (id) ON DELETE SET NULL,
      touchpoint_id uuid,
      expectation_id uuid,
      rating text NOT NULL CHECK (rating IN ('below', 'as', 'above')),
      word text NOT NULL DEFAULT '' CHECK (length(word) <= 200),
      rated_at timestamptz NOT NULL DEFAULT now(),
      PRIMARY KEY (account_id, id),
      FOREIGN KEY (account_id, stakeholder_id) REFERENCES stakeholders (account_id, id) ON DELETE CASCADE,
      FOREIGN KEY (account_id, touchpoint_id) REFERENCES touchpoints (account_id, id) ON DELETE CASCADE,
      FOREIGN KEY (account_id, expectation_id) REFERENCES expectations (account_id, id) ON DELETE CASCADE,
      CHECK ((touchpoint_id IS NULL) <> (expectation_id IS NULL))
    )
  `,
  `CREATE UNIQUE INDEX experience_ratings_touchpoint_key ON experience_ratings (account_id, touchpoint_id, stakeholder_id)
    WHERE touchpoint_id IS NOT NULL`,
  `CREATE UNIQUE INDEX experience_ratings_expectation_key ON experience_ratings (account_id, expectation_id, stakeholder_id)
    WHERE expectation_id IS NOT NULL`,
  `CREATE INDEX experience_ratings_account_time_idx ON experience_ratings (account_id, rated_at DESC)`,
  `ALTER TABLE experience_ratings ENABLE ROW LEVEL SECURITY`,
  `CREATE POLICY app_all ON experience_ratings USING (true) WITH CHECK (true)`,
  `CREATE POLICY portal_scope_guard ON experience_ratings AS RESTRICTIVE USING (${GUARD}) WITH CHECK (${GUARD})`,
  `CREATE POLICY portal_account ON experience_ratings AS RESTRICTIVE TO ${ROLE}
    USING (account_id = ${SCOPE}) WITH CHECK (account_id = ${SCOPE})`,
  `GRANT SELECT (account_id, id, stakeholder_id, touchpoint_id, expectation_id, rating, word, rated_at) ON experience_ratings TO ${ROLE}`,
  `GRANT INSERT (account_id, id, stakeholder_id, user_id, touchpoint_id, expectation_id, rating, word) ON experience_ratings TO ${ROLE}`,
];

export async function up(db: Kysely<any>): Promise<void> {
  for (const statement of statements) {
    await sql.raw(statement).execute(db);
  }
}

export async function down(db: Kysely<any>): Promise<void> {
  await sql`DROP TABLE IF EXISTS experience_ratings`.execute(db);
}
