import { sql, type Kysely } from "kysely";

// Portfolio trends without reading every account's snapshots and every verdict
// of the last twelve months on each view (704 ms p50 at 5,000 accounts).
// Frozen in time: never imports app code.
//
// - health_latest: each account's newest health snapshot (one row per account),
//   kept by a statement trigger on health_snapshots in the transaction of the
//   write, whoever writes (scoring, the seed's history, an import). The current
//   month of the trends reads these 5,000 rows instead of 5,000 backward index
//   probes.
// - portfolio_verdict_deltas: the importance weights and counts of the stored
//   verdicts that are not still open (expectation_verdicts), per KAM and month
//   of the due date, as signed changes appended by triggers: a verdict written,
//   changed or deleted appends its difference; an account that changes owner or
//   is archived or restored appends its verdicts' months off the one and onto the
//   other. Append-only, so concurrent writes to different accounts of one KAM
//   never wait on each other; the trends sum the rows of the twelve months
//   (a few hundred once compacted: the application folds the rows into one per
//   KAM and month when they grow, portfolio-trends.server.ts).
// Both functions are SECURITY DEFINER: a portal transaction that rescores its
// account writes them without the portal role having any grant on them.

const GUARD = `(SELECT current_user = 'kohtaamo_portal' OR NOT EXISTS (
  SELECT 1 FROM portal_scopes s WHERE s.xact = pg_current_xact_id_if_assigned()))`;

const guarded = (table: string) => [
  `ALTER TABLE ${table} ENABLE ROW LEVEL SECURITY`,
  `CREATE POLICY app_all ON ${table} USING (true) WITH CHECK (true)`,
  `CREATE POLICY portal_scope_guard ON ${table} AS RESTRICTIVE USING (${GUARD}) WITH CHECK (${GUARD})`,
];

/** Upserts the newest snapshot of each account the query names. */
const latestOf = (accounts: string) => `
  INSERT INTO health_latest (account_id, day, health, band, nps, nps_respondents)
    SELECT s.account_id, s.day, s.health, s.band, s.nps, s.nps_respondents
    FROM (${accounts}) t
    CROSS JOIN LATERAL (
      SELECT * FROM health_snapshots s WHERE s.account_id = t.account_id ORDER BY s.day DESC LIMIT 1
    ) s
    ORDER BY s.account_id
    ON CONFLICT (account_id) DO UPDATE SET
      day = excluded.day, health = excluded.health, band = excluded.band,
      nps = excluded.nps, nps_respondents = excluded.nps_respondents;`;

/** Appends the signed change of the verdict rows the query gives (account_id, due_date, importance, verdict, sign). */
const deltasOf = (rows: string) => `
  INSERT INTO portfolio_verdict_deltas (owner_id, month, weight_total, predictable_weight, sample, surprises)
    SELECT owner_id, month, weight_total, predictable_weight, sample, surprises FROM (
      SELECT a.owner_id, date_trunc('month', c.due_date)::date AS month,
             sum(c.sign * c.importance)::integer AS weight_total,
             coalesce(sum(c.sign * c.importance) FILTER (WHERE c.verdict = 'predictable'), 0)::integer AS predictable_weight,
             sum(c.sign)::integer AS sample,
             coalesce(sum(c.sign) FILTER (WHERE c.verdict = 'surprise'), 0)::integer AS surprises
      FROM (${rows}) c
      JOIN accounts a ON a.id = c.account_id AND a.archived_at IS NULL
      GROUP BY 1, 2
    ) d
    WHERE weight_total <> 0 OR predictable_weight <> 0 OR sample <> 0 OR surprises <> 0;`;

/** Appends one account's closed verdicts, month by month, to (sign 1) or off (sign -1) an owner. */
const accountMonths = (account: string, owner: string, sign: 1 | -1) => `
  INSERT INTO portfolio_verdict_deltas (owner_id, month, weight_total, predictable_weight, sample, surprises)
    SELECT ${owner}, date_trunc('month', v.due_date)::date,
           ${sign} * sum(v.importance),
           ${sign} * coalesce(sum(v.importance) FILTER (WHERE v.verdict = 'predictable'), 0),
           ${sign} * count(*),
           ${sign} * count(*) FILTER (WHERE v.verdict = 'surprise')
    FROM expectation_verdicts v
    WHERE v.account_id = ${account} AND NOT v.still_open
    GROUP BY 2;`;

