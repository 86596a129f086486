import { sql, type Kysely } from "kysely";

// The portfolio sorts its predictability column on the share it shows (the
// importance weights divided), not on the stored value rounded to four places:
// two accounts at 50.495 % and 50.5 % both stored 0.5050, tied, and showed as
// 50 % and 51 % in whichever order their ids gave. The (value, id) index keyset
// paging walks is rebuilt on the share; the expression is spelt as the query
// spells it (app/models/portfolio.server.ts, PREDICTABILITY_SHARE). Nothing
// else sorts or filters on the stored value.
// Frozen in time: never imports app code.

const SHARE = `(predictable_weight::float8 / nullif(predictability_weight, 0))`;

export async function up(db: Kysely<any>): Promise<void> {
  await sql
    .raw(`CREATE INDEX account_scores_predictability_share_idx ON account_scores (${SHARE}, account_id)`)
    .execute(db);
  await sql.raw(`DROP INDEX IF EXISTS account_scores_predictability_idx`).execute(db);
}

export async function down(db: Kysely<any>): Promise<void> {
  await sql
    .raw(`CREATE INDEX account_scores_predictability_idx ON account_scores (predictability, account_id)`)
    .execute(db);
  await sql.raw(`DROP INDEX IF EXISTS account_scores_predictability_share_idx`).execute(db);
}
