import { sql, type Kysely } from "kysely";

// Idempotent forms: every creating form carries a submission id (a uuid made
// when the form was shown); the action claims it here in the same transaction
// as its write, so a double click, a resubmit after Back or a retry after a lost
// answer finds the first submission and its result instead of writing again.
// Rows older than a day are pruned by the claims themselves.
// Frozen in time: never imports app code.

const GUARD = `(SELECT current_user = 'kohtaamo_portal' OR NOT EXISTS (
  SELECT 1 FROM portal_scopes s WHERE s.xact = pg_current_xact_id_if_assigned()))`;

export async function up(db: Kysely<any>): Promise<void> {
  for (const statement of [
    `
      CREATE TABLE form_submissions (
        id uuid PRIMARY KEY,
        user_id uuid NOT NULL REFERENCES users (id) ON DELETE CASCADE,
        form text NOT NULL CHECK (length(form) BETWEEN 1 AND 60),
        result jsonb,
        created_at timestamptz NOT NULL DEFAULT now()
      )
    `,
    `CREATE INDEX form_submissions_created_idx ON form_submissions (created_at)`,
    // Guarded like every table (db/migrations/20261205_2340_portal_scope_guard.ts).
    `ALTER TABLE form_submissions ENABLE ROW LEVEL SECURITY`,
    `CREATE POLICY app_all ON form_submissions USING (true) WITH CHECK (true)`,
    `CREATE POLICY portal_scope_guard ON form_submissions AS RESTRICTIVE USING (${GUARD}) WITH CHECK (${GUARD})`,
  ]) {
    await sql.raw(statement).execute(db);
  }
}

export async function down(db: Kysely<any>): Promise<void> {
  await sql`DROP TABLE form_submissions`.execute(db);
}
