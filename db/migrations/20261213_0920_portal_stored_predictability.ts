import { sql, type Kysely } from "kysely";

// The portal shows predictability from the importance weights (20261212_0900),
// no longer from the stored value rounded to four places: the portal role
// keeps only what it reads, so it gives up that column.
// Frozen in time: never imports app code.

const ROLE = "kohtaamo_portal";

export async function up(db: Kysely<any>): Promise<void> {
  await sql.raw(`REVOKE SELECT (predictability) ON account_scores FROM ${ROLE}`).execute(db);
}

export async function down(db: Kysely<any>): Promise<void> {
  await sql.raw(`GRANT SELECT (predictability) ON account_scores TO ${ROLE}`).execute(db);
}
