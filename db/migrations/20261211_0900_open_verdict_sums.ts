import { sql, type Kysely } from "kysely";

// The portfolio trends' open overdue expectations summed per KAM and due month
// as they are written, so the trends read a few rows per KAM and month instead
// of every open overdue verdict joined to its account (1,605 at 5,000
// accounts). Frozen in time: never imports app code.
//
// portfolio_open_verdict_deltas holds the importance weights and counts of the
// stored verdicts that are still open (expectation_verdicts.still_open) of live
// accounts, per KAM, month of the due date and whether the due date is that
// month's last day (a month whose end is its due date does not count it yet),
// as signed changes appended in the transaction of the write (never updated:
// concurrent writes to one KAM's accounts never wait on each other); the
// application folds them into one row per key when they grow. The complement
// of portfolio_verdict_deltas (the closed ones, migration 20261206_0720), kept
// the same way, whoever writes:
// - a verdict written, changed or deleted: the old row off, the new one on;
// - an account that changes hands, is archived or restored: its open verdicts
//   off as it was, on as it is; deleted while live: off before the cascade.
// Nothing here depends on the day: which of them are overdue on a given day is
// decided at read time (app/models/portfolio-trends-verdicts.server.ts).

const GUARD = `(SELECT current_user = 'kohtaamo_portal' OR NOT EXISTS (
  SELECT 1 FROM portal_scopes s WHERE s.xact = pg_current_xact_id_if_assigned()))`;

const SUMS = ["weight_total", "predictable_weight", "sample", "surprises"];

/** The key and signed sums of verdict rows `c` (due_date, importance, verdict, sign) with `owner`. */
const keyedSums = (owner: string) => `
  ${owner} AS owner_id, date_trunc('month', c.due_date)::date AS month,
  c.due_date = (date_trunc('month', c.due_date) + interval '1 month' - interval '1 day')::date AS last_day,
  sum(c.sign * c.importance)::integer AS weight_total,
  coalesce(sum(c.sign * c.importance) FILTER (WHERE c.verdict = 'predictable'), 0)::integer AS predictable_weight,
  sum(c.sign)::integer AS sample,
  coalesce(sum(c.sign) FILTER (WHERE c.verdict = 'surprise'), 0)::integer AS surprises`;

const append = (select: string) => `
  INSERT INTO portfolio_open_verdict_deltas (owner_id, month, last_day, ${SUMS.join(", ")})
    SELECT owner_id, month, last_day, ${SUMS.join(", ")} FROM (${select}) d
    WHERE ${SUMS.map((c) => `${c} <> 0`).join(" OR ")};`;

/** Appends the open verdict rows the query gives (account_id, due_date, importance, verdict, sign) of live accounts. */
const deltasOf = (rows: string) =>
  append(`
    SELECT ${keyedSums("a.owner_id")}
    FROM (${rows}) c
    JOIN accounts a ON a.id = c.account_id AND a.archived_at IS NULL
    GROUP BY 1, 2, 3`);

/** Appends one account's open verdicts to (sign 1) or off (sign -1) an owner. */
const accountOpen = (account: string, owner: string, sign: 1 | -1) =>
  append(`
    SELECT ${keyedSums(owner)}
    FROM (SELECT v.due_date, v.importance, v.verdict, ${sign} AS sign
          FROM expectation_verdicts v WHERE v.account_id = ${account} AND v.still_open) c
    GROUP BY 1, 2, 3`);

const open = (table: string, sign: string) =>
  `SELECT account_id, due_date, importance, verdict, ${sign} AS sign FROM ${table} WHERE still_open`;

