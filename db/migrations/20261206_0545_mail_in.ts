import { sql, type Kysely } from "kysely";

// Mail in: a personal capture address per member of staff, and the mails that
// arrived there (captured_mails). A mail matched to one account becomes an
// e-mail touchpoint at once (its row says where it went); one that matched no
// account or several waits here, in its owner's inbox, to be placed or discarded.
// The row's (user_id, message_id) is unique: the same mail sent twice (or
// retried by the sending server after a lost reply) is taken once.
// Frozen in time: never imports app code.

const GUARD = `(SELECT current_user = 'kohtaamo_portal' OR NOT EXISTS (
  SELECT 1 FROM portal_scopes s WHERE s.xact = pg_current_xact_id_if_assigned()))`;

const statements = [
  `ALTER TABLE users ADD COLUMN capture_token text`,
  `CREATE UNIQUE INDEX users_capture_token_key ON users (capture_token)`,
  `
    CREATE TABLE captured_mails (
      id uuid PRIMARY KEY DEFAULT gen_random_uuid(),
      user_id uuid NOT NULL REFERENCES users (id) ON DELETE CASCADE,
      message_id text NOT NULL CHECK (length(message_id) BETWEEN 1 AND 1000),
      received_at timestamptz NOT NULL DEFAULT now(),
      sent_at timestamptz NOT NULL,
      from_address text NOT NULL,
      subject text NOT NULL,
      text_body text NOT NULL,
      addresses text[] NOT NULL DEFAULT '{}',
      attachment_names text[] NOT NULL DEFAULT '{}',
      candidate_account_ids uuid[] NOT NULL DEFAULT '{}',
      status text NOT NULL CHECK (status IN ('placed', 'waiting', 'discarded')),
      account_id uuid REFERENCES accounts (id) ON DELETE SET NULL,
      touchpoint_id uuid,
      decided_at timestamptz,
      version integer NOT NULL DEFAULT 1,
      CHECK (status <> 'placed' OR touchpoint_id IS NOT NULL)
    )
  `,
  `CREATE UNIQUE INDEX captured_mails_user_message_key ON captured_mails (user_id, message_id)`,
  `CREATE INDEX captured_mails_waiting_idx ON captured_mails (user_id, received_at DESC) WHERE status = 'waiting'`,
  `CREATE INDEX captured_mails_account_idx ON captured_mails (account_id) WHERE account_id IS NOT NULL`,
  `ALTER TABLE captured_mails ENABLE ROW LEVEL SECURITY`,
  `CREATE POLICY app_all ON captured_mails USING (true) WITH CHECK (true)`,
  `CREATE POLICY portal_scope_guard ON captured_mails AS RESTRICTIVE USING (${GUARD}) WITH CHECK (${GUARD})`,
];

export async function up(db: Kysely<any>): Promise<void> {
  for (const statement of statements) {
    await sql.raw(statement).execute(db);
  }
}

export async function down(db: Kysely<any>): Promise<void> {
  await sql`DROP TABLE IF EXISTS captured_mails`.execute(db);
  await sql`DROP INDEX IF EXISTS users_capture_token_key`.execute(db);
  await sql`ALTER TABLE users DROP COLUMN IF EXISTS capture_token`.execute(db);
}
