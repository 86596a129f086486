import { sql } from "kysely";
import postgres from "postgres";
import { migrateToLatest } from "#db/migrator.ts";
import { database, db } from "#app/utils/db.server.ts";

const globalStore = globalThis as typeof globalThis & { __kohtaamoTestDbReady?: Promise<void> };
const serverUrl = process.env.TEST_DATABASE_URL;
// TEST_DB_PREFIX lets several test runs share one server without clobbering each other.
const prefix = (process.env.TEST_DB_PREFIX ?? "kohtaamo_test").replace(/[^a-z0-9_]/g, "");
const workerDatabase = `${prefix}_${Number(process.env.VITEST_POOL_ID ?? "1")}`;

/**
 * Points the app at this worker's database. Runs when the setup file is imported,
 * before any test module can open a connection: nothing ever falls back to the
 * developer's own data folder.
 */
export function configureTestEnvironment(): void {
  if (serverUrl) {
    const url = new URL(serverUrl);
    url.pathname = `/${workerDatabase}`;
    process.env.DATABASE_URL = url.toString();
  } else {
    delete process.env.DATABASE_URL;
    process.env.PGLITE_DATA_DIR = "memory://";
  }
}

/** Once per worker: create (on a server) and migrate this worker's database. */
export function prepareTestDatabase(): Promise<void> {
  globalStore.__kohtaamoTestDbReady ??= (async () => {
    if (serverUrl) {
      const admin = postgres(serverUrl, { max: 1, onnotice: () => {} });
      try {
        await admin.unsafe(`DROP DATABASE IF EXISTS ${workerDatabase} WITH (FORCE)`);
        await admin.unsafe(`CREATE DATABASE ${workerDatabase}`);
      } finally {
        await admin.end();
      }
    }
    await migrateToLatest(database().db);
  })();
  return globalStore.__kohtaamoTestDbReady;
}

export function testDriver(): "postgres" | "pglite" {
  return serverUrl ? "postgres" : "pglite";
}

const TABLES = [
  "portfolio_month_rollups",
  "portfolio_months_rolled",
  "password_links",
  "api_tokens",
  "import_job_accounts",
  "import_jobs",
  "import_mappings",
  "risk_signals",
  "health_snapshots",
  "account_scores",
  "app_settings",
  "audit_events",
  "portal_invitations",
  "portal_access",
  "survey_responses",
  "expectation_changes",
  "expectations",
  "touchpoint_support_cases",
  "touchpoint_invoices",
  "touchpoint_users",
  "touchpoint_stakeholders",
  "touchpoints",
  "stakeholders",
  "accounts",
  "sessions",
  "users",
];

/**
 * Empties every table, children first. DELETE rather than TRUNCATE: on PGlite a
 * TRUNCATE rewrites files and costs ~100x more for the few rows a test leaves.
 * audit_events is append-only by trigger, so triggers are paused for this.
 */
export async function truncateAll(): Promise<void> {
  await db()
    .connection()
    .execute(async (conn) => {
      await sql`SET session_replication_role = replica`.execute(conn);
      try {
        for (const table of TABLES) await sql.raw(`DELETE FROM ${table}`).execute(conn);
      } finally {
        await sql`SET session_replication_role = origin`.execute(conn);
      }
    });
}
