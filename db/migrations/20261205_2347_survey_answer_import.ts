import { sql, type Kysely } from "kysely";

// Survey answers (NPS, CSAT) given outside the portal can be brought in by CSV
// import as they can through the JSON API: a fifth kind of import job and of
// remembered column mapping. Frozen in time: never imports app code.

const KINDS_BEFORE = `('accounts', 'stakeholders', 'touchpoints', 'expectations')`;
const KINDS_AFTER = `('accounts', 'stakeholders', 'touchpoints', 'expectations', 'survey_answers')`;

async function setKinds(db: Kysely<any>, kinds: string): Promise<void> {
  for (const table of ["import_mappings", "import_jobs"]) {
    await sql.raw(`ALTER TABLE ${table} DROP CONSTRAINT ${table}_kind_check`).execute(db);
    await sql.raw(`ALTER TABLE ${table} ADD CONSTRAINT ${table}_kind_check CHECK (kind IN ${kinds})`).execute(db);
  }
}

export async function up(db: Kysely<any>): Promise<void> {
  await setKinds(db, KINDS_AFTER);
}

export async function down(db: Kysely<any>): Promise<void> {
  await sql`DELETE FROM import_jobs WHERE kind = 'survey_answers'`.execute(db);
  await sql`DELETE FROM import_mappings WHERE kind = 'survey_answers'`.execute(db);
  await setKinds(db, KINDS_BEFORE);
}
