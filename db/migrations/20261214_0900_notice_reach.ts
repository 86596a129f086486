import { sql, type Kysely } from "kysely";

// Whether a re-plan's notice could reach the customer (app/domain/notice.ts).
// An unanswered notice stands only when a live portal user of the account
// could see it: Kohtaamo mails the notice to every one of them when it records
// the re-plan (form, API, import), and keeps when that first happened:
// - notice_reached_at: the instant the notice was first put before a live
//   portal user (a notice mail queued to them, or their own choice to read such
//   news only in the portal); NULL when nobody could see it — then an
//   unanswered notice never stands.
// - notice_reach_unknown: the re-plan was recorded before Kohtaamo kept this;
//   it is judged as before (from the day it was recorded).
// Existing re-plans with notice: those whose own transaction wrote a re-plan
// mail to a portal user of the account (the outbox row of kind 'replan_notice'
// within a minute of the re-plan; before this change only the holder's portal
// users were mailed, and only for re-plans dated the day they were recorded)
// reached the customer when they were recorded; the others are marked unknown.
// Either way each is judged exactly as before, so no stored figure changes and
// nothing is rescored (docs/scoring.md). The portal role reads both columns of
// its own account's re-plans. Frozen in time: never imports app code.

const ROLE = "kohtaamo_portal";

const statements = [
  `ALTER TABLE expectation_changes ADD COLUMN notice_reached_at timestamptz`,
  `ALTER TABLE expectation_changes ADD COLUMN notice_reach_unknown boolean NOT NULL DEFAULT false`,
  `
    UPDATE expectation_changes c SET notice_reached_at = c.at
      WHERE c.kind = 'replanned' AND c.customer_notified
        AND EXISTS (
          SELECT 1 FROM outbox_messages o
            WHERE o.account_id = c.account_id AND o.kind = 'replan_notice' AND o.recipient_user_id IS NOT NULL
              AND o.created_at BETWEEN c.at - interval '1 minute' AND c.at + interval '1 minute'
        )
  `,
  `
    UPDATE expectation_changes SET notice_reach_unknown = true
      WHERE kind = 'replanned' AND customer_notified AND notice_reached_at IS NULL
  `,
  `ALTER TABLE expectation_changes ADD CONSTRAINT expectation_changes_notice_reach_check
     CHECK ((kind = 'replanned' AND coalesce(customer_notified, false))
       OR (notice_reached_at IS NULL AND NOT notice_reach_unknown))`,
  `GRANT SELECT (notice_reached_at, notice_reach_unknown) ON expectation_changes TO ${ROLE}`,
];

export async function up(db: Kysely<any>): Promise<void> {
  for (const statement of statements) {
    await sql.raw(statement).execute(db);
  }
}

export async function down(db: Kysely<any>): Promise<void> {
  for (const statement of [
    `REVOKE SELECT (notice_reached_at, notice_reach_unknown) ON expectation_changes FROM ${ROLE}`,
    `ALTER TABLE expectation_changes DROP CONSTRAINT IF EXISTS expectation_changes_notice_reach_check`,
    `ALTER TABLE expectation_changes DROP COLUMN IF EXISTS notice_reach_unknown`,
    `ALTER TABLE expectation_changes DROP COLUMN IF EXISTS notice_reached_at`,
  ]) {
    await sql.raw(statement).execute(db);
  }
}
