import { sql, type Kysely } from "kysely";

// The portfolio's figures per KAM, band and currency, summed from the stored
// scores as they are written, so the portfolio page, a KAM's page and their
// pooled predictability add up a few hundred rows instead of every live
// account's scores (5,000 accounts at the bench's large size: the loaders took
// 8.2 ms there against 3.5 ms at 200 accounts). Frozen in time: never imports
// app code.
//
// portfolio_score_deltas holds signed changes, appended in the transaction of
// the write: a live account counts once at (its owner, its score's band or
// none, its currency) with its contract value and its stored scores'
// sums (account_scores), as the portfolio's own aggregate counts it
// (app/models/portfolio.server.ts). Appended to, never updated, so
// concurrent writes to different accounts of one KAM never wait on each other;
// the application folds the rows into one per key when they grow.
//
// Kept by triggers, whoever writes:
// - account_scores written or deleted: the account's old figures off, its new
//   ones on (an account with no scores row counts in the band "none");
// - an account created: on, unscored; changes hands, currency or value, is
//   archived or restored: off as it was, on as it is;
// - an account deleted while live: off before the cascade deletes its scores
//   (whose own trigger then finds no account).
// Scoring locks the account row before it writes account_scores
// (refreshAccountScores), and the account's own writes lock it too, so the two
// kinds never read each other's half-written state.
// The seed's COPY path writes accounts with triggers off and appends their rows
// itself through kohtaamo_portfolio_scores_add (db/seed/copy.ts, STOOD_IN_FOR).

const GUARD = `(SELECT current_user = 'kohtaamo_portal' OR NOT EXISTS (
  SELECT 1 FROM portal_scopes s WHERE s.xact = pg_current_xact_id_if_assigned()))`;

/** The summed columns, in order (after owner_id, band, currency). */
export const SUMS = [
  "accounts",
  "valued",
  "value",
  "scored",
  "health_sum",
  "p_weight",
  "p_predictable_weight",
  "p_sample",
  "p_surprises",
  "p_delivered",
  "p_on_time",
  "p_late",
  "p_late_days",
  "nps_weighted",
  "nps_respondents",
  "open_signals",
] as const;

/** One account's contribution: `a` an account row, `s` its scores row or nulls, `sign` 1 or -1. */
const contribution = (sign: string) => `
  a.owner_id, s.band, a.currency,
  ${sign} AS accounts,
  ${sign} * (a.contract_value IS NOT NULL)::int AS valued,
  ${sign} * coalesce(a.contract_value, 0) AS value,
  ${sign} * (s.health IS NOT NULL)::int AS scored,
  ${sign} * coalesce(s.health, 0) AS health_sum,
  ${sign} * coalesce(s.predictability_weight, 0) AS p_weight,
  ${sign} * coalesce(s.predictable_weight, 0) AS p_predictable_weight,
  ${sign} * coalesce(s.predictability_sample, 0) AS p_sample,
  ${sign} * coalesce(s.predictability_surprises, 0) AS p_surprises,
  ${sign} * coalesce(s.predictability_delivered, 0) AS p_delivered,
  ${sign} * coalesce(s.predictability_on_time, 0) AS p_on_time,
  ${sign} * coalesce(s.predictability_late, 0) AS p_late,
  ${sign} * coalesce(s.predictability_late_days, 0) AS p_late_days,
  ${sign} * coalesce(s.nps * s.nps_respondents, 0) AS nps_weighted,
  ${sign} * CASE WHEN s.nps IS NULL THEN 0 ELSE s.nps_respondents END AS nps_respondents,
  ${sign} * coalesce(s.open_signals, 0) AS open_signals`;

/** Appends the contributions the query gives, summed per key, leaving out keys whose changes cancel. */
const append = (rows: string) => `
  INSERT INTO portfolio_score_deltas (owner_id, band, currency, ${SUMS.join(", ")})
    SELECT owner_id, band, currency, ${SUMS.map((c) => `sum(${c})`).join(", ")}
    FROM (${rows}) c
    GROUP BY owner_id, band, currency
    HAVING ${SUMS.map((c) => `sum(${c}) <> 0`).join(" OR ")};`;

