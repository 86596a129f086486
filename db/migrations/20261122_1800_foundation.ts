import { sql, type Kysely } from "kysely";

// Frozen in time: this file never imports app code. Every account-owned table
// carries account_id and puts it first in its primary and foreign keys, so a
// row can never point at another account's rows and the tables can later be
// distributed by account_id (Citus) unchanged.

const statements = [
  `
    CREATE TABLE users (
      id uuid PRIMARY KEY DEFAULT gen_random_uuid(),
      email text NOT NULL CHECK (length(email) BETWEEN 3 AND 254),
      name text NOT NULL CHECK (length(name) BETWEEN 1 AND 200),
      role text NOT NULL CHECK (role IN ('admin', 'director', 'kam', 'customer')),
      password_hash text,
      locale text NOT NULL DEFAULT 'en' CHECK (locale IN ('en', 'fi')),
      disabled_at timestamptz,
      created_at timestamptz NOT NULL DEFAULT now(),
      updated_at timestamptz NOT NULL DEFAULT now(),
      version integer NOT NULL DEFAULT 1
    )
  `,
  `
    CREATE UNIQUE INDEX users_email_key ON users (lower(email))
  `,
  `
    CREATE INDEX users_role_idx ON users (role) WHERE disabled_at IS NULL
  `,
  `
    CREATE TABLE sessions (
      id uuid PRIMARY KEY DEFAULT gen_random_uuid(),
      token_hash text NOT NULL,
      user_id uuid NOT NULL REFERENCES users (id) ON DELETE CASCADE,
      created_at timestamptz NOT NULL DEFAULT now(),
      last_seen_at timestamptz NOT NULL DEFAULT now(),
      expires_at timestamptz NOT NULL,
      revoked_at timestamptz,
      ip text,
      user_agent text
    )
  `,
  `
    CREATE UNIQUE INDEX sessions_token_hash_key ON sessions (token_hash)
  `,
  `
    CREATE INDEX sessions_user_idx ON sessions (user_id) WHERE revoked_at IS NULL
  `,
  `
    CREATE TABLE accounts (
      id uuid PRIMARY KEY DEFAULT gen_random_uuid(),
      external_id text,
      name text NOT NULL CHECK (length(name) BETWEEN 1 AND 200),
      industry text NOT NULL DEFAULT '',
      tier text NOT NULL DEFAULT 'standard'
        CHECK (tier IN ('strategic', 'key', 'growth', 'standard')),
      lifecycle_stage text NOT NULL DEFAULT 'onboarding'
        CHECK (lifecycle_stage IN ('onboarding', 'adoption', 'expansion', 'renewal', 'at_risk', 'churned')),
      relationship_start date,
      contract_value numeric(14, 2) CHECK (contract_value >= 0),
      currency char(3) NOT NULL DEFAULT 'EUR' CHECK (currency ~ '^[A-Z]{3}$'),
      renewal_date date,
      owner_id uuid NOT NULL REFERENCES users (id),
      archived_at timestamptz,
      created_at timestamptz NOT NULL DEFAULT now(),
      updated_at timestamptz NOT NULL DEFAULT now(),
      version integer NOT NULL DEFAULT 1
    )
  `,
  `
    CREATE UNIQUE INDEX accounts_external_id_key ON accounts (external_id) WHERE external_id IS NOT NULL
  `,
  `
    CREATE INDEX accounts_owner_name_idx ON accounts (owner_id, lower(name), id)
  `,
  `
    CREATE INDEX accounts_name_idx ON accounts (lower(name) text_pattern_ops, id)
  `,
  `
    CREATE INDEX accounts_renewal_idx ON accounts (renewal_date) WHERE archived_at IS NULL
  `,
  `
    CREATE TABLE stakeholders (
      account_id uuid NOT NULL REFERENCES accounts (id) ON DELETE CASCADE,
      id uuid NOT NULL DEFAULT gen_random_uuid(),
      external_id text,
      name text NOT NULL CHECK (length(name) BETWEEN 1 AND 200),
      title text NOT NULL DEFAULT '',
      email text,
      phone text,
      committee_role text CHECK (committee_role IN ('decision_maker', 'economic_buyer', 'champion',
        'influencer', 'technical_evaluator', 'user', 'procurement', 'blocker')),
      influence smallint NOT NULL DEFAULT 3 CHECK (influence BETWEEN 1 AND 5),
      stance text NOT NULL DEFAULT 'neutral'
        CHECK (stance IN ('advocate', 'supporter', 'neutral', 'skeptic', 'opponent')),
      reports_to_id uuid,
      left_on date,
      created_at timestamptz NOT NULL DEFAULT now(),
      updated_at timestamptz NOT NULL DEFAULT now(),
      version integer NOT NULL DEFAULT 1,
      PRIMARY KEY (account_id, id),
      FOREIGN KEY (account_id, reports_to_id) REFERENCES stakeholders (account_id, id)
        ON DELETE SET NULL (reports_to_id),
      CHECK (reports_to_id IS NULL OR reports_to_id <> id)
    )
  `,
  `
    CREATE UNIQUE INDEX stakeholders_external_id_key ON stakeholders (account_id, external_id)
      WHERE external_id IS NOT NULL
  `,
  `
    CREATE INDEX stakeholders_role_idx ON stakeholders (account_id, committee_role) WHERE left_on IS NULL
  `,
  `
    CREATE TABLE touchpoints (
      account_id uuid NOT NULL REFERENCES accounts (id) ON DELETE CASCADE,
      id uuid NOT NULL DEFAULT gen_random_uuid(),
      external_id text,
      kind text NOT NULL CHECK (kind IN ('meeting', 'call', 'email', 'chat', 'business_review', 'delivery',
        'invoice', 'support_case', 'training', 'event', 'word_of_mouth', 'survey', 'committee_change', 'other')),
      occurred_at timestamptz NOT NULL,
      recorded_at timestamptz NOT NULL DEFAULT now(),
      author_id uuid REFERENCES users (id) ON DELETE SET NULL,
      source text NOT NULL DEFAULT 'internal' CHECK (source IN ('internal', 'portal', 'import', 'system')),
      title text NOT NULL CHECK (length(title) BETWEEN 1 AND 300),
      summary text NOT NULL DEFAULT '',
      internal_notes text NOT NULL DEFAULT '',
      shared_with_customer boolean NOT NULL DEFAULT false,
      sentiment smallint CHECK (sentiment BETWEEN -2 AND 2),
      treatment smallint CHECK (treatment BETWEEN 1 AND 5),
      resolved text CHECK (resolved IN ('yes', 'partly', 'no')),
      emotion_tags text[] NOT NULL DEFAULT '{}',
      moment_of_truth boolean NOT NULL DEFAULT false,
      positive_surprise boolean NOT NULL DEFAULT false,
      created_at timestamptz NOT NULL DEFAULT now(),
      updated_at timestamptz NOT NULL DEFAULT now(),
      version integer NOT NULL DEFAULT 1,
      PRIMARY KEY (account_id, id)
    )
  `,
  `
    CREATE UNIQUE INDEX touchpoints_external_id_key ON touchpoints (account_id, external_id)
      WHERE external_id IS NOT NULL
  `,
  `
    CREATE INDEX touchpoints_timeline_idx ON touchpoints (account_id, occurred_at DESC, id DESC)
  `,
  `
    CREATE INDEX touchpoints_kind_idx ON touchpoints (account_id, kind, occurred_at DESC, id DESC)
  `,
  `
    CREATE INDEX touchpoints_shared_idx ON touchpoints (account_id, occurred_at DESC, id DESC)
      WHERE shared_with_customer
  `,
  `
    CREATE INDEX touchpoints_author_idx ON touchpoints (author_id, recorded_at DESC)
  `,
  `
    CREATE TABLE touchpoint_stakeholders (
      account_id uuid NOT NULL,
      touchpoint_id uuid NOT NULL,
      stakeholder_id uuid NOT NULL,
      occurred_at timestamptz NOT NULL,
      PRIMARY KEY (account_id, touchpoint_id, stakeholder_id),
      FOREIGN KEY (account_id, touchpoint_id) REFERENCES touchpoints (account_id, id) ON DELETE CASCADE,
      FOREIGN KEY (account_id, stakeholder_id) REFERENCES stakeholders (account_id, id) ON DELETE CASCADE
    )
  `,
  `
    CREATE INDEX touchpoint_stakeholders_contact_idx
      ON touchpoint_stakeholders (account_id, stakeholder_id, occurred_at DESC)
  `,
  `
    CREATE TABLE touchpoint_users (
      account_id uuid NOT NULL,
      touchpoint_id uuid NOT NULL,
      user_id uuid NOT NULL REFERENCES users (id) ON DELETE CASCADE,
      PRIMARY KEY (account_id, touchpoint_id, user_id),
      FOREIGN KEY (account_id, touchpoint_id) REFERENCES touchpoints (account_id, id) ON DELETE CASCADE
    )
  `,
  `
    CREATE INDEX touchpoint_users_user_idx ON touchpoint_users (user_id)
  `,
  `
    CREATE TABLE touchpoint_invoices (
      account_id uuid NOT NULL,
      touchpoint_id uuid NOT NULL,
      number text NOT NULL CHECK (length(number) BETWEEN 1 AND 100),
      amount numeric(14, 2) NOT NULL,
      currency char(3) NOT NULL DEFAULT 'EUR' CHECK (currency ~ '^[A-Z]{3}$'),
      due_date date NOT NULL,
      paid_on date,
      disputed boolean NOT NULL DEFAULT false,
      dispute_reason text NOT NULL DEFAULT '',
      PRIMARY KEY (account_id, touchpoint_id),
      FOREIGN KEY (account_id, touchpoint_id) REFERENCES touchpoints (account_id, id) ON DELETE CASCADE
    )
  `,
  `
    CREATE INDEX touchpoint_invoices_open_idx ON touchpoint_invoices (account_id, due_date)
      WHERE paid_on IS NULL OR disputed
  `,
  `
    CREATE TABLE touchpoint_support_cases (
      account_id uuid NOT NULL,
      touchpoint_id uuid NOT NULL,
      severity text NOT NULL DEFAULT 'normal' CHECK (severity IN ('low', 'normal', 'high', 'critical')),
      status text NOT NULL DEFAULT 'open' CHECK (status IN ('open', 'waiting', 'resolved', 'closed')),
      opened_at timestamptz NOT NULL,
      sla_due_at timestamptz NOT NULL,
      resolved_at timestamptz,
      PRIMARY KEY (account_id, touchpoint_id),
      FOREIGN KEY (account_id, touchpoint_id) REFERENCES touchpoints (account_id, id) ON DELETE CASCADE,
      CHECK (sla_due_at >= opened_at),
      CHECK (resolved_at IS NULL OR resolved_at >= opened_at),
      CHECK ((status IN ('resolved', 'closed')) = (resolved_at IS NOT NULL))
    )
  `,
  `
    CREATE INDEX touchpoint_support_cases_open_idx ON touchpoint_support_cases (account_id, sla_due_at)
      WHERE status IN ('open', 'waiting')
  `,
  `
    CREATE TABLE expectations (
      account_id uuid NOT NULL REFERENCES accounts (id) ON DELETE CASCADE,
      id uuid NOT NULL DEFAULT gen_random_uuid(),
      external_id text,
      title text NOT NULL CHECK (length(title) BETWEEN 1 AND 300),
      description text NOT NULL DEFAULT '',
      category text NOT NULL DEFAULT 'delivery'
        CHECK (category IN ('delivery', 'response_time', 'outcome', 'invoicing', 'communication', 'other')),
      holder_stakeholder_id uuid,
      source text NOT NULL DEFAULT 'contract' CHECK (source IN ('contract', 'touchpoint', 'customer', 'internal')),
      source_touchpoint_id uuid,
      importance smallint NOT NULL DEFAULT 2 CHECK (importance BETWEEN 1 AND 3),
      original_due_date date NOT NULL,
      due_date date NOT NULL,
      owner_id uuid REFERENCES users (id) ON DELETE SET NULL,
      status text NOT NULL DEFAULT 'open' CHECK (status IN ('proposed', 'open', 'resolved', 'declined')),
      outcome text CHECK (outcome IN ('kept', 'exceeded', 'late', 'partial', 'missed', 'withdrawn')),
      delivered_on date,
      delivery_note text NOT NULL DEFAULT '',
      customer_response text CHECK (customer_response IN ('confirmed', 'disputed_partly', 'disputed_not_delivered')),
      customer_comment text NOT NULL DEFAULT '',
      customer_responded_at timestamptz,
      created_at timestamptz NOT NULL DEFAULT now(),
      updated_at timestamptz NOT NULL DEFAULT now(),
      version integer NOT NULL DEFAULT 1,
      PRIMARY KEY (account_id, id),
      FOREIGN KEY (account_id, holder_stakeholder_id) REFERENCES stakeholders (account_id, id)
        ON DELETE SET NULL (holder_stakeholder_id),
      FOREIGN KEY (account_id, source_touchpoint_id) REFERENCES touchpoints (account_id, id)
        ON DELETE SET NULL (source_touchpoint_id),
      CHECK ((status = 'resolved') = (outcome IS NOT NULL)),
      CHECK (customer_response IS NULL OR status = 'resolved')
    )
  `,
  `
    CREATE UNIQUE INDEX expectations_external_id_key ON expectations (account_id, external_id)
      WHERE external_id IS NOT NULL
  `,
  `
    CREATE INDEX expectations_due_idx ON expectations (account_id, due_date, id)
  `,
  `
    CREATE INDEX expectations_open_owner_idx ON expectations (owner_id, due_date) WHERE status = 'open'
  `,
  `
    CREATE TABLE expectation_changes (
      account_id uuid NOT NULL,
      id uuid NOT NULL DEFAULT gen_random_uuid(),
      expectation_id uuid NOT NULL,
      kind text NOT NULL CHECK (kind IN ('created', 'edited', 'replanned', 'delivered', 'reopened',
        'confirmed', 'disputed', 'accepted', 'declined')),
      from_due_date date,
      to_due_date date,
      reason text NOT NULL DEFAULT '',
      customer_notified boolean,
      actor_id uuid REFERENCES users (id) ON DELETE SET NULL,
      at timestamptz NOT NULL DEFAULT now(),
      details jsonb NOT NULL DEFAULT '{}',
      PRIMARY KEY (account_id, id),
      FOREIGN KEY (account_id, expectation_id) REFERENCES expectations (account_id, id) ON DELETE CASCADE
    )
  `,
  `
    CREATE INDEX expectation_changes_history_idx ON expectation_changes (account_id, expectation_id, at)
  `,
  `
    CREATE TABLE survey_responses (
      account_id uuid NOT NULL REFERENCES accounts (id) ON DELETE CASCADE,
      id uuid NOT NULL DEFAULT gen_random_uuid(),
      stakeholder_id uuid NOT NULL,
      kind text NOT NULL CHECK (kind IN ('nps', 'csat')),
      score smallint NOT NULL,
      comment text NOT NULL DEFAULT '',
      touchpoint_id uuid,
      answered_at timestamptz NOT NULL DEFAULT now(),
      PRIMARY KEY (account_id, id),
      FOREIGN KEY (account_id, stakeholder_id) REFERENCES stakeholders (account_id, id) ON DELETE CASCADE,
      FOREIGN KEY (account_id, touchpoint_id) REFERENCES touchpoints (account_id, id) ON DELETE CASCADE,
      CHECK ((kind = 'nps' AND score BETWEEN 0 AND 10) OR (kind = 'csat' AND score BETWEEN 1 AND 5))
    )
  `,
  `
    CREATE INDEX survey_responses_latest_idx
      ON survey_responses (account_id, kind, stakeholder_id, answered_at DESC)
  `,
  `
    CREATE TABLE portal_access (
      account_id uuid NOT NULL REFERENCES accounts (id) ON DELETE CASCADE,
      user_id uuid NOT NULL REFERENCES users (id) ON DELETE CASCADE,
      stakeholder_id uuid NOT NULL,
      granted_by uuid REFERENCES users (id) ON DELETE SET NULL,
      created_at timestamptz NOT NULL DEFAULT now(),
      revoked_at timestamptz,
      PRIMARY KEY (account_id, user_id),
      FOREIGN KEY (account_id, stakeholder_id) REFERENCES stakeholders (account_id, id) ON DELETE CASCADE
    )
  `,
  `
    CREATE INDEX portal_access_user_idx ON portal_access (user_id) WHERE revoked_at IS NULL
  `,
  `
    CREATE TABLE audit_events (
      id bigint GENERATED ALWAYS AS IDENTITY PRIMARY KEY,
      at timestamptz NOT NULL DEFAULT now(),
      actor_id uuid,
      account_id uuid,
      entity text NOT NULL,
      entity_id text NOT NULL,
      action text NOT NULL,
      before jsonb,
      after jsonb,
      ip text
    )
  `,
  `
    CREATE INDEX audit_events_account_idx ON audit_events (account_id, at DESC) WHERE account_id IS NOT NULL
  `,
  `
    CREATE INDEX audit_events_actor_idx ON audit_events (actor_id, at DESC)
  `,
  `
    CREATE INDEX audit_events_at_idx ON audit_events (at DESC)
  `,
  `
    CREATE INDEX audit_events_entity_idx ON audit_events (entity, entity_id, id DESC)
  `,
  `
    CREATE FUNCTION audit_events_append_only() RETURNS trigger LANGUAGE plpgsql AS $$
    BEGIN
      RAISE EXCEPTION 'audit_events is append-only' USING ERRCODE = 'insufficient_privilege';
    END
    $$
  `,
  `
    CREATE TRIGGER audit_events_no_change BEFORE UPDATE OR DELETE ON audit_events
      FOR EACH ROW EXECUTE FUNCTION audit_events_append_only()
  `,
  `
    CREATE TRIGGER audit_events_no_truncate BEFORE TRUNCATE ON audit_events
      FOR EACH STATEMENT EXECUTE FUNCTION audit_events_append_only()
  `,
];

export async function up(db: Kysely<any>): Promise<void> {
  for (const statement of statements) {
    await sql.raw(statement).execute(db);
  }
}

export async function down(db: Kysely<any>): Promise<void> {
  await sql`
    DROP TABLE IF EXISTS audit_events, portal_access, survey_responses, expectation_changes, expectations,
      touchpoint_support_cases, touchpoint_invoices, touchpoint_users, touchpoint_stakeholders, touchpoints,
      stakeholders, accounts, sessions, users CASCADE
  `.execute(db);
  await sql`DROP FUNCTION IF EXISTS audit_events_append_only()`.execute(db);
}
