import { sql, type Kysely } from "kysely";

// Portfolio trends read each closed month's end from here instead of looking up
// every account's latest health snapshot by that day on every view (5,000
// accounts × 11 months of index probes). A month's row set is written once,
// the first time a trend needs it after the month has ended: snapshots are
// written for the day they are taken, so a closed month's end never changes.
// portfolio_months_rolled marks a month as done even when it had no accounts.
// Both are small global tables (reference tables under Citus, docs/scaling.md).
// Frozen in time: never imports app code.

export async function up(db: Kysely<any>): Promise<void> {
  await sql`
    CREATE TABLE portfolio_months_rolled (
      month date PRIMARY KEY CHECK (extract(day FROM month) = 1),
      rolled_at timestamptz NOT NULL DEFAULT now()
    )`.execute(db);
  await sql`
    CREATE TABLE portfolio_month_rollups (
      month date NOT NULL REFERENCES portfolio_months_rolled (month) ON DELETE CASCADE,
      owner_id uuid NOT NULL REFERENCES users (id),
      band text CHECK (band IN ('healthy', 'watch', 'at_risk')),
      accounts integer NOT NULL CHECK (accounts > 0),
      health_sum numeric,
      health_count integer NOT NULL,
      nps_weighted numeric,
      nps_respondents integer NOT NULL
    )`.execute(db);
  await sql`CREATE UNIQUE INDEX portfolio_month_rollups_key ON portfolio_month_rollups (month, owner_id, coalesce(band, ''))`.execute(db);
  await sql`CREATE INDEX portfolio_month_rollups_owner_idx ON portfolio_month_rollups (owner_id, month)`.execute(db);
}

export async function down(db: Kysely<any>): Promise<void> {
  await sql`DROP TABLE portfolio_month_rollups`.execute(db);
  await sql`DROP TABLE portfolio_months_rolled`.execute(db);
}
