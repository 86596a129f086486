import { sql, type Kysely } from "kysely";

// A portal page's transaction writes one row of portal_scopes when it opens
// the customer's scope and deletes it when it closes it (20261205_2340). Those
// were its only writes to the WAL, so its commit waited for the WAL to reach
// the disk: about 2 ms of every portal page at the large size on this machine
// (the scope's round trip cost 2.8-3.0 ms against 0.85 ms unlogged, 300 in a
// row, bench/RESULTS.md stop 36), twice on the portal home. A scope lives only
// as long as its transaction, so no scope needs to survive a crash (an
// unlogged table is emptied by one) or reach a standby (a scope is opened on
// the primary, by a write). The rows, the functions that write them and the
// policies that read them are unchanged; a portal write still commits its own
// data durably.
// Frozen in time: never imports app code.

export async function up(db: Kysely<any>): Promise<void> {
  await sql`ALTER TABLE portal_scopes SET UNLOGGED`.execute(db);
}

export async function down(db: Kysely<any>): Promise<void> {
  await sql`ALTER TABLE portal_scopes SET LOGGED`.execute(db);
}