const statements = (path: string) => [
  `
    CREATE TABLE portfolio_open_verdict_deltas (
      id bigint GENERATED ALWAYS AS IDENTITY PRIMARY KEY,
      owner_id uuid NOT NULL REFERENCES users (id) ON DELETE CASCADE,
      month date NOT NULL CHECK (extract(day FROM month) = 1),
      last_day boolean NOT NULL,
      weight_total integer NOT NULL,
      predictable_weight integer NOT NULL,
      sample integer NOT NULL,
      surprises integer NOT NULL
    )
  `,
  `CREATE INDEX portfolio_open_verdict_deltas_owner_idx ON portfolio_open_verdict_deltas (owner_id, month)`,
  `ALTER TABLE portfolio_open_verdict_deltas ENABLE ROW LEVEL SECURITY`,
  `CREATE POLICY app_all ON portfolio_open_verdict_deltas USING (true) WITH CHECK (true)`,
  `CREATE POLICY portal_scope_guard ON portfolio_open_verdict_deltas AS RESTRICTIVE USING (${GUARD}) WITH CHECK (${GUARD})`,
  `
    CREATE FUNCTION kohtaamo_open_verdict_deltas() RETURNS trigger
    LANGUAGE plpgsql SECURITY DEFINER ${path} AS $$
    BEGIN
      IF TG_OP = 'INSERT' THEN
        ${deltasOf(open("changed_new", "1"))}
      ELSIF TG_OP = 'UPDATE' THEN
        ${deltasOf(`${open("changed_new", "1")} UNION ALL ${open("changed_old", "-1")}`)}
      ELSE
        ${deltasOf(open("changed_old", "-1"))}
      END IF;
      RETURN NULL;
    END $$
  `,
  `CREATE TRIGGER open_verdict_deltas_on_insert AFTER INSERT ON expectation_verdicts
     REFERENCING NEW TABLE AS changed_new FOR EACH STATEMENT EXECUTE FUNCTION kohtaamo_open_verdict_deltas()`,
  `CREATE TRIGGER open_verdict_deltas_on_update AFTER UPDATE ON expectation_verdicts
     REFERENCING OLD TABLE AS changed_old NEW TABLE AS changed_new FOR EACH STATEMENT EXECUTE FUNCTION kohtaamo_open_verdict_deltas()`,
  `CREATE TRIGGER open_verdict_deltas_on_delete AFTER DELETE ON expectation_verdicts
     REFERENCING OLD TABLE AS changed_old FOR EACH STATEMENT EXECUTE FUNCTION kohtaamo_open_verdict_deltas()`,
  `
    CREATE FUNCTION kohtaamo_open_verdict_deltas_account() RETURNS trigger
    LANGUAGE plpgsql SECURITY DEFINER ${path} AS $$
    BEGIN
      IF OLD.archived_at IS NULL THEN
        ${accountOpen("OLD.id", "OLD.owner_id", -1)}
      END IF;
      IF TG_OP = 'DELETE' THEN
        RETURN OLD;
      END IF;
      IF NEW.archived_at IS NULL THEN
        ${accountOpen("NEW.id", "NEW.owner_id", 1)}
      END IF;
      RETURN NULL;
    END $$
  `,
  `CREATE TRIGGER open_verdict_deltas_on_account_change AFTER UPDATE OF owner_id, archived_at ON accounts
     FOR EACH ROW WHEN (OLD.owner_id IS DISTINCT FROM NEW.owner_id OR (OLD.archived_at IS NULL) <> (NEW.archived_at IS NULL))
     EXECUTE FUNCTION kohtaamo_open_verdict_deltas_account()`,
  // Before the delete: the cascade then removes the verdicts of an account that is no longer there (nothing to move).
  `CREATE TRIGGER open_verdict_deltas_on_account_delete BEFORE DELETE ON accounts
     FOR EACH ROW EXECUTE FUNCTION kohtaamo_open_verdict_deltas_account()`,
  // What is stored now.
  deltasOf(open("expectation_verdicts", "1")),
];

export async function up(db: Kysely<any>): Promise<void> {
  const { rows } = await sql<{ schema: string }>`SELECT current_schema() AS schema`.execute(db);
  const path = `SET search_path = "${rows[0]!.schema.replace(/"/g, '""')}", pg_temp`;
  for (const statement of statements(path)) await sql.raw(statement).execute(db);
}

export async function down(db: Kysely<any>): Promise<void> {
  await sql`DROP TRIGGER IF EXISTS open_verdict_deltas_on_account_change ON accounts`.execute(db);
  await sql`DROP TRIGGER IF EXISTS open_verdict_deltas_on_account_delete ON accounts`.execute(db);
  for (const op of ["insert", "update", "delete"])
    await sql.raw(`DROP TRIGGER IF EXISTS open_verdict_deltas_on_${op} ON expectation_verdicts`).execute(db);
  await sql`DROP FUNCTION IF EXISTS kohtaamo_open_verdict_deltas_account()`.execute(db);
  await sql`DROP FUNCTION IF EXISTS kohtaamo_open_verdict_deltas()`.execute(db);
  await sql`DROP TABLE IF EXISTS portfolio_open_verdict_deltas`.execute(db);
}
