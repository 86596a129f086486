import { sql, type Kysely } from "kysely";

// Outgoing webhooks, in the pattern of the mail outbox (20261206_0050_outbox).
// webhook_endpoints: where an administrator wants events sent (the URL, the
// event types, the signing secret encrypted with a key derived from the session
// secret, so a copy of the database alone does not reveal it). An endpoint is
// active, or disabled by a person or automatically after failing for a day
// (failing_since is the first failure since the last success).
// webhook_deliveries: one row per event per endpoint, written in the same
// transaction as the change that causes the event; states as the outbox's
// messages: pending, sending (leased), sent, failed, review (taken but never
// confirmed: a person decides), cancelled. webhook_attempts: every try.
// Frozen in time: never imports app code.

const GUARD = `(SELECT current_user = 'kohtaamo_portal' OR NOT EXISTS (
  SELECT 1 FROM portal_scopes s WHERE s.xact = pg_current_xact_id_if_assigned()))`;

const statements = [
  `
    CREATE TABLE webhook_endpoints (
      id uuid PRIMARY KEY DEFAULT gen_random_uuid(),
      url text NOT NULL CHECK (length(url) BETWEEN 8 AND 2000 AND url ~ '^https?://'),
      description text NOT NULL DEFAULT '' CHECK (length(description) <= 200),
      events text[] NOT NULL CHECK (cardinality(events) >= 1),
      secret_ciphertext text NOT NULL,
      secret_hint text NOT NULL DEFAULT '',
      created_by uuid NOT NULL REFERENCES users (id),
      status text NOT NULL DEFAULT 'active' CHECK (status IN ('active', 'disabled')),
      disabled_reason text CHECK (disabled_reason IN ('manual', 'failing')),
      disabled_at timestamptz,
      notice_dismissed_at timestamptz,
      failing_since timestamptz,
      last_success_at timestamptz,
      last_failure_at timestamptz,
      created_at timestamptz NOT NULL DEFAULT now(),
      updated_at timestamptz NOT NULL DEFAULT now(),
      version integer NOT NULL DEFAULT 1,
      CHECK ((status = 'active') = (disabled_reason IS NULL))
    )
  `,
  `CREATE INDEX webhook_endpoints_active_idx ON webhook_endpoints (created_at) WHERE status = 'active'`,
  `
    CREATE TABLE webhook_deliveries (
      id uuid PRIMARY KEY DEFAULT gen_random_uuid(),
      endpoint_id uuid NOT NULL REFERENCES webhook_endpoints (id) ON DELETE CASCADE,
      event_id uuid NOT NULL,
      event_type text NOT NULL CHECK (length(event_type) BETWEEN 1 AND 60),
      account_id uuid REFERENCES accounts (id) ON DELETE SET NULL,
      payload jsonb NOT NULL,
      status text NOT NULL DEFAULT 'pending'
        CHECK (status IN ('pending', 'sending', 'sent', 'failed', 'review', 'cancelled')),
      attempts integer NOT NULL DEFAULT 0 CHECK (attempts >= 0),
      next_attempt_at timestamptz NOT NULL DEFAULT now(),
      leased_until timestamptz,
      last_error text NOT NULL DEFAULT '',
      created_at timestamptz NOT NULL DEFAULT now(),
      updated_at timestamptz NOT NULL DEFAULT now(),
      sent_at timestamptz,
      UNIQUE (endpoint_id, event_id),
      CHECK (status <> 'sending' OR leased_until IS NOT NULL)
    )
  `,
  `CREATE INDEX webhook_deliveries_due_idx ON webhook_deliveries (next_attempt_at, created_at) WHERE status = 'pending'`,
  `CREATE INDEX webhook_deliveries_sending_idx ON webhook_deliveries (leased_until) WHERE status = 'sending'`,
  `CREATE INDEX webhook_deliveries_endpoint_idx ON webhook_deliveries (endpoint_id, created_at DESC, id)`,
  `
    CREATE TABLE webhook_attempts (
      delivery_id uuid NOT NULL REFERENCES webhook_deliveries (id) ON DELETE CASCADE,
      attempt integer NOT NULL CHECK (attempt >= 1),
      started_at timestamptz NOT NULL,
      finished_at timestamptz,
      outcome text NOT NULL DEFAULT 'started'
        CHECK (outcome IN ('started', 'sent', 'retry', 'failed', 'interrupted')),
      status_code integer,
      detail text NOT NULL DEFAULT '',
      PRIMARY KEY (delivery_id, attempt)
    )
  `,
  ...["webhook_endpoints", "webhook_deliveries", "webhook_attempts"].flatMap((table) => [
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
  await sql`DROP TABLE IF EXISTS webhook_attempts`.execute(db);
  await sql`DROP TABLE IF EXISTS webhook_deliveries`.execute(db);
  await sql`DROP TABLE IF EXISTS webhook_endpoints`.execute(db);
}
