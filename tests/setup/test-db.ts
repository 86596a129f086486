import { sql } from "kysely";
import postgres from "postgres";
import { migrateToLatest } from "#db/migrator.ts";
import { database, db } from "#app/utils/db.server.ts";

const globalStore = globalThis as typeof globalThis & { __kohtaamoTestDbReady?: Promise<void> };
const serverUrl = process.env.TEST_DATABASE_URL;
// TEST_DB_PREFIX lets several test runs share one server without clobbering each other.
// Lower-cased first: kt_runA and kt_runB must not both become kt_run (and drop each other's databases).
export const testDbPrefix = (process.env.TEST_DB_PREFIX ?? "kohtaamo_test").toLowerCase().replace(/[^a-z0-9_]/g, "");
const workerDatabase = `${testDbPrefix}_${Number(process.env.VITEST_POOL_ID ?? "1")}`;

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
  "experience_ratings",
  "captured_mails",
  "delivery_reminders",
  "mail_job_runs",
  "business_review_comments",
  "business_review_items",
  "business_reviews",
  "webhook_attempts",
  "webhook_deliveries",
  "webhook_endpoints",
  "mail_preferences",
  "outbox_attempts",
  "outbox_messages",
  "inbox_item_states",
  "tasks",
  "planned_touchpoints",
  "form_submissions",
  "portfolio_verdict_deltas",
  "portfolio_open_verdict_deltas",
  "portfolio_score_deltas",
  "health_latest_deltas",
  "experience_months",
  "experience_months_stale",
  "experience_portfolio_months",
  "health_latest",
  "portfolio_month_rollups",
  "portfolio_months_rolled",
  "password_links",
  "api_tokens",
  "calendar_feeds",
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
  "expectation_verdicts",
  "expectations",
  "touchpoint_support_cases",
  "touchpoint_invoices",
  "touchpoint_users",
  "touchpoint_stakeholders",
  "touchpoints",
  "stakeholders",
  "accounts",
  "sessions",
  "portal_scopes",
  "users",
];

let listed: Promise<void> | null = null;

/**
 * Every table of the schema is in TABLES (a table left out keeps one test's
 * rows into the next: with triggers paused no cascade empties it).
 */
function checkEveryTableListed(): Promise<void> {
  return (listed ??= (async () => {
    const { rows } = await sql<{ name: string }>`
      select tablename as name from pg_tables
      where schemaname = current_schema() and tablename not like 'kysely_%'`.execute(db());
    const missing = rows.map((r) => r.name).filter((name) => !TABLES.includes(name));
    if (missing.length) throw new Error(`tests/setup/test-db.ts: add ${missing.join(", ")} to TABLES, or tests leak rows into each other.`);
  })());
}

/**
 * Empties every table, children first. DELETE rather than TRUNCATE: on PGlite a
 * TRUNCATE rewrites files and costs ~100x more for the few rows a test leaves.
 * audit_events is append-only by trigger, so triggers are paused for this.
 */
export async function truncateAll(): Promise<void> {
  await checkEveryTableListed();
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

// A copy of the rows a shared seed wrote, per seed name, kept in this worker's database.
const SNAPSHOT_SCHEMA = "test_snapshots";
const seeded = new Map<string, { value: unknown; tables: string[] }>();

/**
 * Set-up shared by the tests of a file (and of files that use the same seed):
 * the first call runs `seed` on the emptied database and keeps a copy of every
 * row it wrote; each later call, after the next test's clean-up, puts the same
 * rows back (a statement per table instead of the seed's hundreds) and returns
 * what the first call returned. The seed must not depend on the clock beyond
 * the minutes a run lasts, and tests may change the rows freely.
 */
export function seededOnce<T>(name: string, seed: () => Promise<T>): () => Promise<T> {
  const key = name.replace(/[^a-z0-9_]/gi, "_").toLowerCase();
  return async () => {
    const kept = seeded.get(key);
    if (kept) {
      await restoreRows(key, kept.tables);
      return kept.value as T;
    }
    const value = await seed();
    seeded.set(key, { value, tables: await keepRows(key) });
    return value;
  };
}

const snapshotTable = (key: string, table: string) => sql.table(`${SNAPSHOT_SCHEMA}.${key}__${table}`);

async function keepRows(key: string): Promise<string[]> {
  const kept: string[] = [];
  await sql`CREATE SCHEMA IF NOT EXISTS ${sql.id(SNAPSHOT_SCHEMA)}`.execute(db());
  for (const table of TABLES) {
    const { rows } = await sql<{ n: number }>`select count(*)::int as n from ${sql.table(table)}`.execute(db());
    if (!rows[0]?.n) continue;
    await sql`DROP TABLE IF EXISTS ${snapshotTable(key, table)}`.execute(db());
    await sql`CREATE TABLE ${snapshotTable(key, table)} AS TABLE ${sql.table(table)}`.execute(db());
    kept.push(table);
  }
  return kept;
}

async function restoreRows(key: string, tables: string[]): Promise<void> {
  await db()
    .connection()
    .execute(async (conn) => {
      // As truncateAll: no triggers (audit_events is append-only by trigger), parents before children anyway.
      await sql`SET session_replication_role = replica`.execute(conn);
      try {
        for (const table of [...tables].reverse()) {
          await sql`INSERT INTO ${sql.table(table)} OVERRIDING SYSTEM VALUE SELECT * FROM ${snapshotTable(key, table)}`.execute(conn);
        }
      } finally {
        await sql`SET session_replication_role = origin`.execute(conn);
      }
    });
}
