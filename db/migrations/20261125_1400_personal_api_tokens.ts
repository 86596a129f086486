import { sql, type Kysely } from "kysely";

// Personal API tokens: a token may belong to a user (user_id) and then acts
// with that user's rights; without one it is a service token, acting with the
// rights of the administrator who created it (created_by), as before. A user's
// tokens go with the user. Frozen in time: never imports app code.

export async function up(db: Kysely<any>): Promise<void> {
  await sql`ALTER TABLE api_tokens ADD COLUMN user_id uuid REFERENCES users (id) ON DELETE CASCADE`.execute(db);
  await sql`CREATE INDEX api_tokens_user_idx ON api_tokens (user_id, created_at DESC) WHERE user_id IS NOT NULL`.execute(db);
}

export async function down(db: Kysely<any>): Promise<void> {
  await sql`DROP INDEX IF EXISTS api_tokens_user_idx`.execute(db);
  await sql`ALTER TABLE api_tokens DROP COLUMN IF EXISTS user_id`.execute(db);
}
