import { sql, type Kysely } from "kysely";
import { COUNTS } from "./20261210_0900_experience_months.ts";

// The whole portfolio's experience figures per month and kind of touchpoint:
// the sum of experience_months (migration 20261210_0900) over the live
// accounts, so the portfolio's Experience page sums a few hundred rows instead
// of 5,000 accounts' months (172 ms for a year at 5,000 accounts and 2 million
// touchpoints, growing with the number of accounts). Frozen in time: never
// imports app code.
//
// Kept by triggers, in the transaction of the write:
// - experience_months written or deleted: the rows of live accounts are added
//   to (or taken off) their month and kind;
// - an account archived or restored: all its months taken off or added back;
// - an account deleted while live: its months taken off before the cascade
//   deletes them (the cascade's own trigger then finds no live account).
// experience_months is written only by the application's refresh, which holds
// the advisory lock 7312046201 for it; archiving and deleting an account take
// the same lock first (a delete before it locks its rows), so the two never
// wait on each other in a circle.

const GUARD = `(SELECT current_user = 'kohtaamo_portal' OR NOT EXISTS (
  SELECT 1 FROM portal_scopes s WHERE s.xact = pg_current_xact_id_if_assigned()))`;

const REFRESH_LOCK = 7_312_046_201;

/** Adds the rows the query gives (month, kind, sign and every count) to the portfolio's months. */
const addSigned = (rows: string) => `
  INSERT INTO experience_portfolio_months (month, kind, ${COUNTS.join(", ")})
    SELECT month, kind, ${COUNTS.map((c) => `sum(sign * ${c})`).join(", ")}
    FROM (${rows}) r
    GROUP BY month, kind
    ORDER BY month, kind
    ON CONFLICT (month, kind) DO UPDATE SET
      ${COUNTS.map((c) => `${c} = experience_portfolio_months.${c} + excluded.${c}`).join(",\n      ")};`;

const liveRows = (table: string, sign: 1 | -1) =>
  `SELECT e.*, ${sign} AS sign FROM ${table} e JOIN accounts a ON a.id = e.account_id AND a.archived_at IS NULL`;