/** The two tables the triggers keep. */
const tables = () => [
  `
    CREATE TABLE health_latest (
      account_id uuid PRIMARY KEY REFERENCES accounts (id) ON DELETE CASCADE,
      day date NOT NULL,
      health numeric(5, 1),
      band text CHECK (band IN ('healthy', 'watch', 'at_risk', 'not_enough_data')),
      nps smallint,
      nps_respondents integer NOT NULL
    )
  `,
  ...guarded("health_latest"),
  `
    CREATE TABLE portfolio_verdict_deltas (
      id bigint GENERATED ALWAYS AS IDENTITY PRIMARY KEY,
      owner_id uuid NOT NULL REFERENCES users (id) ON DELETE CASCADE,
      month date NOT NULL CHECK (extract(day FROM month) = 1),
      weight_total integer NOT NULL,
      predictable_weight integer NOT NULL,
      sample integer NOT NULL,
      surprises integer NOT NULL
    )
  `,
  `CREATE INDEX portfolio_verdict_deltas_month_idx ON portfolio_verdict_deltas (month, owner_id)`,
  ...guarded("portfolio_verdict_deltas"),
];

/** health_latest: each account's newest snapshot, kept by triggers on health_snapshots. */
const healthLatestTriggers = (path: string) => [
  // The newest snapshot of every account the statement touched, read again from
  // health_snapshots (its primary key backwards): after inserts, updates and deletes alike.
  `
    CREATE FUNCTION kohtaamo_health_latest_sync() RETURNS trigger
    LANGUAGE plpgsql SECURITY DEFINER ${path} AS $$
    BEGIN
      IF TG_OP = 'INSERT' THEN
        ${latestOf("SELECT DISTINCT account_id FROM changed_new")}
      ELSIF TG_OP = 'UPDATE' THEN
        ${latestOf("SELECT account_id FROM changed_new UNION SELECT account_id FROM changed_old")}
      ELSE
        DELETE FROM health_latest l USING (SELECT DISTINCT account_id FROM changed_old) t
          WHERE l.account_id = t.account_id
            AND NOT EXISTS (SELECT 1 FROM health_snapshots s WHERE s.account_id = t.account_id);
        ${latestOf("SELECT DISTINCT account_id FROM changed_old")}
      END IF;
      RETURN NULL;
    END $$
  `,
  `CREATE TRIGGER health_latest_on_insert AFTER INSERT ON health_snapshots
     REFERENCING NEW TABLE AS changed_new FOR EACH STATEMENT EXECUTE FUNCTION kohtaamo_health_latest_sync()`,
  `CREATE TRIGGER health_latest_on_update AFTER UPDATE ON health_snapshots
     REFERENCING OLD TABLE AS changed_old NEW TABLE AS changed_new FOR EACH STATEMENT EXECUTE FUNCTION kohtaamo_health_latest_sync()`,
  `CREATE TRIGGER health_latest_on_delete AFTER DELETE ON health_snapshots
     REFERENCING OLD TABLE AS changed_old FOR EACH STATEMENT EXECUTE FUNCTION kohtaamo_health_latest_sync()`,
];

