import { sql, type Kysely } from "kysely";

// Predictability pooled over many accounts (a KAM's book, the whole portfolio,
// a month) without reading their expectations on each page view. Scoring
// (refreshAccountScores) keeps both in the transaction of every write:
// - account_scores gains the counts behind an account's predictability over its
//   window (weights, surprises, deliveries, lateness), so a pooled figure is a
//   sum over account_scores rows;
// - expectation_verdicts holds how each expectation that came due was judged
//   (predictable, or a surprise and why) as of the account's last scoring, so
//   months and surprise lists are aggregate and range queries.
// Frozen in time: never imports app code.

const statements = [
  `ALTER TABLE account_scores ADD COLUMN predictability_weight integer NOT NULL DEFAULT 0`,
  `ALTER TABLE account_scores ADD COLUMN predictable_weight integer NOT NULL DEFAULT 0`,
  `ALTER TABLE account_scores ADD COLUMN predictability_surprises integer NOT NULL DEFAULT 0`,
  `ALTER TABLE account_scores ADD COLUMN predictability_delivered integer NOT NULL DEFAULT 0`,
  `ALTER TABLE account_scores ADD COLUMN predictability_on_time integer NOT NULL DEFAULT 0`,
  `ALTER TABLE account_scores ADD COLUMN predictability_late integer NOT NULL DEFAULT 0`,
  `ALTER TABLE account_scores ADD COLUMN predictability_late_days integer NOT NULL DEFAULT 0`,
  // The counts were already kept in the stored explanation (factors, version 1).
  `
    UPDATE account_scores SET
      predictability_weight = coalesce((factors->'predictability'->>'weightTotal')::int, 0),
      predictable_weight = coalesce((factors->'predictability'->>'predictableWeight')::int, 0),
      predictability_surprises = coalesce((factors->'predictability'->>'sample')::int, 0)
        - coalesce((factors->'predictability'->>'predictable')::int, 0),
      predictability_delivered = coalesce((factors->'predictability'->>'delivered')::int, 0),
      predictability_on_time = coalesce((factors->'predictability'->>'onTime')::int, 0),
      predictability_late = coalesce((factors->'predictability'->>'lateDeliveries')::int, 0),
      predictability_late_days = coalesce((factors->'predictability'->>'latenessDaysTotal')::int, 0)
    WHERE jsonb_typeof(factors) = 'object' AND factors->>'version' = '1'
  `,
  `
    CREATE TABLE expectation_verdicts (
      account_id uuid NOT NULL,
      expectation_id uuid NOT NULL,
      due_date date NOT NULL,
      importance smallint NOT NULL CHECK (importance BETWEEN 1 AND 3),
      verdict text NOT NULL CHECK (verdict IN ('predictable', 'surprise')),
      reason text CHECK (reason IN ('late_without_notice', 'missed', 'partial', 'disputed', 'overdue')),
      promised_date date NOT NULL,
      days_late integer,
      PRIMARY KEY (account_id, expectation_id),
      FOREIGN KEY (account_id, expectation_id) REFERENCES expectations (account_id, id) ON DELETE CASCADE,
      CHECK ((verdict = 'surprise') = (reason IS NOT NULL))
    )
  `,
  // Months of one account or of all: (account_id, due_date) per account, due_date across accounts.
  `CREATE INDEX expectation_verdicts_account_due_idx ON expectation_verdicts (account_id, due_date)`,
  `
    CREATE INDEX expectation_verdicts_due_idx ON expectation_verdicts (due_date)
      INCLUDE (account_id, importance, verdict)
  `,
  // Surprise lists, newest due date first (read backwards).
  `
    CREATE INDEX expectation_verdicts_surprise_idx ON expectation_verdicts (due_date, account_id, expectation_id)
      WHERE verdict = 'surprise'
  `,
  // Row-level security as on every account-scoped table (20261123_1200_portal):
  // the portal role is granted nothing here, and would see one account at most.
  `ALTER TABLE expectation_verdicts ENABLE ROW LEVEL SECURITY`,
  `CREATE POLICY app_all ON expectation_verdicts USING (true) WITH CHECK (true)`,
  `
    CREATE POLICY portal_account ON expectation_verdicts AS RESTRICTIVE TO kohtaamo_portal
      USING (account_id = NULLIF(current_setting('kohtaamo.account_id', true), '')::uuid)
      WITH CHECK (account_id = NULLIF(current_setting('kohtaamo.account_id', true), '')::uuid)
  `,
];

export async function up(db: Kysely<any>): Promise<void> {
  for (const statement of statements) {
    await sql.raw(statement).execute(db);
  }
}

export async function down(db: Kysely<any>): Promise<void> {
  await sql`DROP TABLE IF EXISTS expectation_verdicts`.execute(db);
  for (const column of [
    "predictability_weight",
    "predictable_weight",
    "predictability_surprises",
    "predictability_delivered",
    "predictability_on_time",
    "predictability_late",
    "predictability_late_days",
  ]) {
    await sql.raw(`ALTER TABLE account_scores DROP COLUMN IF EXISTS ${column}`).execute(db);
  }
}
