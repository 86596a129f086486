import { sql, type Kysely } from "kysely";

// The portal role's policy on users named the staff a customer may see with
// `id IN (SELECT owner_id FROM accounts) OR id IN (SELECT user_id FROM
// touchpoint_users)`. PostgreSQL runs such IN lists as hashed subplans: every
// participant row of the account (tens of thousands on a large account) was
// read to look up one user. As correlated EXISTS with an index on
// (account_id, user_id, touchpoint_id) each check is one index probe; the subqueries stay
// under row-level security (the scoped account, shared touchpoints only).
// Frozen in time: never imports app code.

const ROLE = "kohtaamo_portal";

export async function up(db: Kysely<any>): Promise<void> {
  await sql`CREATE INDEX touchpoint_users_account_user_idx ON touchpoint_users (account_id, user_id, touchpoint_id)`.execute(db);
  await sql`DROP POLICY portal_account ON users`.execute(db);
  await sql
    .raw(
      `CREATE POLICY portal_account ON users AS RESTRICTIVE FOR SELECT TO ${ROLE} USING (
        EXISTS (SELECT 1 FROM accounts a WHERE a.owner_id = users.id)
        OR EXISTS (SELECT 1 FROM touchpoint_users tu WHERE tu.user_id = users.id)
      )`,
    )
    .execute(db);
}

export async function down(db: Kysely<any>): Promise<void> {
  await sql`DROP POLICY portal_account ON users`.execute(db);
  await sql
    .raw(
      `CREATE POLICY portal_account ON users AS RESTRICTIVE FOR SELECT TO ${ROLE} USING (
        id IN (SELECT owner_id FROM accounts) OR id IN (SELECT user_id FROM touchpoint_users)
      )`,
    )
    .execute(db);
  await sql`DROP INDEX touchpoint_users_account_user_idx`.execute(db);
}