/** portfolio_verdict_deltas: the verdicts summed per KAM and month, kept by triggers, and their backfill. */
const verdictTriggers = (path: string) => [
  // A verdict's contribution: + for the new row, - for the old; closed verdicts of live accounts only.
  `
    CREATE FUNCTION kohtaamo_verdict_deltas() RETURNS trigger
    LANGUAGE plpgsql SECURITY DEFINER ${path} AS $$
    BEGIN
      IF TG_OP = 'INSERT' THEN
        ${deltasOf("SELECT account_id, due_date, importance, verdict, 1 AS sign FROM changed_new WHERE NOT still_open")}
      ELSIF TG_OP = 'UPDATE' THEN
        ${deltasOf(`SELECT account_id, due_date, importance, verdict, 1 AS sign FROM changed_new WHERE NOT still_open
          UNION ALL SELECT account_id, due_date, importance, verdict, -1 FROM changed_old WHERE NOT still_open`)}
      ELSE
        ${deltasOf("SELECT account_id, due_date, importance, verdict, -1 AS sign FROM changed_old WHERE NOT still_open")}
      END IF;
      RETURN NULL;
    END $$
  `,
  `CREATE TRIGGER verdict_deltas_on_insert AFTER INSERT ON expectation_verdicts
     REFERENCING NEW TABLE AS changed_new FOR EACH STATEMENT EXECUTE FUNCTION kohtaamo_verdict_deltas()`,
  `CREATE TRIGGER verdict_deltas_on_update AFTER UPDATE ON expectation_verdicts
     REFERENCING OLD TABLE AS changed_old NEW TABLE AS changed_new FOR EACH STATEMENT EXECUTE FUNCTION kohtaamo_verdict_deltas()`,
  `CREATE TRIGGER verdict_deltas_on_delete AFTER DELETE ON expectation_verdicts
     REFERENCING OLD TABLE AS changed_old FOR EACH STATEMENT EXECUTE FUNCTION kohtaamo_verdict_deltas()`,

  // An account that changes hands, is archived or restored, or is deleted moves its closed verdicts' months.
  `
    CREATE FUNCTION kohtaamo_verdict_deltas_account() RETURNS trigger
    LANGUAGE plpgsql SECURITY DEFINER ${path} AS $$
    BEGIN
      IF OLD.archived_at IS NULL THEN
        ${accountMonths("OLD.id", "OLD.owner_id", -1)}
      END IF;
      IF TG_OP = 'DELETE' THEN
        RETURN OLD;
      END IF;
      IF NEW.archived_at IS NULL THEN
        ${accountMonths("NEW.id", "NEW.owner_id", 1)}
      END IF;
      RETURN NULL;
    END $$
  `,
  `CREATE TRIGGER verdict_deltas_on_account_change AFTER UPDATE OF owner_id, archived_at ON accounts
     FOR EACH ROW WHEN (OLD.owner_id IS DISTINCT FROM NEW.owner_id OR (OLD.archived_at IS NULL) <> (NEW.archived_at IS NULL))
     EXECUTE FUNCTION kohtaamo_verdict_deltas_account()`,
  // Before the delete: the cascade then removes the verdicts of an account that is no longer there (nothing to move).
  `CREATE TRIGGER verdict_deltas_on_account_delete BEFORE DELETE ON accounts
     FOR EACH ROW EXECUTE FUNCTION kohtaamo_verdict_deltas_account()`,

  // Backfill from what is stored now.
  `
    INSERT INTO health_latest (account_id, day, health, band, nps, nps_respondents)
      SELECT DISTINCT ON (account_id) account_id, day, health, band, nps, nps_respondents
      FROM health_snapshots ORDER BY account_id, day DESC
  `,
  `
    INSERT INTO portfolio_verdict_deltas (owner_id, month, weight_total, predictable_weight, sample, surprises)
      SELECT a.owner_id, date_trunc('month', v.due_date)::date,
             sum(v.importance), coalesce(sum(v.importance) FILTER (WHERE v.verdict = 'predictable'), 0),
             count(*), count(*) FILTER (WHERE v.verdict = 'surprise')
      FROM expectation_verdicts v
      JOIN accounts a ON a.id = v.account_id AND a.archived_at IS NULL
      WHERE NOT v.still_open
      GROUP BY 1, 2
  `,
];

export async function up(db: Kysely<any>): Promise<void> {
  const { rows } = await sql<{ schema: string }>`SELECT current_schema() AS schema`.execute(db);
  const path = `SET search_path = "${rows[0]!.schema.replace(/"/g, '""')}", pg_temp`;
  // In this order: the tables, then what keeps them (the backfill last).
  for (const statement of [...tables(), ...healthLatestTriggers(path), ...verdictTriggers(path)])
    await sql.raw(statement).execute(db);
}

export async function down(db: Kysely<any>): Promise<void> {
  await sql`DROP TRIGGER IF EXISTS verdict_deltas_on_account_change ON accounts`.execute(db);
  await sql`DROP TRIGGER IF EXISTS verdict_deltas_on_account_delete ON accounts`.execute(db);
  for (const op of ["insert", "update", "delete"]) {
    await sql.raw(`DROP TRIGGER IF EXISTS verdict_deltas_on_${op} ON expectation_verdicts`).execute(db);
    await sql.raw(`DROP TRIGGER IF EXISTS health_latest_on_${op} ON health_snapshots`).execute(db);
  }
  await sql`DROP FUNCTION IF EXISTS kohtaamo_verdict_deltas_account()`.execute(db);
  await sql`DROP FUNCTION IF EXISTS kohtaamo_verdict_deltas()`.execute(db);
  await sql`DROP FUNCTION IF EXISTS kohtaamo_health_latest_sync()`.execute(db);
  await sql`DROP TABLE IF EXISTS portfolio_verdict_deltas`.execute(db);
  await sql`DROP TABLE IF EXISTS health_latest`.execute(db);
}
