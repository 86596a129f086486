import { sql, type Kysely } from "kysely";

// The portal counts an open commitment overdue from the day it is due for the
// customer: its due date, or the date the customer was last properly told when
// that is earlier (a re-plan not announced in time does not move it), as the
// portal's own predictability and the staff's lists count it. The portal role
// may read that date of its own account's expectations: the date it was told.
// Frozen in time: never imports app code.

const ROLE = "kohtaamo_portal";

export async function up(db: Kysely<any>): Promise<void> {
  await sql.raw(`GRANT SELECT (promised_date) ON expectations TO ${ROLE}`).execute(db);
}

export async function down(db: Kysely<any>): Promise<void> {
  await sql.raw(`REVOKE SELECT (promised_date) ON expectations FROM ${ROLE}`).execute(db);
}
