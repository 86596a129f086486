import { sql, type Kysely } from "kysely";

// Business reviews (QBR/EBR) co-written with the customer. A review covers one
// account and one period; its figures are computed from the ledger and the
// timeline while it is a draft and stored (frozen) when it is shared or
// published, so what was presented stays as it was. Items are what the review
// proposes or the customer adds for the next period (commitments, the
// customer's own expectations, agenda points); comments are on any part of the
// pack, from either side. Frozen in time: never imports app code.
//
// The portal role reads reviews that are no longer drafts, and adds its own
// items and comments while the review is open to the customer (shared or
// published), always within the transaction's portal scope.

const ROLE = "kohtaamo_portal";
const SCOPE = `(SELECT s.account_id FROM portal_scopes s WHERE s.xact = pg_current_xact_id_if_assigned())`;
const GUARD = `(SELECT current_user = '${ROLE}' OR NOT EXISTS (
  SELECT 1 FROM portal_scopes s WHERE s.xact = pg_current_xact_id_if_assigned()))`;
const TABLES = ["business_reviews", "business_review_items", "business_review_comments"];
const OPEN_TO_CUSTOMER = (table: string) => `EXISTS (
  SELECT 1 FROM business_reviews r
  WHERE r.account_id = ${table}.account_id AND r.id = ${table}.review_id AND r.state IN ('shared', 'published'))`;

