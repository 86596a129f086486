import { sql, type Kysely } from "kysely";

// Scores kept current after every write that affects an account, their daily
// history for trends, risk signals with acknowledgement, and admin settings.
// Frozen in time: never imports app code.

const statements = [
  `
    CREATE TABLE app_settings (
      key text PRIMARY KEY,
      value jsonb NOT NULL,
      updated_at timestamptz NOT NULL DEFAULT now(),
      updated_by uuid REFERENCES users (id) ON DELETE SET NULL,
      version integer NOT NULL DEFAULT 1
    )
  `,
  `
    CREATE TABLE account_scores (
      account_id uuid PRIMARY KEY REFERENCES accounts (id) ON DELETE CASCADE,
      computed_at timestamptz NOT NULL DEFAULT now(),
      health numeric(5, 1) CHECK (health BETWEEN 0 AND 100),
      band text CHECK (band IN ('healthy', 'watch', 'at_risk')),
      predictability numeric(5, 4) CHECK (predictability BETWEEN 0 AND 1),
      predictability_sample integer NOT NULL DEFAULT 0,
      surprises_90d integer NOT NULL DEFAULT 0,
      nps smallint CHECK (nps BETWEEN -100 AND 100),
      nps_respondents integer NOT NULL DEFAULT 0,
      coverage numeric(5, 4) CHECK (coverage BETWEEN 0 AND 1),
      single_threaded boolean NOT NULL DEFAULT false,
      open_signals integer NOT NULL DEFAULT 0,
      factors jsonb NOT NULL DEFAULT '[]'
    )
  `,
  `CREATE INDEX account_scores_health_idx ON account_scores (health, account_id)`,
  `CREATE INDEX account_scores_band_idx ON account_scores (band, health, account_id)`,
  `CREATE INDEX account_scores_computed_idx ON account_scores (computed_at)`,
  `
    CREATE TABLE health_snapshots (
      account_id uuid NOT NULL REFERENCES accounts (id) ON DELETE CASCADE,
      day date NOT NULL,
      health numeric(5, 1),
      band text CHECK (band IN ('healthy', 'watch', 'at_risk')),
      predictability numeric(5, 4),
      predictability_sample integer NOT NULL DEFAULT 0,
      surprises_90d integer NOT NULL DEFAULT 0,
      nps smallint,
      nps_respondents integer NOT NULL DEFAULT 0,
      PRIMARY KEY (account_id, day)
    )
  `,
  `CREATE INDEX health_snapshots_day_idx ON health_snapshots (day, account_id)`,
  `
    CREATE TABLE risk_signals (
      account_id uuid NOT NULL REFERENCES accounts (id) ON DELETE CASCADE,
      id uuid NOT NULL DEFAULT gen_random_uuid(),
      key text NOT NULL,
      rule text NOT NULL,
      severity text NOT NULL CHECK (severity IN ('high', 'medium', 'low')),
      params jsonb NOT NULL DEFAULT '{}',
      evidence_kind text NOT NULL CHECK (evidence_kind IN ('expectation', 'stakeholder', 'touchpoint', 'account')),
      evidence_id uuid NOT NULL,
      first_seen_at timestamptz NOT NULL DEFAULT now(),
      last_seen_at timestamptz NOT NULL DEFAULT now(),
      resolved_at timestamptz,
      acknowledged_at timestamptz,
      acknowledged_by uuid REFERENCES users (id) ON DELETE SET NULL,
      ack_note text NOT NULL DEFAULT '',
      PRIMARY KEY (account_id, id)
    )
  `,
  // One live instance per cause; a cause that returns after resolution opens a new row.
  `CREATE UNIQUE INDEX risk_signals_open_key ON risk_signals (account_id, key) WHERE resolved_at IS NULL`,
  `CREATE INDEX risk_signals_inbox_idx ON risk_signals (first_seen_at DESC) WHERE resolved_at IS NULL AND acknowledged_at IS NULL`,
];

export async function up(db: Kysely<any>): Promise<void> {
  for (const statement of statements) {
    await sql.raw(statement).execute(db);
  }
}

export async function down(db: Kysely<any>): Promise<void> {
  await sql`DROP TABLE IF EXISTS risk_signals, health_snapshots, account_scores, app_settings`.execute(db);
}
