import { sql, type Kysely } from "kysely";

// Outgoing mail through a transactional outbox. A message is written in the
// same transaction as the event that causes it (a rolled-back write leaves no
// message); the worker sends it later and records every try in
// outbox_attempts. States: pending (waiting for its next_attempt_at), sending
// (taken by a worker, lease until leased_until), sent, failed (refused for good
// or out of tries), review (taken but never confirmed: the worker died between
// sending and marking; an administrator decides), cancelled (superseded or
// dismissed). Per person and kind, mail_preferences says immediate / digest /
// off (no row: immediate). Frozen in time: never imports app code.

const GUARD = `(SELECT current_user = 'kohtaamo_portal' OR NOT EXISTS (
  SELECT 1 FROM portal_scopes s WHERE s.xact = pg_current_xact_id_if_assigned()))`;

const statements = [
  `
    CREATE TABLE outbox_messages (
      id uuid PRIMARY KEY DEFAULT gen_random_uuid(),
      kind text NOT NULL,
      recipient_user_id uuid REFERENCES users (id) ON DELETE SET NULL,
      account_id uuid REFERENCES accounts (id) ON DELETE SET NULL,
      to_address text NOT NULL CHECK (to_address !~ '[\\r\\n]' AND length(to_address) BETWEEN 3 AND 254),
      to_name text NOT NULL DEFAULT '' CHECK (to_name !~ '[\\r\\n]'),
      locale text NOT NULL CHECK (locale IN ('en', 'fi')),
      subject text NOT NULL CHECK (subject !~ '[\\r\\n]' AND length(subject) BETWEEN 1 AND 300),
      text_body text NOT NULL,
      html_body text NOT NULL,
      headers jsonb NOT NULL DEFAULT '{}'::jsonb,
      secret boolean NOT NULL DEFAULT false,
      supersede_key text,
      status text NOT NULL DEFAULT 'pending'
        CHECK (status IN ('pending', 'sending', 'sent', 'failed', 'review', 'cancelled')),
      attempts integer NOT NULL DEFAULT 0 CHECK (attempts >= 0),
      next_attempt_at timestamptz NOT NULL DEFAULT now(),
      leased_until timestamptz,
      last_error text NOT NULL DEFAULT '',
      created_at timestamptz NOT NULL DEFAULT now(),
      updated_at timestamptz NOT NULL DEFAULT now(),
      sent_at timestamptz,
      CHECK (status <> 'sending' OR leased_until IS NOT NULL)
    )
  `,
  `CREATE INDEX outbox_messages_due_idx ON outbox_messages (next_attempt_at, created_at) WHERE status = 'pending'`,
  `CREATE INDEX outbox_messages_sending_idx ON outbox_messages (leased_until) WHERE status = 'sending'`,
  `CREATE INDEX outbox_messages_recent_idx ON outbox_messages (created_at DESC, id)`,
  `CREATE INDEX outbox_messages_sent_to_idx ON outbox_messages (lower(to_address), sent_at) WHERE status = 'sent'`,
  `CREATE INDEX outbox_messages_supersede_idx ON outbox_messages (supersede_key) WHERE status = 'pending' AND supersede_key IS NOT NULL`,
  `
    CREATE TABLE outbox_attempts (
      message_id uuid NOT NULL REFERENCES outbox_messages (id) ON DELETE CASCADE,
      attempt integer NOT NULL CHECK (attempt >= 1),
      started_at timestamptz NOT NULL,
      finished_at timestamptz,
      outcome text NOT NULL DEFAULT 'started'
        CHECK (outcome IN ('started', 'sent', 'retry', 'failed', 'interrupted', 'deferred')),
      detail text NOT NULL DEFAULT '',
      PRIMARY KEY (message_id, attempt)
    )
  `,
  `
    CREATE TABLE mail_preferences (
      user_id uuid NOT NULL REFERENCES users (id) ON DELETE CASCADE,
      kind text NOT NULL,
      choice text NOT NULL CHECK (choice IN ('immediate', 'digest', 'off')),
      updated_at timestamptz NOT NULL DEFAULT now(),
      PRIMARY KEY (user_id, kind)
    )
  `,
  // Every table carries the portal scope guard (20261205_2340_portal_scope_guard): while a
  // portal scope is open in a transaction, only the portal role sees anything, and it has
  // no grant on these tables (portal actions write their alerts after leaving the scope).
  ...["outbox_messages", "outbox_attempts", "mail_preferences"].flatMap((table) => [
    `ALTER TABLE ${table} ENABLE ROW LEVEL SECURITY`,
    `CREATE POLICY app_all ON ${table} USING (true) WITH CHECK (true)`,
    `CREATE POLICY portal_scope_guard ON ${table} AS RESTRICTIVE USING (${GUARD}) WITH CHECK (${GUARD})`,
  ]),
];

export async function up(db: Kysely<any>): Promise<void> {
  for (const statement of statements) {
    await sql.raw(statement).execute(db);
  }
}

export async function down(db: Kysely<any>): Promise<void> {
  await sql`DROP TABLE IF EXISTS mail_preferences`.execute(db);
  await sql`DROP TABLE IF EXISTS outbox_attempts`.execute(db);
  await sql`DROP TABLE IF EXISTS outbox_messages`.execute(db);
}
