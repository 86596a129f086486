import { sql, type Kysely } from "kysely";

// Unique indexes on account-scoped tables include account_id, so the tables
// can be distributed by account (Citus enforces only unique indexes that hold
// the distribution column). The two that did not:
// - portal_invitations (token_hash): now unique per account, with a plain
//   index for the lookup by token alone. A token is 32 random bytes, so two
//   accounts never hold the same hash; the lookup refuses an ambiguous match
//   anyway (findInvitation).
// - portal_access (user_id) WHERE revoked_at IS NULL ("a customer belongs to one
//   live account"): dropped. Granting access (acceptInvitation, the only path)
//   locks the user's row in users — a global table — and then checks that the
//   user has no live access elsewhere, so grants to one user are serialised
//   across accounts. portal_access_user_idx (user_id) WHERE revoked_at IS NULL
//   still serves the lookups.
// Frozen in time: never imports app code.

export async function up(db: Kysely<any>): Promise<void> {
  await sql`DROP INDEX portal_invitations_token_key`.execute(db);
  await sql`CREATE UNIQUE INDEX portal_invitations_token_key ON portal_invitations (account_id, token_hash)`.execute(db);
  await sql`CREATE INDEX portal_invitations_token_idx ON portal_invitations (token_hash)`.execute(db);
  await sql`DROP INDEX portal_access_live_user_key`.execute(db);
}

export async function down(db: Kysely<any>): Promise<void> {
  await sql`CREATE UNIQUE INDEX portal_access_live_user_key ON portal_access (user_id) WHERE revoked_at IS NULL`.execute(db);
  await sql`DROP INDEX portal_invitations_token_idx`.execute(db);
  await sql`DROP INDEX portal_invitations_token_key`.execute(db);
  await sql`CREATE UNIQUE INDEX portal_invitations_token_key ON portal_invitations (token_hash)`.execute(db);
}
