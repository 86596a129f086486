import { sql, type Kysely } from "kysely";

// Two sources of a KAM's inbox (app/models/inbox-sources.server.ts) looked for
// a handful of expectations among every expectation in the database: the
// planner had no index for "resolved and disputed by the customer" nor for
// "proposed", and read all 1,004,302 expectations at xlarge (issue 16):
// - customer disputes: 80–107 ms warm, 2.2 ms with expectations_disputed_idx;
// - customer proposals: 70 ms warm, 0.07 ms with expectations_proposed_idx.
// Both are partial, so they hold only those few rows.
// Frozen in time: never imports app code.

export async function up(db: Kysely<any>): Promise<void> {
  await sql`CREATE INDEX expectations_disputed_idx ON expectations (account_id)
    WHERE status = 'resolved' AND customer_response IN ('disputed_partly', 'disputed_not_delivered')`.execute(db);
  await sql`CREATE INDEX expectations_proposed_idx ON expectations (account_id) WHERE status = 'proposed'`.execute(db);
}

export async function down(db: Kysely<any>): Promise<void> {
  await sql`DROP INDEX IF EXISTS expectations_proposed_idx`.execute(db);
  await sql`DROP INDEX IF EXISTS expectations_disputed_idx`.execute(db);
}
