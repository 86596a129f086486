import { sql, type Kysely } from "kysely";

// Health that tells the truth: an account with too little data to judge has the
// band 'not_enough_data' (and no score) instead of 0 · At risk. The stored
// scores were computed by the older rules, so every account is marked stale:
// the score refresher (and the next write to an account) computes them again.
// Frozen in time: never imports app code.

const TABLES = ["account_scores", "health_snapshots", "portfolio_month_rollups"] as const;

export async function up(db: Kysely<any>): Promise<void> {
  for (const table of TABLES) {
    await sql.raw(`ALTER TABLE ${table} DROP CONSTRAINT ${table}_band_check`).execute(db);
    await sql
      .raw(
        `ALTER TABLE ${table} ADD CONSTRAINT ${table}_band_check CHECK (band IN ('healthy', 'watch', 'at_risk', 'not_enough_data'))`,
      )
      .execute(db);
  }
  await sql`UPDATE account_scores SET computed_at = '2000-01-01T00:00:00Z'`.execute(db);
}

export async function down(db: Kysely<any>): Promise<void> {
  for (const table of TABLES) {
    await sql.raw(`UPDATE ${table} SET band = NULL WHERE band = 'not_enough_data'`).execute(db);
    await sql.raw(`ALTER TABLE ${table} DROP CONSTRAINT ${table}_band_check`).execute(db);
    await sql.raw(`ALTER TABLE ${table} ADD CONSTRAINT ${table}_band_check CHECK (band IN ('healthy', 'watch', 'at_risk'))`).execute(db);
  }
}
