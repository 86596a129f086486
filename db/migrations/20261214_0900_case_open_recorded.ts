import { sql, type Kysely } from "kysely";

// A support case is not resolved at a time at which it was already on record
// as open (app/domain/support-case-rules.ts). While it is open or waiting, the
// touchpoint's last save says when that was; once it is resolved, that save is
// gone, so the write that resolves a case keeps it here: the last instant the
// case was saved open before it was resolved (NULL: never, e.g. a case brought
// in already resolved).
//
// Cases resolved before this column have no such record (the audit keeps no
// save times). For them the instant is taken as their resolved time: moving it
// later stays possible, moving it earlier (the one change that could improve
// the review pack's "within SLA" figure) is refused, since Kohtaamo cannot tell
// an honest correction from a back-dating.
// Frozen in time: never imports app code.

export async function up(db: Kysely<any>): Promise<void> {
  await sql.raw(`ALTER TABLE touchpoint_support_cases ADD COLUMN open_recorded_at timestamptz`).execute(db);
  await sql
    .raw(`UPDATE touchpoint_support_cases SET open_recorded_at = resolved_at WHERE status IN ('resolved', 'closed')`)
    .execute(db);
}

export async function down(db: Kysely<any>): Promise<void> {
  await sql.raw(`ALTER TABLE touchpoint_support_cases DROP COLUMN open_recorded_at`).execute(db);
}
