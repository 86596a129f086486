import { sql, type Kysely } from "kysely";

// References, referrals and word of mouth as touchpoints (issue 14, item 7).
// Two new kinds, reference_given (the customer acted as a reference for us) and
// referral_given (they referred a prospect to us), beside word_of_mouth. The
// three carry a polarity (positive / negative) and a source (who said it, or to
// whom: free text) and may name one of the account's people (the person who
// gave it or whom it is about). Columns on touchpoints rather than a side
// table: a CHECK then holds that they are set exactly for these kinds, on
// every path that writes (forms, API, import) and in one row.
//
// Word of mouth recorded before this has neither: its polarity is read from
// the sentiment recorded with it (below zero: negative; otherwise positive,
// the kind's usual sense before polarity existed), its source from its title
// (the only words saying where it was heard). Frozen in time: never imports app code.

const KINDS_BEFORE = `'meeting', 'call', 'email', 'chat', 'business_review', 'delivery', 'invoice', 'support_case',
  'training', 'event', 'word_of_mouth', 'survey', 'committee_change', 'other'`;
const KINDS_AFTER = `${KINDS_BEFORE}, 'reference_given', 'referral_given'`;
const ADVOCACY = `('reference_given', 'referral_given', 'word_of_mouth')`;

const statements = [
  `ALTER TABLE touchpoints DROP CONSTRAINT touchpoints_kind_check`,
  `ALTER TABLE touchpoints ADD CONSTRAINT touchpoints_kind_check CHECK (kind IN (${KINDS_AFTER}))`,
  `ALTER TABLE touchpoints ADD COLUMN advocacy_polarity text CHECK (advocacy_polarity IN ('positive', 'negative'))`,
  `ALTER TABLE touchpoints ADD COLUMN advocacy_source text
     CHECK (length(advocacy_source) BETWEEN 1 AND 200)`,
  `ALTER TABLE touchpoints ADD COLUMN advocacy_stakeholder_id uuid`,
  `ALTER TABLE touchpoints ADD CONSTRAINT touchpoints_advocacy_stakeholder_fkey
     FOREIGN KEY (account_id, advocacy_stakeholder_id) REFERENCES stakeholders (account_id, id)
     ON DELETE SET NULL (advocacy_stakeholder_id)`,
  `UPDATE touchpoints
     SET advocacy_polarity = CASE WHEN sentiment < 0 THEN 'negative' ELSE 'positive' END,
         advocacy_source = left(title, 200)
     WHERE kind = 'word_of_mouth'`,
  `ALTER TABLE touchpoints ADD CONSTRAINT touchpoints_advocacy_facts CHECK (
     CASE WHEN kind IN ${ADVOCACY}
       THEN advocacy_polarity IS NOT NULL AND advocacy_source IS NOT NULL
       ELSE advocacy_polarity IS NULL AND advocacy_source IS NULL AND advocacy_stakeholder_id IS NULL
     END)`,
  `CREATE INDEX touchpoints_advocacy_idx ON touchpoints (account_id, advocacy_stakeholder_id, occurred_at DESC)
     WHERE advocacy_stakeholder_id IS NOT NULL`,
];

export async function up(db: Kysely<any>): Promise<void> {
  for (const statement of statements) {
    await sql.raw(statement).execute(db);
  }
}

export async function down(db: Kysely<any>): Promise<void> {
  await sql`DELETE FROM touchpoints WHERE kind IN ('reference_given', 'referral_given')`.execute(db);
  await sql`DROP INDEX IF EXISTS touchpoints_advocacy_idx`.execute(db);
  await sql`ALTER TABLE touchpoints DROP CONSTRAINT IF EXISTS touchpoints_advocacy_facts`.execute(db);
  await sql`ALTER TABLE touchpoints DROP CONSTRAINT IF EXISTS touchpoints_advocacy_stakeholder_fkey`.execute(db);
  await sql`ALTER TABLE touchpoints DROP COLUMN IF EXISTS advocacy_stakeholder_id, DROP COLUMN IF EXISTS advocacy_source,
    DROP COLUMN IF EXISTS advocacy_polarity`.execute(db);
  await sql.raw(`ALTER TABLE touchpoints DROP CONSTRAINT touchpoints_kind_check`).execute(db);
  await sql.raw(`ALTER TABLE touchpoints ADD CONSTRAINT touchpoints_kind_check CHECK (kind IN (${KINDS_BEFORE}))`).execute(db);
}
