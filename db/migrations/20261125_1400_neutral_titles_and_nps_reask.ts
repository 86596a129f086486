import { sql, type Kysely } from "kysely";

// Four changes. Frozen in time: never imports app code.
//
// - Touchpoints the system writes (committee departures, the customer's answers
//   in the portal) name their title by message key and parameters, so each
//   reader sees it in their own language. `title` still holds a rendering (for
//   exports, the API and rows written before this migration, which keep theirs).
// - A KAM may ask a person the NPS question again before the 90 days are up:
//   `nps_asked_again_at` opens the question for them until they next answer.
//   The portal reads it (column grant below); row-level security already
//   limits the portal to its own account's people.
// - A survey answer no longer goes when the touchpoint it rated is deleted.
// - An index for the timeline's link from a touchpoint to the expectations that
//   came from it.

const ROLE = "kohtaamo_portal";

const statements = [
  `ALTER TABLE touchpoints ADD COLUMN title_key text CHECK (title_key IS NULL OR title_key ~ '^[a-zA-Z]+\\.[a-zA-Z_.]+$')`,
  `ALTER TABLE touchpoints ADD COLUMN title_params jsonb CHECK (title_params IS NULL OR jsonb_typeof(title_params) = 'object')`,
  `ALTER TABLE touchpoints ADD CONSTRAINT touchpoints_title_params_with_key CHECK (title_params IS NULL OR title_key IS NOT NULL)`,
  // The timeline links each touchpoint to the expectations that came from it.
  `CREATE INDEX expectations_source_touchpoint_idx ON expectations (account_id, source_touchpoint_id)
     WHERE source_touchpoint_id IS NOT NULL`,
  `ALTER TABLE stakeholders ADD COLUMN nps_asked_again_at timestamptz`,
  `ALTER TABLE stakeholders ADD COLUMN nps_asked_again_by uuid REFERENCES users (id) ON DELETE SET NULL`,
  // A customer's answer outlives the touchpoint it rated: deleting that keeps the answer, unlinked.
  `DO $$
   DECLARE fk text;
   BEGIN
     SELECT conname INTO fk FROM pg_constraint
      WHERE conrelid = 'survey_responses'::regclass AND contype = 'f'
        AND confrelid = 'touchpoints'::regclass;
     EXECUTE format('ALTER TABLE survey_responses DROP CONSTRAINT %I', fk);
   END $$`,
  `ALTER TABLE survey_responses ADD CONSTRAINT survey_responses_touchpoint_fkey
     FOREIGN KEY (account_id, touchpoint_id) REFERENCES touchpoints (account_id, id) ON DELETE SET NULL (touchpoint_id)`,
  `GRANT INSERT (title_key, title_params) ON touchpoints TO ${ROLE}`,
  `GRANT SELECT (nps_asked_again_at) ON stakeholders TO ${ROLE}`,
];

export async function up(db: Kysely<any>): Promise<void> {
  for (const statement of statements) await sql.raw(statement).execute(db);
}

export async function down(db: Kysely<any>): Promise<void> {
  await sql.raw(`REVOKE SELECT (nps_asked_again_at) ON stakeholders FROM ${ROLE}`).execute(db);
  await sql.raw(`REVOKE INSERT (title_key, title_params) ON touchpoints FROM ${ROLE}`).execute(db);
  await sql.raw(`ALTER TABLE stakeholders DROP COLUMN nps_asked_again_by, DROP COLUMN nps_asked_again_at`).execute(db);
  await sql.raw(`DROP INDEX IF EXISTS expectations_source_touchpoint_idx`).execute(db);
  await sql.raw(`ALTER TABLE survey_responses DROP CONSTRAINT survey_responses_touchpoint_fkey`).execute(db);
  await sql
    .raw(
      `ALTER TABLE survey_responses ADD FOREIGN KEY (account_id, touchpoint_id)
         REFERENCES touchpoints (account_id, id) ON DELETE CASCADE`,
    )
    .execute(db);
  await sql.raw(`ALTER TABLE touchpoints DROP CONSTRAINT touchpoints_title_params_with_key`).execute(db);
  await sql.raw(`ALTER TABLE touchpoints DROP COLUMN title_params, DROP COLUMN title_key`).execute(db);
}