/** Scores rows (`table`: a transition table) of live accounts, with `sign`. */
const scoreRows = (table: string, sign: string) =>
  `SELECT ${contribution(sign)} FROM ${table} s JOIN accounts a ON a.id = s.account_id AND a.archived_at IS NULL`;

/** The same live accounts as unscored (no scores row): what a first score replaces, or a deleted one leaves. */
const unscoredRows = (table: string, sign: string) => `
  SELECT ${contribution(sign)} FROM (SELECT DISTINCT account_id FROM ${table}) t
  JOIN accounts a ON a.id = t.account_id AND a.archived_at IS NULL
  LEFT JOIN account_scores s ON false`;

const statements = (path: string) => [
  `
    CREATE TABLE portfolio_score_deltas (
      id bigint GENERATED ALWAYS AS IDENTITY PRIMARY KEY,
      owner_id uuid NOT NULL REFERENCES users (id) ON DELETE CASCADE,
      band text,
      currency char(3) NOT NULL,
      accounts integer NOT NULL,
      valued integer NOT NULL,
      value numeric NOT NULL,
      scored integer NOT NULL,
      health_sum numeric NOT NULL,
      p_weight integer NOT NULL,
      p_predictable_weight integer NOT NULL,
      p_sample integer NOT NULL,
      p_surprises integer NOT NULL,
      p_delivered integer NOT NULL,
      p_on_time integer NOT NULL,
      p_late integer NOT NULL,
      p_late_days integer NOT NULL,
      nps_weighted bigint NOT NULL,
      nps_respondents integer NOT NULL,
      open_signals integer NOT NULL
    )
  `,
  `CREATE INDEX portfolio_score_deltas_owner_idx ON portfolio_score_deltas (owner_id)`,
  `ALTER TABLE portfolio_score_deltas ENABLE ROW LEVEL SECURITY`,
  `CREATE POLICY app_all ON portfolio_score_deltas USING (true) WITH CHECK (true)`,
  `CREATE POLICY portal_scope_guard ON portfolio_score_deltas AS RESTRICTIVE USING (${GUARD}) WITH CHECK (${GUARD})`,

  // account_scores: old figures off, new ones on; a first score replaces "unscored", a deleted one restores it.
  `
    CREATE FUNCTION kohtaamo_portfolio_scores_rows() RETURNS trigger
    LANGUAGE plpgsql SECURITY DEFINER ${path} AS $$
    BEGIN
      IF TG_OP = 'INSERT' THEN
        ${append(`${scoreRows("changed_new", "1")} UNION ALL ${unscoredRows("changed_new", "-1")}`)}
      ELSIF TG_OP = 'UPDATE' THEN
        ${append(`${scoreRows("changed_new", "1")} UNION ALL ${scoreRows("changed_old", "-1")}`)}
      ELSE
        ${append(`${scoreRows("changed_old", "-1")} UNION ALL ${unscoredRows("changed_old", "1")}`)}
      END IF;
      RETURN NULL;
    END $$
  `,
  `CREATE TRIGGER portfolio_scores_on_insert AFTER INSERT ON account_scores
     REFERENCING NEW TABLE AS changed_new FOR EACH STATEMENT EXECUTE FUNCTION kohtaamo_portfolio_scores_rows()`,
  `CREATE TRIGGER portfolio_scores_on_update AFTER UPDATE ON account_scores
     REFERENCING OLD TABLE AS changed_old NEW TABLE AS changed_new FOR EACH STATEMENT EXECUTE FUNCTION kohtaamo_portfolio_scores_rows()`,
  `CREATE TRIGGER portfolio_scores_on_delete AFTER DELETE ON account_scores
     REFERENCING OLD TABLE AS changed_old FOR EACH STATEMENT EXECUTE FUNCTION kohtaamo_portfolio_scores_rows()`,

  // The live accounts among `ids` as they stand now, with their scores (the seed's COPY path calls it too).
  `
    CREATE FUNCTION kohtaamo_portfolio_scores_add(ids uuid[]) RETURNS void
    LANGUAGE sql SECURITY DEFINER ${path} AS $$
      ${append(`SELECT ${contribution("1")} FROM accounts a LEFT JOIN account_scores s ON s.account_id = a.id
        WHERE a.id = ANY (ids) AND a.archived_at IS NULL`)}
    $$
  `,
  `
    CREATE FUNCTION kohtaamo_portfolio_scores_accounts_new() RETURNS trigger
    LANGUAGE plpgsql SECURITY DEFINER ${path} AS $$
    BEGIN
      PERFORM kohtaamo_portfolio_scores_add(array(SELECT id FROM changed_new));
      RETURN NULL;
    END $$
  `,
  `CREATE TRIGGER portfolio_scores_on_account_insert AFTER INSERT ON accounts
     REFERENCING NEW TABLE AS changed_new FOR EACH STATEMENT EXECUTE FUNCTION kohtaamo_portfolio_scores_accounts_new()`,
  // One account changed or deleted: off as it was (when live), on as it is (when live).
  `
    CREATE FUNCTION kohtaamo_portfolio_scores_account() RETURNS trigger
    LANGUAGE plpgsql SECURITY DEFINER ${path} AS $$
    BEGIN
      IF OLD.archived_at IS NULL THEN
        ${append(`SELECT ${contribution("-1")} FROM (SELECT OLD.*) a LEFT JOIN account_scores s ON s.account_id = a.id`)}
      END IF;
      IF TG_OP = 'DELETE' THEN
        RETURN OLD;
      END IF;
      IF NEW.archived_at IS NULL THEN
        ${append(`SELECT ${contribution("1")} FROM (SELECT NEW.*) a LEFT JOIN account_scores s ON s.account_id = a.id`)}
      END IF;
      RETURN NULL;
    END $$
  `,
  `CREATE TRIGGER portfolio_scores_on_account_change AFTER UPDATE OF owner_id, archived_at, currency, contract_value ON accounts
     FOR EACH ROW WHEN (OLD.owner_id IS DISTINCT FROM NEW.owner_id OR (OLD.archived_at IS NULL) <> (NEW.archived_at IS NULL)
       OR OLD.currency IS DISTINCT FROM NEW.currency OR OLD.contract_value IS DISTINCT FROM NEW.contract_value)
     EXECUTE FUNCTION kohtaamo_portfolio_scores_account()`,
  // Before the delete: the cascade then removes scores of an account that is no longer there (nothing to take off).
  `CREATE TRIGGER portfolio_scores_on_account_delete BEFORE DELETE ON accounts
     FOR EACH ROW EXECUTE FUNCTION kohtaamo_portfolio_scores_account()`,

  // What is stored now.
  `SELECT kohtaamo_portfolio_scores_add(array(SELECT id FROM accounts WHERE archived_at IS NULL))`,
];

