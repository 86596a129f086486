import { sql, type Kysely } from "kysely";

// Tasks (next steps) and the per-person state of inbox items. The inbox itself
// is not stored: it is read from its sources (disputes, proposals, survey
// answers, signals, due expectations and tasks), so an item leaves by itself
// when its source is dealt with, and a customer's action in the portal reaches
// it in the portal's own transaction without the portal role writing here.
// inbox_item_states keeps what a person did with an item: done, snoozed to a
// day, or handed to a colleague. Frozen in time: never imports app code.

const GUARD = `(SELECT current_user = 'kohtaamo_portal' OR NOT EXISTS (
  SELECT 1 FROM portal_scopes s WHERE s.xact = pg_current_xact_id_if_assigned()))`;

const statements = [
  `
    CREATE TABLE tasks (
      account_id uuid NOT NULL REFERENCES accounts (id) ON DELETE CASCADE,
      id uuid NOT NULL DEFAULT gen_random_uuid(),
      external_id text,
      title text NOT NULL CHECK (length(title) BETWEEN 1 AND 300),
      notes text NOT NULL DEFAULT '' CHECK (length(notes) <= 4000),
      owner_id uuid NOT NULL REFERENCES users (id),
      created_by uuid REFERENCES users (id) ON DELETE SET NULL,
      due_on date,
      state text NOT NULL DEFAULT 'open' CHECK (state IN ('open', 'done', 'cancelled')),
      visibility text NOT NULL DEFAULT 'account' CHECK (visibility IN ('private', 'account')),
      origin text NOT NULL DEFAULT 'manual'
        CHECK (origin IN ('manual', 'signal', 'touchpoint', 'expectation', 'inbox', 'playbook', 'api')),
      expectation_id uuid,
      signal_id uuid,
      stakeholder_id uuid,
      touchpoint_id uuid,
      inbox_item_key text,
      completed_at timestamptz,
      completed_by uuid REFERENCES users (id) ON DELETE SET NULL,
      created_at timestamptz NOT NULL DEFAULT now(),
      updated_at timestamptz NOT NULL DEFAULT now(),
      version integer NOT NULL DEFAULT 1,
      PRIMARY KEY (account_id, id),
      FOREIGN KEY (account_id, expectation_id) REFERENCES expectations (account_id, id) ON DELETE SET NULL (expectation_id),
      FOREIGN KEY (account_id, signal_id) REFERENCES risk_signals (account_id, id) ON DELETE SET NULL (signal_id),
      FOREIGN KEY (account_id, stakeholder_id) REFERENCES stakeholders (account_id, id) ON DELETE SET NULL (stakeholder_id),
      FOREIGN KEY (account_id, touchpoint_id) REFERENCES touchpoints (account_id, id) ON DELETE SET NULL (touchpoint_id),
      CHECK ((state = 'open') = (completed_at IS NULL))
    )
  `,
  `CREATE UNIQUE INDEX tasks_external_id_key ON tasks (account_id, external_id) WHERE external_id IS NOT NULL`,
  // A playbook opens one task per raising of a signal.
  `CREATE UNIQUE INDEX tasks_playbook_signal_key ON tasks (account_id, signal_id) WHERE origin = 'playbook'`,
  `CREATE INDEX tasks_owner_open_idx ON tasks (owner_id, due_on) WHERE state = 'open'`,
  `CREATE INDEX tasks_inbox_item_idx ON tasks (inbox_item_key) WHERE inbox_item_key IS NOT NULL`,
  `
    CREATE TABLE inbox_item_states (
      account_id uuid NOT NULL REFERENCES accounts (id) ON DELETE CASCADE,
      user_id uuid NOT NULL REFERENCES users (id) ON DELETE CASCADE,
      item_key text NOT NULL CHECK (length(item_key) <= 200),
      done_at timestamptz,
      snoozed_until date,
      handed_to uuid REFERENCES users (id) ON DELETE SET NULL,
      updated_at timestamptz NOT NULL DEFAULT now(),
      PRIMARY KEY (account_id, user_id, item_key)
    )
  `,
  `CREATE INDEX inbox_item_states_user_idx ON inbox_item_states (user_id)`,
  `CREATE INDEX inbox_item_states_handed_to_idx ON inbox_item_states (handed_to) WHERE handed_to IS NOT NULL`,
  // Every table carries the portal scope guard (20261205_2340_portal_scope_guard): while a
  // portal scope is open in a transaction, only the portal role sees anything, and it has
  // no grant on these tables.
  ...["tasks", "inbox_item_states"].flatMap((table) => [
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
  await sql`DROP TABLE IF EXISTS inbox_item_states`.execute(db);
  await sql`DROP TABLE IF EXISTS tasks`.execute(db);
}
