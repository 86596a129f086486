import { sql, type Kysely } from "kysely";

// The portal shows the account's predictability as the KAM's account page
// shows it: its importance weights divided (51 of 101 is 50 %), not the stored
// value rounded to four places (0.5050, which showed as 51 %). The portal role
// may read those two weights of its own account's scores, beside the figure
// and its sample it already reads: the sums the figure is made of.
// Frozen in time: never imports app code.

const ROLE = "kohtaamo_portal";

export async function up(db: Kysely<any>): Promise<void> {
  await sql.raw(`GRANT SELECT (predictability_weight, predictable_weight) ON account_scores TO ${ROLE}`).execute(db);
}

export async function down(db: Kysely<any>): Promise<void> {
  await sql.raw(`REVOKE SELECT (predictability_weight, predictable_weight) ON account_scores FROM ${ROLE}`).execute(db);
}