export async function up(db: Kysely<any>): Promise<void> {
  const { rows } = await sql<{ schema: string }>`SELECT current_schema() AS schema`.execute(db);
  const path = `SET search_path = "${rows[0]!.schema.replace(/"/g, '""')}", pg_temp`;
  for (const statement of statements(path)) await sql.raw(statement).execute(db);
}

export async function down(db: Kysely<any>): Promise<void> {
  await sql`DROP TRIGGER IF EXISTS portfolio_scores_on_account_insert ON accounts`.execute(db);
  await sql`DROP TRIGGER IF EXISTS portfolio_scores_on_account_change ON accounts`.execute(db);
  await sql`DROP TRIGGER IF EXISTS portfolio_scores_on_account_delete ON accounts`.execute(db);
  for (const op of ["insert", "update", "delete"])
    await sql.raw(`DROP TRIGGER IF EXISTS portfolio_scores_on_${op} ON account_scores`).execute(db);
  await sql`DROP FUNCTION IF EXISTS kohtaamo_portfolio_scores_account()`.execute(db);
  await sql`DROP FUNCTION IF EXISTS kohtaamo_portfolio_scores_accounts_new()`.execute(db);
  await sql`DROP FUNCTION IF EXISTS kohtaamo_portfolio_scores_add(uuid[])`.execute(db);
  await sql`DROP FUNCTION IF EXISTS kohtaamo_portfolio_scores_rows()`.execute(db);
  await sql`DROP TABLE IF EXISTS portfolio_score_deltas`.execute(db);
}
