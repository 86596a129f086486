import { sql, type Kysely } from "kysely";

// One KAM's surprise list (the KAM page, the surprises page filtered to a KAM)
// walked expectation_verdicts_surprise_idx (due_date, …) for the whole
// portfolio, newest first, and threw away every other KAM's rows: about eleven
// rows read for each one shown per ten KAMs (issue 16). It now reads each of
// the KAM's live accounts' newest surprises from this index, which is keyed by
// account and holds only surprises. It includes what the list shows of a
// verdict, so that the KAM's rows are read from the index alone and only the
// page's few rows are looked up (expectations, for the title). Building it
// indexes the rows already there.
// Frozen in time: never imports app code.

export async function up(db: Kysely<any>): Promise<void> {
  await sql`CREATE INDEX expectation_verdicts_account_surprise_idx
    ON expectation_verdicts (account_id, due_date, expectation_id) INCLUDE (reason, importance, promised_date, days_late)
    WHERE verdict = 'surprise'`.execute(db);
}

export async function down(db: Kysely<any>): Promise<void> {
  await sql`DROP INDEX IF EXISTS expectation_verdicts_account_surprise_idx`.execute(db);
}
