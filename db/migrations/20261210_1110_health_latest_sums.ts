import { sql, type Kysely } from "kysely";

// The current month of the portfolio's trends per KAM and band, summed from
// each live account's newest health snapshot (health_latest, migration
// 20261206_0720) as it is written, so the trends read a few hundred rows
// instead of 5,000 accounts' newest snapshots. Frozen in time: never imports
// app code.
//
// health_latest_deltas holds signed changes appended in the transaction of the
// write (never updated: concurrent writes to one KAM's accounts never wait on
// each other); the application folds them into one row per key when they grow.
// Kept by triggers, whoever writes:
// - health_latest written or deleted (itself kept by triggers on
//   health_snapshots): the old row off, the new one on, for live accounts;
// - an account that changes hands, is archived or restored: its row off as it
//   was, on as it is; deleted while live: off before the cascade.
// Scoring and an account's own changes both lock the account row first, so
// neither reads the other's half-written state. A snapshot dated after today
// (a scoring run with a later clock) is corrected for at read time
// (health_latest_day_idx finds those few).

const GUARD = `(SELECT current_user = 'kohtaamo_portal' OR NOT EXISTS (
  SELECT 1 FROM portal_scopes s WHERE s.xact = pg_current_xact_id_if_assigned()))`;

const SUMS = ["accounts", "health_sum", "health_count", "nps_weighted", "nps_respondents"];

/** One newest snapshot's contribution: `l` a health_latest row, `owner` its account's owner, `sign` 1 or -1. */
const contribution = (owner: string, sign: string) => `
  ${owner} AS owner_id, l.band,
  ${sign} AS accounts,
  ${sign} * coalesce(l.health, 0) AS health_sum,
  ${sign} * (l.health IS NOT NULL)::int AS health_count,
  ${sign} * coalesce(l.nps * l.nps_respondents, 0) AS nps_weighted,
  ${sign} * CASE WHEN l.nps IS NULL THEN 0 ELSE l.nps_respondents END AS nps_respondents`;

const append = (rows: string) => `
  INSERT INTO health_latest_deltas (owner_id, band, ${SUMS.join(", ")})
    SELECT owner_id, band, ${SUMS.map((c) => `sum(${c})`).join(", ")}
    FROM (${rows}) c
    GROUP BY owner_id, band
    HAVING ${SUMS.map((c) => `sum(${c}) <> 0`).join(" OR ")};`;

const liveRows = (table: string, sign: string) =>
  `SELECT ${contribution("a.owner_id", sign)} FROM ${table} l JOIN accounts a ON a.id = l.account_id AND a.archived_at IS NULL`;

const statements = (path: string) => [
  `
    CREATE TABLE health_latest_deltas (
      id bigint GENERATED ALWAYS AS IDENTITY PRIMARY KEY,
      owner_id uuid NOT NULL REFERENCES users (id) ON DELETE CASCADE,
      band text,
      accounts integer NOT NULL,
      health_sum numeric NOT NULL,
      health_count integer NOT NULL,
      nps_weighted bigint NOT NULL,
      nps_respondents integer NOT NULL
    )
  `,
  `CREATE INDEX health_latest_deltas_owner_idx ON health_latest_deltas (owner_id)`,
  `CREATE INDEX health_latest_day_idx ON health_latest (day)`,
  `ALTER TABLE health_latest_deltas ENABLE ROW LEVEL SECURITY`,
  `CREATE POLICY app_all ON health_latest_deltas USING (true) WITH CHECK (true)`,
  `CREATE POLICY portal_scope_guard ON health_latest_deltas AS RESTRICTIVE USING (${GUARD}) WITH CHECK (${GUARD})`,
  `
    CREATE FUNCTION kohtaamo_health_latest_rows() RETURNS trigger
    LANGUAGE plpgsql SECURITY DEFINER ${path} AS $$
    BEGIN
      IF TG_OP = 'INSERT' THEN
        ${append(liveRows("changed_new", "1"))}
      ELSIF TG_OP = 'UPDATE' THEN
        ${append(`${liveRows("changed_new", "1")} UNION ALL ${liveRows("changed_old", "-1")}`)}
      ELSE
        ${append(liveRows("changed_old", "-1"))}
      END IF;
      RETURN NULL;
    END $$
  `,
  `CREATE TRIGGER health_latest_sums_on_insert AFTER INSERT ON health_latest
     REFERENCING NEW TABLE AS changed_new FOR EACH STATEMENT EXECUTE FUNCTION kohtaamo_health_latest_rows()`,
  `CREATE TRIGGER health_latest_sums_on_update AFTER UPDATE ON health_latest
     REFERENCING OLD TABLE AS changed_old NEW TABLE AS changed_new FOR EACH STATEMENT EXECUTE FUNCTION kohtaamo_health_latest_rows()`,
  `CREATE TRIGGER health_latest_sums_on_delete AFTER DELETE ON health_latest
     REFERENCING OLD TABLE AS changed_old FOR EACH STATEMENT EXECUTE FUNCTION kohtaamo_health_latest_rows()`,
  `
    CREATE FUNCTION kohtaamo_health_latest_account() RETURNS trigger
    LANGUAGE plpgsql SECURITY DEFINER ${path} AS $$
    BEGIN
      IF OLD.archived_at IS NULL THEN
        ${append(`SELECT ${contribution("OLD.owner_id", "-1")} FROM health_latest l WHERE l.account_id = OLD.id`)}
      END IF;
      IF TG_OP = 'DELETE' THEN
        RETURN OLD;
      END IF;
      IF NEW.archived_at IS NULL THEN
        ${append(`SELECT ${contribution("NEW.owner_id", "1")} FROM health_latest l WHERE l.account_id = NEW.id`)}
      END IF;
      RETURN NULL;
    END $$
  `,
  `CREATE TRIGGER health_latest_sums_on_account_change AFTER UPDATE OF owner_id, archived_at ON accounts
     FOR EACH ROW WHEN (OLD.owner_id IS DISTINCT FROM NEW.owner_id OR (OLD.archived_at IS NULL) <> (NEW.archived_at IS NULL))
     EXECUTE FUNCTION kohtaamo_health_latest_account()`,
  `CREATE TRIGGER health_latest_sums_on_account_delete BEFORE DELETE ON accounts
     FOR EACH ROW EXECUTE FUNCTION kohtaamo_health_latest_account()`,
  // What is stored now.
  append(liveRows("health_latest", "1")),
];

export async function up(db: Kysely<any>): Promise<void> {
  const { rows } = await sql<{ schema: string }>`SELECT current_schema() AS schema`.execute(db);
  const path = `SET search_path = "${rows[0]!.schema.replace(/"/g, '""')}", pg_temp`;
  for (const statement of statements(path)) await sql.raw(statement).execute(db);
}

export async function down(db: Kysely<any>): Promise<void> {
  await sql`DROP TRIGGER IF EXISTS health_latest_sums_on_account_change ON accounts`.execute(db);
  await sql`DROP TRIGGER IF EXISTS health_latest_sums_on_account_delete ON accounts`.execute(db);
  for (const op of ["insert", "update", "delete"])
    await sql.raw(`DROP TRIGGER IF EXISTS health_latest_sums_on_${op} ON health_latest`).execute(db);
  await sql`DROP FUNCTION IF EXISTS kohtaamo_health_latest_account()`.execute(db);
  await sql`DROP FUNCTION IF EXISTS kohtaamo_health_latest_rows()`.execute(db);
  await sql`DROP INDEX IF EXISTS health_latest_day_idx`.execute(db);
  await sql`DROP TABLE IF EXISTS health_latest_deltas`.execute(db);
}
