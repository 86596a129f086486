import { sql, type Kysely } from "kysely";

// The portal role may read an invoice's or a support case's facts only when
// their touchpoint is one it may read (shared, of its account). The policy
// said so as `EXISTS (SELECT 1 FROM touchpoints …)`, which PostgreSQL plans as
// a hash of every shared touchpoint of the account whenever it guesses that is
// cheaper, and it guesses from the average account (the account is a
// parameter of the scope): on an account with 50,000 touchpoints every portal
// read of invoices or cases hashed 20,851 rows first (bench/RESULTS.md, issue
// 16: portal home 3.1× slower at the large size than at the small one).
// The same test as a function is asked row by row, as an index probe, for
// only the rows the query reads. SECURITY INVOKER: the lookup stays under the
// caller's own row-level security, as the EXISTS was.
// touchpoint_users keeps the EXISTS: the portal's contacts read walks a year
// of an account's links (8,044 at the large size) and took 5–6 ms with the
// hash; a probe per link would likely cost more (not measured).
// Frozen in time: never imports app code.

const ROLE = "kohtaamo_portal";
const TABLES = ["touchpoint_invoices", "touchpoint_support_cases"];

export async function up(db: Kysely<any>): Promise<void> {
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
    await sql
      .raw(
        `CREATE POLICY portal_shared_only ON ${table} AS RESTRICTIVE FOR SELECT TO ${ROLE}
         USING (kohtaamo_touchpoint_readable(account_id, touchpoint_id))`,
      )
      .execute(db);
  }
}

export async function down(db: Kysely<any>): Promise<void> {
  for (const table of TABLES) {
    await sql.raw(`DROP POLICY IF EXISTS portal_shared_only ON ${table}`).execute(db);
    await sql
      .raw(
        `CREATE POLICY portal_shared_only ON ${table} AS RESTRICTIVE FOR SELECT TO ${ROLE} USING (EXISTS (
           SELECT 1 FROM touchpoints tp WHERE tp.account_id = ${table}.account_id AND tp.id = ${table}.touchpoint_id
         ))`,
      )
      .execute(db);
  }
  await sql`DROP FUNCTION IF EXISTS kohtaamo_touchpoint_readable(uuid, uuid)`.execute(db);
}
