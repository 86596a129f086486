import { sql, type Kysely } from "kysely";

// Imports that cannot hurt the app: a job is written in chunks, each committed
// with the job's progress, so it can be resumed after the last committed chunk
// (`checkpoint`: data rows of the file behind it); a job counts its tries
// (`attempts`) so one that kills or outlasts its worker twice is failed rather
// than retried forever; a job can be cancelled; the finishing step (one audit
// event and one rescoring per account changed) reads what the chunks wrote from
// import_job_accounts. That table belongs to the job (a global table, like
// import_jobs, docs/scaling.md): no foreign key to accounts, whose rows may be
// distributed; an account deleted meanwhile is skipped. Frozen in time: never
// imports app code.

export async function up(db: Kysely<any>): Promise<void> {
  await sql`ALTER TABLE import_jobs DROP CONSTRAINT import_jobs_status_check`.execute(db);
  await sql`
    ALTER TABLE import_jobs ADD CONSTRAINT import_jobs_status_check
      CHECK (status IN ('draft', 'queued', 'running', 'done', 'rejected', 'failed', 'cancelled'))`.execute(db);
  await sql`ALTER TABLE import_jobs DROP CONSTRAINT import_jobs_phase_check`.execute(db);
  await sql`
    ALTER TABLE import_jobs ADD CONSTRAINT import_jobs_phase_check
      CHECK (phase IN ('checking', 'writing', 'finishing'))`.execute(db);
  await sql`
    ALTER TABLE import_jobs
      ADD COLUMN attempts integer NOT NULL DEFAULT 0 CHECK (attempts >= 0),
      ADD COLUMN checkpoint integer NOT NULL DEFAULT 0 CHECK (checkpoint >= 0)`.execute(db);
  await sql`
    CREATE TABLE import_job_accounts (
      job_id uuid NOT NULL REFERENCES import_jobs (id) ON DELETE CASCADE,
      account_id uuid NOT NULL,
      inserted integer NOT NULL DEFAULT 0,
      updated integer NOT NULL DEFAULT 0,
      PRIMARY KEY (job_id, account_id)
    )`.execute(db);
}

export async function down(db: Kysely<any>): Promise<void> {
  await sql`DROP TABLE IF EXISTS import_job_accounts`.execute(db);
  await sql`ALTER TABLE import_jobs DROP COLUMN IF EXISTS attempts, DROP COLUMN IF EXISTS checkpoint`.execute(db);
  await sql`UPDATE import_jobs SET status = 'failed' WHERE status = 'cancelled'`.execute(db);
  await sql`UPDATE import_jobs SET phase = 'writing' WHERE phase = 'finishing'`.execute(db);
  await sql`ALTER TABLE import_jobs DROP CONSTRAINT import_jobs_status_check`.execute(db);
  await sql`
    ALTER TABLE import_jobs ADD CONSTRAINT import_jobs_status_check
      CHECK (status IN ('draft', 'queued', 'running', 'done', 'rejected', 'failed'))`.execute(db);
  await sql`ALTER TABLE import_jobs DROP CONSTRAINT import_jobs_phase_check`.execute(db);
  await sql`ALTER TABLE import_jobs ADD CONSTRAINT import_jobs_phase_check CHECK (phase IN ('checking', 'writing'))`.execute(db);
}
