import { sql, type Kysely } from "kysely";

// The portal home's open invoices and open support cases, flat in data size
// under row-level security (issue 16).
//
// Before: the portal role's check on an invoice or a case (its touchpoint must
// be one the role may read: shared, of its account) was a plpgsql function,
// kohtaamo_touchpoint_readable (migration 20261208_0900). The planner cannot
// see into it: it guessed a handful of rows, so it read every open invoice of
// the account (617 at xlarge), called the function on each, and sorted the
// survivors: 10.7 ms against 1.1 ms without row-level security.
//
// Now:
// - The check is a plain expression again, the EXISTS it was before 20261208,
//   ending with OFFSET 0. That keeps it a per-row index probe of touchpoints'
//   primary key without a plpgsql call (about 3 µs a row instead of about
//   10 µs at large): PostgreSQL hashes an EXISTS only when it may drop its
//   OFFSET, and the hash was what 20261208 moved away from (every shared
//   touchpoint of the account, 20,851 rows at large, read to check one page).
//   It asks exactly what the function asked, and the subquery stays under the
//   caller's own row-level security, as the function's did.
// - The open-facts indexes list rows in the portal's order (due date or SLA,
//   then the touchpoint) and hold the columns it shows, so the portal reads
//   them in order from the index alone and stops at its LIMIT: it checks the
//   open rows up to the 50th shared one, however long the account's history.
//   They replace the (account_id, due_date) and (account_id, sla_due_at)
//   indexes, which they cover.
// Measured (EXPLAIN ANALYZE as the portal role, median, busy 2-core machine):
// the largest account at large (154 open invoices): 1.85 ms before, 0.42 ms
// after, 0.31 ms without row-level security. One account with 150, 600 and
// 2,400 open invoices, a third of them shared: 1.5, 8.0 and 26.9 ms before;
// 0.29, 0.33 and 0.33 ms after.
// Frozen in time: never imports app code.

const ROLE = "kohtaamo_portal";
const TABLES = ["touchpoint_invoices", "touchpoint_support_cases"];

const sharedOnly = (table: string, check: string) =>
  `CREATE POLICY portal_shared_only ON ${table} AS RESTRICTIVE FOR SELECT TO ${ROLE} USING (${check})`;

const indexes = {
  up: [
    `CREATE INDEX touchpoint_invoices_open_order_idx ON touchpoint_invoices (account_id, due_date, touchpoint_id)
       INCLUDE (number, amount, currency, paid_on, disputed) WHERE paid_on IS NULL OR disputed`,
    `DROP INDEX touchpoint_invoices_open_idx`,
    `CREATE INDEX touchpoint_support_cases_open_order_idx ON touchpoint_support_cases (account_id, sla_due_at, touchpoint_id)
       INCLUDE (severity, status, opened_at) WHERE status IN ('open', 'waiting')`,
    `DROP INDEX touchpoint_support_cases_open_idx`,
  ],
  down: [
    `CREATE INDEX touchpoint_invoices_open_idx ON touchpoint_invoices (account_id, due_date) WHERE paid_on IS NULL OR disputed`,
    `DROP INDEX touchpoint_invoices_open_order_idx`,
    `CREATE INDEX touchpoint_support_cases_open_idx ON touchpoint_support_cases (account_id, sla_due_at)
       WHERE status IN ('open', 'waiting')`,
    `DROP INDEX touchpoint_support_cases_open_order_idx`,
  ],
};

export async function up(db: Kysely<any>): Promise<void> {
  for (const statement of indexes.up) await sql.raw(statement).execute(db);
  for (const table of TABLES) {
    await sql.raw(`DROP POLICY portal_shared_only ON ${table}`).execute(db);
    await sql
      .raw(
        sharedOnly(
          table,
          `EXISTS (
             SELECT 1 FROM touchpoints tp WHERE tp.account_id = ${table}.account_id AND tp.id = ${table}.touchpoint_id OFFSET 0
           )`,
        ),
      )
      .execute(db);
  }
  await sql`DROP FUNCTION kohtaamo_touchpoint_readable(uuid, uuid)`.execute(db);
}

export async function down(db: Kysely<any>): Promise<void> {
  const { rows } = await sql<{ schema: string }>`SELECT current_schema() AS schema`.execute(db);
  const path = `SET search_path = "${rows[0]!.schema.replace(/"/g, '""')}", pg_temp`;
  await sql
    .raw(
      `CREATE FUNCTION kohtaamo_touchpoint_readable(p_account uuid, p_touchpoint uuid) RETURNS boolean
       LANGUAGE plpgsql STABLE ${path} AS $$
       BEGIN
         RETURN EXISTS (SELECT 1 FROM touchpoints tp WHERE tp.account_id = p_account AND tp.id = p_touchpoint);
       END $$`,
    )
    .execute(db);
  for (const table of TABLES) {
    await sql.raw(`DROP POLICY portal_shared_only ON ${table}`).execute(db);
    await sql.raw(sharedOnly(table, `kohtaamo_touchpoint_readable(account_id, touchpoint_id)`)).execute(db);
  }
  for (const statement of indexes.down) await sql.raw(statement).execute(db);
}
