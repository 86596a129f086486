import { sql, type Kysely } from "kysely";

// The ledger's history keeps when a re-plan was made and when the customer was
// told, apart from when it was recorded (`at`): the API and the CSV import bring
// in past re-plans with their real days, and the forms say on which day the
// customer was told. Existing re-plans get the day they were recorded (in the
// vendor's zone), as the rules read them before. Survey answers say where they
// were given (the portal, another survey tool, an interview) and may carry the
// sending system's id. The predictability rules changed with this migration
// (a surprise stays one; open overdue items count however old), so every
// stored score is marked stale and the score refresher recomputes it shortly
// after start. Frozen in time: never imports app code.

const statements = [
  `ALTER TABLE expectation_changes ADD COLUMN replanned_on date`,
  `ALTER TABLE expectation_changes ADD COLUMN customer_notified_on date`,
  `
    UPDATE expectation_changes SET replanned_on = (at AT TIME ZONE 'Europe/Helsinki')::date
      WHERE kind = 'replanned'
  `,
  `
    UPDATE expectation_changes SET customer_notified_on = (at AT TIME ZONE 'Europe/Helsinki')::date
      WHERE kind = 'replanned' AND customer_notified
  `,
  `ALTER TABLE survey_responses ADD COLUMN source text NOT NULL DEFAULT 'portal'
      CHECK (source IN ('portal', 'survey_tool', 'interview', 'other'))`,
  `ALTER TABLE survey_responses ADD COLUMN source_name text NOT NULL DEFAULT ''`,
  `ALTER TABLE survey_responses ADD COLUMN external_id text`,
  `
    CREATE UNIQUE INDEX survey_responses_external_id_key ON survey_responses (account_id, external_id)
      WHERE external_id IS NOT NULL
  `,
  // Stale: rescored by the refresher under the new rules.
  `UPDATE account_scores SET computed_at = '2000-01-01T00:00:00Z'`,
];

export async function up(db: Kysely<any>): Promise<void> {
  for (const statement of statements) {
    await sql.raw(statement).execute(db);
  }
}

export async function down(db: Kysely<any>): Promise<void> {
  await sql`DROP INDEX IF EXISTS survey_responses_external_id_key`.execute(db);
  for (const column of ["external_id", "source_name", "source"]) {
    await sql.raw(`ALTER TABLE survey_responses DROP COLUMN IF EXISTS ${column}`).execute(db);
  }
  for (const column of ["customer_notified_on", "replanned_on"]) {
    await sql.raw(`ALTER TABLE expectation_changes DROP COLUMN IF EXISTS ${column}`).execute(db);
  }
}
