import { sql, type Kysely } from "kysely";

// Two reads of every account page (and of every re-scoring) walked all of an
// account's touchpoints once it has tens of thousands (bench/RESULTS.md, issue
// 16: the 50,000-touchpoint account page at 626 ms alone):
// - "recently recorded" (the newest by recorded_at): sorted every touchpoint
//   of the account; an index in that order reads five rows;
// - a person's last portal activity (coverage): walked every touchpoint the
//   person took part in to find the portal ones; the few portal touchpoints of
//   an account are now a partial index of their own, read first.
// Frozen in time: never imports app code.

export async function up(db: Kysely<any>): Promise<void> {
  await sql`CREATE INDEX touchpoints_recorded_idx ON touchpoints (account_id, recorded_at DESC, occurred_at DESC, id DESC)`.execute(db);
  await sql`CREATE INDEX touchpoints_portal_idx ON touchpoints (account_id, occurred_at DESC) WHERE source = 'portal'`.execute(db);
}

export async function down(db: Kysely<any>): Promise<void> {
  await sql`DROP INDEX IF EXISTS touchpoints_portal_idx`.execute(db);
  await sql`DROP INDEX IF EXISTS touchpoints_recorded_idx`.execute(db);
}
