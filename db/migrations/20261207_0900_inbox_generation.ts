import { sql, type Kysely } from "kysely";

// The header of every staff page shows how many items wait in the person's
// inbox. Gathering the inbox is eleven queries; the count is kept per person
// in the server's memory (app/models/inbox-count.server.ts) and is good while
// nothing the inbox reads from has changed. This sequence says when something
// has: every statement that writes one of those tables takes its next value, so
// a count figured at one value is stale at any other. A sequence, not a
// counter row: taking a value locks nothing and never waits on another
// transaction. Frozen in time: never imports app code.

/** The tables the inbox's sources read (app/models/inbox-sources.server.ts, inbox-work-sources.server.ts). */
const TABLES = [
  "accounts",
  "app_settings",
  "business_review_comments",
  "business_reviews",
  "captured_mails",
  "expectation_changes",
  "expectations",
  "inbox_item_states",
  "planned_touchpoints",
  "risk_signals",
  "stakeholders",
  "survey_responses",
  "tasks",
  "users",
];

export async function up(db: Kysely<any>): Promise<void> {
  const { rows } = await sql<{ schema: string }>`SELECT current_schema() AS schema`.execute(db);
  const path = `SET search_path = "${rows[0]!.schema.replace(/"/g, '""')}", pg_temp`;
  await sql`CREATE SEQUENCE inbox_generation`.execute(db);
  // SECURITY DEFINER: the portal's role writes some of these tables and holds no right on the sequence.
  await sql
    .raw(
      `CREATE FUNCTION kohtaamo_inbox_changed() RETURNS trigger
       LANGUAGE plpgsql SECURITY DEFINER ${path} AS $$
       BEGIN
         PERFORM nextval('inbox_generation');
         RETURN NULL;
       END $$`,
    )
    .execute(db);
  for (const table of TABLES) {
    await sql
      .raw(
        `CREATE TRIGGER ${table}_inbox_changed AFTER INSERT OR UPDATE OR DELETE OR TRUNCATE ON ${table}
         FOR EACH STATEMENT EXECUTE FUNCTION kohtaamo_inbox_changed()`,
      )
      .execute(db);
  }
}

export async function down(db: Kysely<any>): Promise<void> {
  for (const table of TABLES) await sql.raw(`DROP TRIGGER IF EXISTS ${table}_inbox_changed ON ${table}`).execute(db);
  await sql`DROP FUNCTION IF EXISTS kohtaamo_inbox_changed()`.execute(db);
  await sql`DROP SEQUENCE IF EXISTS inbox_generation`.execute(db);
}
