import { sql, type Kysely } from "kysely";

// Scheduled mail (daily and weekly) that a restart never sends twice:
// - outbox_messages.dedupe_key: a scheduled mail's key (kind, person, day or
//   week); unique, so a second run of the same period writes nothing;
// - mail_job_runs: per job, the last period it finished, so the poll loop does
//   not recompute a period that is done;
// - delivery_reminders: which deliveries awaiting a customer's confirmation
//   were already in a mail to which portal user (never listed twice).
// Frozen in time: never imports app code.

const GUARD = `(SELECT current_user = 'kohtaamo_portal' OR NOT EXISTS (
  SELECT 1 FROM portal_scopes s WHERE s.xact = pg_current_xact_id_if_assigned()))`;

const statements = [
  `ALTER TABLE outbox_messages ADD COLUMN dedupe_key text`,
  `CREATE UNIQUE INDEX outbox_messages_dedupe_idx ON outbox_messages (dedupe_key)`,
  `
    CREATE TABLE mail_job_runs (
      job text PRIMARY KEY,
      period text NOT NULL,
      finished_at timestamptz NOT NULL DEFAULT now()
    )
  `,
  `
    CREATE TABLE delivery_reminders (
      account_id uuid NOT NULL REFERENCES accounts (id) ON DELETE CASCADE,
      expectation_id uuid NOT NULL,
      user_id uuid NOT NULL REFERENCES users (id) ON DELETE CASCADE,
      mailed_at timestamptz NOT NULL DEFAULT now(),
      PRIMARY KEY (account_id, expectation_id, user_id),
      FOREIGN KEY (account_id, expectation_id) REFERENCES expectations (account_id, id) ON DELETE CASCADE
    )
  `,
  `CREATE INDEX delivery_reminders_user_idx ON delivery_reminders (user_id)`,
  ...["mail_job_runs", "delivery_reminders"].flatMap((table) => [
    `ALTER TABLE ${table} ENABLE ROW LEVEL SECURITY`,
    `CREATE POLICY app_all ON ${table} USING (true) WITH CHECK (true)`,
    `CREATE POLICY portal_scope_guard ON ${table} AS RESTRICTIVE USING (${GUARD}) WITH CHECK (${GUARD})`,
  ]),
];

export async function up(db: Kysely<any>): Promise<void> {
  for (const statement of statements) {
    await sql.raw(statement).execute(db);
  }
}

export async function down(db: Kysely<any>): Promise<void> {
  await sql`DROP TABLE IF EXISTS delivery_reminders`.execute(db);
  await sql`DROP TABLE IF EXISTS mail_job_runs`.execute(db);
  await sql`DROP INDEX IF EXISTS outbox_messages_dedupe_idx`.execute(db);
  await sql`ALTER TABLE outbox_messages DROP COLUMN IF EXISTS dedupe_key`.execute(db);
}
