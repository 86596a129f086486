import { sql, type Kysely } from "kysely";

// Planned positive surprises. A plan may be a small deliberate surprise for a
// named person of the customer (what: its subject; by when: its time; for
// whom: its people, at least one). Like every plan it counts in no figure
// until it is recorded; recording it marks the touchpoint a positive surprise
// in the same transaction. Frozen in time: never imports app code.

const statements = [
  `ALTER TABLE planned_touchpoints ADD COLUMN positive_surprise boolean NOT NULL DEFAULT false`,
  `ALTER TABLE planned_touchpoints ADD CONSTRAINT planned_touchpoints_surprise_has_person
     CHECK (NOT positive_surprise OR cardinality(stakeholder_ids) >= 1)`,
];

export async function up(db: Kysely<any>): Promise<void> {
  for (const statement of statements) {
    await sql.raw(statement).execute(db);
  }
}

export async function down(db: Kysely<any>): Promise<void> {
  await sql`ALTER TABLE planned_touchpoints DROP CONSTRAINT IF EXISTS planned_touchpoints_surprise_has_person`.execute(db);
  await sql`ALTER TABLE planned_touchpoints DROP COLUMN IF EXISTS positive_surprise`.execute(db);
}
