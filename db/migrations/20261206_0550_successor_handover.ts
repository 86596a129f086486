import { sql, type Kysely } from "kysely";

// Successor handover. When a key person has left and a successor is named,
// the one who left points to them (`successor_id`, `handed_over_at`) and their
// open expectations are moved to the successor in the same transaction
// (app/models/handover.server.ts). A planned touchpoint may be a moment of
// truth (the first meeting with a successor is one): recording it starts the
// log form with the flag set. Frozen in time: never imports app code.

const statements = [
  `ALTER TABLE stakeholders ADD COLUMN successor_id uuid`,
  `ALTER TABLE stakeholders ADD COLUMN handed_over_at timestamptz`,
  `ALTER TABLE stakeholders ADD CONSTRAINT stakeholders_successor_fkey
     FOREIGN KEY (account_id, successor_id) REFERENCES stakeholders (account_id, id) ON DELETE SET NULL (successor_id)`,
  `ALTER TABLE stakeholders ADD CONSTRAINT stakeholders_successor_not_self CHECK (successor_id IS NULL OR successor_id <> id)`,
  `CREATE INDEX stakeholders_successor_idx ON stakeholders (account_id, successor_id) WHERE successor_id IS NOT NULL`,
  `ALTER TABLE planned_touchpoints ADD COLUMN moment_of_truth boolean NOT NULL DEFAULT false`,
];

export async function up(db: Kysely<any>): Promise<void> {
  for (const statement of statements) {
    await sql.raw(statement).execute(db);
  }
}

export async function down(db: Kysely<any>): Promise<void> {
  await sql`ALTER TABLE planned_touchpoints DROP COLUMN IF EXISTS moment_of_truth`.execute(db);
  await sql`ALTER TABLE stakeholders DROP CONSTRAINT IF EXISTS stakeholders_successor_not_self`.execute(db);
  await sql`ALTER TABLE stakeholders DROP CONSTRAINT IF EXISTS stakeholders_successor_fkey`.execute(db);
  await sql`ALTER TABLE stakeholders DROP COLUMN IF EXISTS handed_over_at`.execute(db);
  await sql`ALTER TABLE stakeholders DROP COLUMN IF EXISTS successor_id`.execute(db);
}