const statements = (path: string) => [
  `
    CREATE TABLE experience_portfolio_months (
      month date NOT NULL CHECK (extract(day FROM month) = 1),
      kind text NOT NULL,
      ${COUNTS.map((c) => `${c} integer NOT NULL DEFAULT 0`).join(",\n      ")},
      PRIMARY KEY (month, kind)
    )
  `,
  `ALTER TABLE experience_portfolio_months ENABLE ROW LEVEL SECURITY`,
  `CREATE POLICY app_all ON experience_portfolio_months USING (true) WITH CHECK (true)`,
  `CREATE POLICY portal_scope_guard ON experience_portfolio_months AS RESTRICTIVE USING (${GUARD}) WITH CHECK (${GUARD})`,
  `
    CREATE FUNCTION kohtaamo_experience_portfolio_rows() RETURNS trigger
    LANGUAGE plpgsql SECURITY DEFINER ${path} AS $$
    BEGIN
      IF TG_OP = 'INSERT' THEN
        ${addSigned(liveRows("changed_new", 1))}
      ELSE
        ${addSigned(liveRows("changed_old", -1))}
      END IF;
      RETURN NULL;
    END $$
  `,
  `CREATE TRIGGER experience_portfolio_on_insert AFTER INSERT ON experience_months
     REFERENCING NEW TABLE AS changed_new FOR EACH STATEMENT EXECUTE FUNCTION kohtaamo_experience_portfolio_rows()`,
  `CREATE TRIGGER experience_portfolio_on_delete AFTER DELETE ON experience_months
     REFERENCING OLD TABLE AS changed_old FOR EACH STATEMENT EXECUTE FUNCTION kohtaamo_experience_portfolio_rows()`,
  // experience_months is only ever inserted and deleted; an update would bypass the sums.
  `
    CREATE FUNCTION kohtaamo_experience_months_no_update() RETURNS trigger
    LANGUAGE plpgsql AS $$
    BEGIN
      RAISE EXCEPTION 'experience_months rows are replaced (deleted and inserted), never updated';
    END $$
  `,
  `CREATE TRIGGER experience_months_no_update BEFORE UPDATE ON experience_months
     FOR EACH STATEMENT EXECUTE FUNCTION kohtaamo_experience_months_no_update()`,
  `
    CREATE FUNCTION kohtaamo_experience_portfolio_account() RETURNS trigger
    LANGUAGE plpgsql SECURITY DEFINER ${path} AS $$
    BEGIN
      PERFORM pg_advisory_xact_lock(${REFRESH_LOCK});
      IF TG_OP = 'DELETE' THEN
        IF OLD.archived_at IS NULL THEN
          ${addSigned(`SELECT e.*, -1 AS sign FROM experience_months e WHERE e.account_id = OLD.id`)}
        END IF;
        RETURN OLD;
      END IF;
      ${addSigned(`SELECT e.*, CASE WHEN NEW.archived_at IS NULL THEN 1 ELSE -1 END AS sign
        FROM experience_months e WHERE e.account_id = NEW.id`)}
      RETURN NULL;
    END $$
  `,
  `CREATE TRIGGER experience_portfolio_on_archive AFTER UPDATE OF archived_at ON accounts
     FOR EACH ROW WHEN ((OLD.archived_at IS NULL) <> (NEW.archived_at IS NULL))
     EXECUTE FUNCTION kohtaamo_experience_portfolio_account()`,
  `CREATE TRIGGER experience_portfolio_on_account_delete BEFORE DELETE ON accounts
     FOR EACH ROW EXECUTE FUNCTION kohtaamo_experience_portfolio_account()`,
  // A delete takes the lock before it locks its rows: a refresh counting that account's months
  // waits on the row (its foreign key check), and the row trigger would wait on the refresh.
  `
    CREATE FUNCTION kohtaamo_experience_refresh_lock() RETURNS trigger
    LANGUAGE plpgsql AS $$
    BEGIN
      PERFORM pg_advisory_xact_lock(${REFRESH_LOCK});
      RETURN NULL;
    END $$
  `,
  `CREATE TRIGGER experience_lock_before_account_delete BEFORE DELETE ON accounts
     FOR EACH STATEMENT EXECUTE FUNCTION kohtaamo_experience_refresh_lock()`,
  // What is counted so far.
  addSigned(liveRows("experience_months", 1)),
];

export async function up(db: Kysely<any>): Promise<void> {
  const { rows } = await sql<{ schema: string }>`SELECT current_schema() AS schema`.execute(db);
  const path = `SET search_path = "${rows[0]!.schema.replace(/"/g, '""')}", pg_temp`;
  for (const statement of statements(path)) await sql.raw(statement).execute(db);
}

export async function down(db: Kysely<any>): Promise<void> {
  await sql`DROP TRIGGER IF EXISTS experience_portfolio_on_archive ON accounts`.execute(db);
  await sql`DROP TRIGGER IF EXISTS experience_portfolio_on_account_delete ON accounts`.execute(db);
  await sql`DROP TRIGGER IF EXISTS experience_lock_before_account_delete ON accounts`.execute(db);
  await sql`DROP TRIGGER IF EXISTS experience_portfolio_on_insert ON experience_months`.execute(db);
  await sql`DROP TRIGGER IF EXISTS experience_portfolio_on_delete ON experience_months`.execute(db);
  await sql`DROP TRIGGER IF EXISTS experience_months_no_update ON experience_months`.execute(db);
  await sql`DROP FUNCTION IF EXISTS kohtaamo_experience_portfolio_account()`.execute(db);
  await sql`DROP FUNCTION IF EXISTS kohtaamo_experience_portfolio_rows()`.execute(db);
  await sql`DROP FUNCTION IF EXISTS kohtaamo_experience_months_no_update()`.execute(db);
  await sql`DROP FUNCTION IF EXISTS kohtaamo_experience_refresh_lock()`.execute(db);
  await sql`DROP TABLE IF EXISTS experience_portfolio_months`.execute(db);
}
