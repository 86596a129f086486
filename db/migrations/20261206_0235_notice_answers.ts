import { sql, type Kysely } from "kysely";

// Notice the customer confirms. A customer's answer to a re-plan's notice is a
// row of the expectation's history, of kind 'notice_confirmed' or
// 'notice_contested', naming the re-plan it answers (`replan_id`). The portal
// role may read what it needs of a re-plan (its days, whether the customer was
// told, the reason) and insert these answers, for its own account only (the
// policies of 20261205_2340_portal_scope_guard still hold). The predictability
// rules changed (an unanswered notice counts only after the contest period), so
// every stored score is marked stale and recomputed by the refresher.
// Frozen in time: never imports app code.

const ROLE = "kohtaamo_portal";
const KINDS_BEFORE = `'created', 'edited', 'replanned', 'delivered', 'reopened', 'confirmed', 'disputed', 'accepted', 'declined'`;
const KINDS = `${KINDS_BEFORE}, 'notice_confirmed', 'notice_contested'`;

const statements = [
  `ALTER TABLE expectation_changes ADD COLUMN replan_id uuid`,
  `ALTER TABLE expectation_changes ADD CONSTRAINT expectation_changes_replan_fkey
     FOREIGN KEY (account_id, replan_id) REFERENCES expectation_changes (account_id, id) ON DELETE CASCADE`,
  `ALTER TABLE expectation_changes DROP CONSTRAINT expectation_changes_kind_check`,
  `ALTER TABLE expectation_changes ADD CONSTRAINT expectation_changes_kind_check CHECK (kind IN (${KINDS}))`,
  `ALTER TABLE expectation_changes ADD CONSTRAINT expectation_changes_replan_answer_check
     CHECK ((replan_id IS NOT NULL) = (kind IN ('notice_confirmed', 'notice_contested')))`,
  `CREATE INDEX expectation_changes_replan_idx ON expectation_changes (account_id, replan_id) WHERE replan_id IS NOT NULL`,
  `GRANT SELECT (reason, customer_notified, replanned_on, customer_notified_on, replan_id) ON expectation_changes TO ${ROLE}`,
  `GRANT INSERT (replan_id) ON expectation_changes TO ${ROLE}`,
  `DROP POLICY portal_insert ON expectation_changes`,
  `CREATE POLICY portal_insert ON expectation_changes AS RESTRICTIVE FOR INSERT TO ${ROLE}
     WITH CHECK (kind IN ('created', 'confirmed', 'disputed', 'notice_confirmed', 'notice_contested'))`,
  // Stale: rescored by the refresher under the new rules.
  `UPDATE account_scores SET computed_at = '2000-01-01T00:00:00Z'`,
];

export async function up(db: Kysely<any>): Promise<void> {
  for (const statement of statements) {
    await sql.raw(statement).execute(db);
  }
}

export async function down(db: Kysely<any>): Promise<void> {
  for (const statement of [
    `DROP POLICY portal_insert ON expectation_changes`,
    `CREATE POLICY portal_insert ON expectation_changes AS RESTRICTIVE FOR INSERT TO ${ROLE}
       WITH CHECK (kind IN ('created', 'confirmed', 'disputed'))`,
    `REVOKE INSERT (replan_id) ON expectation_changes FROM ${ROLE}`,
    `REVOKE SELECT (reason, customer_notified, replanned_on, customer_notified_on, replan_id) ON expectation_changes FROM ${ROLE}`,
    `DELETE FROM expectation_changes WHERE kind IN ('notice_confirmed', 'notice_contested')`,
    `ALTER TABLE expectation_changes DROP CONSTRAINT expectation_changes_replan_answer_check`,
    `ALTER TABLE expectation_changes DROP CONSTRAINT expectation_changes_kind_check`,
    `ALTER TABLE expectation_changes ADD CONSTRAINT expectation_changes_kind_check CHECK (kind IN (${KINDS_BEFORE}))`,
    `ALTER TABLE expectation_changes DROP COLUMN replan_id`,
  ]) {
    await sql.raw(statement).execute(db);
  }
}
