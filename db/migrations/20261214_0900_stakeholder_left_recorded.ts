import { sql, type Kysely } from "kysely";

// When a person's leaving was recorded (stakeholders.left_recorded_at): a
// leaving counts from the later of the day it states and the day it was
// recorded, so a back-dated leaving cannot take an unhappy customer's answers
// out of the figures early (app/domain/committee-rules.ts). Kept by a trigger,
// whoever writes (forms, API, import, seed): set when left_on goes from empty
// to a day, kept while it stays set (a later change of the day keeps it),
// cleared when the person is back; a write to the column itself is ignored,
// except on INSERT (no model writes it: the demo seed records its history's
// leavings as made on their day, and the COPY loader, which runs no trigger,
// writes the same value).
// People who left before this get the instant their leaving was audited from
// the forms, if any (else none: their stated day alone counts). NPS now counts
// answers given before someone left, so every stored score is marked stale.
// Frozen in time: never imports app code.

const statements = [
  `ALTER TABLE stakeholders ADD COLUMN left_recorded_at timestamptz`,
  `
    UPDATE stakeholders s SET left_recorded_at = a.at
      FROM (SELECT entity_id, max(at) AS at FROM audit_events
             WHERE entity = 'stakeholder' AND action = 'leave' GROUP BY entity_id) a
     WHERE a.entity_id = s.id::text AND s.left_on IS NOT NULL
  `,
  `
    CREATE FUNCTION stakeholders_left_recorded() RETURNS trigger LANGUAGE plpgsql AS $$
    BEGIN
      IF NEW.left_on IS NULL THEN
        NEW.left_recorded_at := NULL;
      ELSIF TG_OP = 'INSERT' THEN
        NEW.left_recorded_at := coalesce(NEW.left_recorded_at, now());
      ELSIF OLD.left_on IS NULL THEN
        NEW.left_recorded_at := now();
      ELSE
        NEW.left_recorded_at := OLD.left_recorded_at;
      END IF;
      RETURN NEW;
    END $$
  `,
  `
    CREATE TRIGGER stakeholders_left_recorded BEFORE INSERT OR UPDATE ON stakeholders
      FOR EACH ROW EXECUTE FUNCTION stakeholders_left_recorded()
  `,
  // Stale: rescored by the refresher under the new rule.
  `UPDATE account_scores SET computed_at = '2000-01-01T00:00:00Z'`,
];

export async function up(db: Kysely<any>): Promise<void> {
  for (const statement of statements) {
    await sql.raw(statement).execute(db);
  }
}

export async function down(db: Kysely<any>): Promise<void> {
  await sql`DROP TRIGGER IF EXISTS stakeholders_left_recorded ON stakeholders`.execute(db);
  await sql`DROP FUNCTION IF EXISTS stakeholders_left_recorded()`.execute(db);
  await sql`ALTER TABLE stakeholders DROP COLUMN IF EXISTS left_recorded_at`.execute(db);
}