const statements = [
  `
    CREATE TABLE business_reviews (
      account_id uuid NOT NULL REFERENCES accounts (id) ON DELETE CASCADE,
      id uuid NOT NULL DEFAULT gen_random_uuid(),
      title text NOT NULL CHECK (length(title) BETWEEN 1 AND 200),
      period_start date NOT NULL,
      period_end date NOT NULL,
      state text NOT NULL DEFAULT 'draft' CHECK (state IN ('draft', 'shared', 'published', 'held')),
      summary text NOT NULL DEFAULT '' CHECK (length(summary) <= 10000),
      highlights text NOT NULL DEFAULT '' CHECK (length(highlights) <= 10000),
      figures jsonb,
      figures_on date,
      shared_at timestamptz,
      published_at timestamptz,
      published_by uuid REFERENCES users (id) ON DELETE SET NULL,
      held_at timestamptz,
      meeting_touchpoint_id uuid,
      created_by uuid REFERENCES users (id) ON DELETE SET NULL,
      created_at timestamptz NOT NULL DEFAULT now(),
      updated_at timestamptz NOT NULL DEFAULT now(),
      version integer NOT NULL DEFAULT 1,
      PRIMARY KEY (account_id, id),
      FOREIGN KEY (account_id, meeting_touchpoint_id) REFERENCES touchpoints (account_id, id)
        ON DELETE SET NULL (meeting_touchpoint_id),
      CHECK (period_start <= period_end),
      CHECK ((state = 'draft') = (figures IS NULL)),
      CHECK ((state = 'draft') = (figures_on IS NULL)),
      CHECK (state NOT IN ('published', 'held') OR published_at IS NOT NULL),
      CHECK (state <> 'held' OR held_at IS NOT NULL)
    )
  `,
  `CREATE INDEX business_reviews_account_period_idx ON business_reviews (account_id, period_end DESC)`,
  `
    CREATE TABLE business_review_items (
      account_id uuid NOT NULL,
      review_id uuid NOT NULL,
      id uuid NOT NULL DEFAULT gen_random_uuid(),
      kind text NOT NULL CHECK (kind IN ('proposed', 'customer_expectation', 'agenda')),
      title text NOT NULL CHECK (length(title) BETWEEN 1 AND 300),
      description text NOT NULL DEFAULT '' CHECK (length(description) <= 4000),
      due_date date,
      importance smallint NOT NULL DEFAULT 2 CHECK (importance BETWEEN 1 AND 3),
      stakeholder_id uuid,
      created_by uuid REFERENCES users (id) ON DELETE SET NULL,
      from_customer boolean NOT NULL DEFAULT false,
      expectation_id uuid,
      created_at timestamptz NOT NULL DEFAULT now(),
      PRIMARY KEY (account_id, id),
      FOREIGN KEY (account_id, review_id) REFERENCES business_reviews (account_id, id) ON DELETE CASCADE,
      FOREIGN KEY (account_id, stakeholder_id) REFERENCES stakeholders (account_id, id) ON DELETE SET NULL (stakeholder_id),
      FOREIGN KEY (account_id, expectation_id) REFERENCES expectations (account_id, id) ON DELETE SET NULL (expectation_id),
      CHECK (from_customer OR kind = 'proposed'),
      CHECK (kind <> 'agenda' OR expectation_id IS NULL)
    )
  `,
  `CREATE INDEX business_review_items_review_idx ON business_review_items (account_id, review_id, created_at)`,
  `
    CREATE TABLE business_review_comments (
      account_id uuid NOT NULL,
      review_id uuid NOT NULL,
      id uuid NOT NULL DEFAULT gen_random_uuid(),
      item_key text NOT NULL CHECK (item_key ~ '^[a-z_]{1,40}(:[0-9a-f-]{36})?$'),
      body text NOT NULL CHECK (length(body) BETWEEN 1 AND 4000),
      author_id uuid REFERENCES users (id) ON DELETE SET NULL,
      stakeholder_id uuid,
      from_customer boolean NOT NULL,
      created_at timestamptz NOT NULL DEFAULT now(),
      PRIMARY KEY (account_id, id),
      FOREIGN KEY (account_id, review_id) REFERENCES business_reviews (account_id, id) ON DELETE CASCADE,
      FOREIGN KEY (account_id, stakeholder_id) REFERENCES stakeholders (account_id, id) ON DELETE SET NULL (stakeholder_id)
    )
  `,
  `CREATE INDEX business_review_comments_review_idx ON business_review_comments (account_id, review_id, created_at)`,
  // The KAM's inbox reads the customer's comments by time.
  `CREATE INDEX business_review_comments_customer_idx ON business_review_comments (created_at) WHERE from_customer`,
  ...TABLES.flatMap((table) => [
    `ALTER TABLE ${table} ENABLE ROW LEVEL SECURITY`,
    `CREATE POLICY app_all ON ${table} USING (true) WITH CHECK (true)`,
    `CREATE POLICY portal_scope_guard ON ${table} AS RESTRICTIVE USING (${GUARD}) WITH CHECK (${GUARD})`,
    `CREATE POLICY portal_account ON ${table} AS RESTRICTIVE TO ${ROLE}
      USING (account_id = ${SCOPE}) WITH CHECK (account_id = ${SCOPE})`,
  ]),
  `GRANT SELECT (account_id, id, title, period_start, period_end, state, summary, highlights, figures, figures_on,
    shared_at, published_at, held_at, updated_at, version) ON business_reviews TO ${ROLE}`,
  `CREATE POLICY portal_visible ON business_reviews AS RESTRICTIVE FOR SELECT TO ${ROLE} USING (state <> 'draft')`,
  `GRANT SELECT (account_id, review_id, id, kind, title, description, due_date, importance, stakeholder_id,
    from_customer, expectation_id, created_at) ON business_review_items TO ${ROLE}`,
  `GRANT INSERT (account_id, review_id, id, kind, title, description, due_date, importance, stakeholder_id,
    created_by, from_customer) ON business_review_items TO ${ROLE}`,
  `CREATE POLICY portal_insert ON business_review_items AS RESTRICTIVE FOR INSERT TO ${ROLE}
    WITH CHECK (from_customer AND kind IN ('customer_expectation', 'agenda') AND expectation_id IS NULL
      AND ${OPEN_TO_CUSTOMER("business_review_items")})`,
  `GRANT SELECT (account_id, review_id, id, item_key, body, stakeholder_id, from_customer, created_at)
    ON business_review_comments TO ${ROLE}`,
  `GRANT INSERT (account_id, review_id, id, item_key, body, author_id, stakeholder_id, from_customer)
    ON business_review_comments TO ${ROLE}`,
  `CREATE POLICY portal_insert ON business_review_comments AS RESTRICTIVE FOR INSERT TO ${ROLE}
    WITH CHECK (from_customer AND ${OPEN_TO_CUSTOMER("business_review_comments")})`,
];

export async function up(db: Kysely<any>): Promise<void> {
  for (const statement of statements) {
    await sql.raw(statement).execute(db);
  }
}

export async function down(db: Kysely<any>): Promise<void> {
  await sql`DROP TABLE IF EXISTS business_review_comments`.execute(db);
  await sql`DROP TABLE IF EXISTS business_review_items`.execute(db);
  await sql`DROP TABLE IF EXISTS business_reviews`.execute(db);
}
