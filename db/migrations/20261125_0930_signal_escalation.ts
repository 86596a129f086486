import { sql, type Kysely } from "kysely";

// Account-keyed risk signals re-raise when they get worse: each signal keeps
// its escalation levels (they rise with the evidence), an acknowledgement
// keeps the levels it saw, and a signal opened because an acknowledged one got
// worse points at the one it supersedes. Frozen in time: never imports app code.

const statements = [
  `ALTER TABLE risk_signals ADD COLUMN escalation integer[] NOT NULL DEFAULT '{}'`,
  `ALTER TABLE risk_signals ADD COLUMN ack_escalation integer[]`,
  `ALTER TABLE risk_signals ADD COLUMN escalated_from uuid`,
  `
    ALTER TABLE risk_signals ADD CONSTRAINT risk_signals_escalated_from_fkey
      FOREIGN KEY (account_id, escalated_from) REFERENCES risk_signals (account_id, id) ON DELETE SET NULL (escalated_from)
  `,
];

export async function up(db: Kysely<any>): Promise<void> {
  for (const statement of statements) {
    await sql.raw(statement).execute(db);
  }
}

export async function down(db: Kysely<any>): Promise<void> {
  await sql`ALTER TABLE risk_signals DROP CONSTRAINT IF EXISTS risk_signals_escalated_from_fkey`.execute(db);
  for (const column of ["escalated_from", "ack_escalation", "escalation"]) {
    await sql.raw(`ALTER TABLE risk_signals DROP COLUMN IF EXISTS ${column}`).execute(db);
  }
}
