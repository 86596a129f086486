import { sql, type Kysely } from "kysely";

// A private calendar feed per member of staff (an .ics URL their calendar
// program subscribes to): one row per user holding the SHA-256 of the feed's
// secret token, never the token itself. Regenerating replaces the row (the old
// URL stops working at once); revoking deletes it. A global table like
// api_tokens. And planned_touchpoints.ical_uid: the UID of the .ics event a
// plan was imported from, unique per account, so the same invitation imported
// twice is planned once. Frozen in time: never imports app code.

const GUARD = `(SELECT current_user = 'kohtaamo_portal' OR NOT EXISTS (
  SELECT 1 FROM portal_scopes s WHERE s.xact = pg_current_xact_id_if_assigned()))`;

const statements = [
  `
    CREATE TABLE calendar_feeds (
      user_id uuid PRIMARY KEY REFERENCES users (id) ON DELETE CASCADE,
      token_hash text NOT NULL UNIQUE,
      created_at timestamptz NOT NULL DEFAULT now(),
      last_read_at timestamptz
    )
  `,
  `ALTER TABLE planned_touchpoints ADD COLUMN ical_uid text`,
  `CREATE UNIQUE INDEX planned_touchpoints_ical_uid_idx ON planned_touchpoints (account_id, ical_uid) WHERE ical_uid IS NOT NULL`,
  `ALTER TABLE calendar_feeds ENABLE ROW LEVEL SECURITY`,
  `CREATE POLICY app_all ON calendar_feeds USING (true) WITH CHECK (true)`,
  `CREATE POLICY portal_scope_guard ON calendar_feeds AS RESTRICTIVE USING (${GUARD}) WITH CHECK (${GUARD})`,
];

export async function up(db: Kysely<any>): Promise<void> {
  for (const statement of statements) {
    await sql.raw(statement).execute(db);
  }
}

export async function down(db: Kysely<any>): Promise<void> {
  await sql`DROP TABLE IF EXISTS calendar_feeds`.execute(db);
  await sql`DROP INDEX IF EXISTS planned_touchpoints_ical_uid_idx`.execute(db);
  await sql`ALTER TABLE planned_touchpoints DROP COLUMN IF EXISTS ical_uid`.execute(db);
}
