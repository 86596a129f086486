import { sql, type Kysely } from "kysely";

// One-time links that let a member of staff set their password: the first one
// when an administrator creates the user, later ones when an administrator
// issues a reset. Only the token's SHA-256 is stored. Frozen in time: never
// imports app code.

const statements = [
  `
    CREATE TABLE password_links (
      id uuid PRIMARY KEY DEFAULT gen_random_uuid(),
      user_id uuid NOT NULL REFERENCES users (id) ON DELETE CASCADE,
      token_hash text NOT NULL,
      purpose text NOT NULL CHECK (purpose IN ('welcome', 'reset')),
      expires_at timestamptz NOT NULL,
      created_by uuid REFERENCES users (id) ON DELETE SET NULL,
      created_at timestamptz NOT NULL DEFAULT now(),
      used_at timestamptz,
      revoked_at timestamptz,
      CHECK (expires_at > created_at),
      CHECK (used_at IS NULL OR revoked_at IS NULL)
    )
  `,
  `CREATE UNIQUE INDEX password_links_token_hash_key ON password_links (token_hash)`,
  `CREATE INDEX password_links_open_idx ON password_links (user_id) WHERE used_at IS NULL AND revoked_at IS NULL`,
];

export async function up(db: Kysely<any>): Promise<void> {
  for (const statement of statements) {
    await sql.raw(statement).execute(db);
  }
}

export async function down(db: Kysely<any>): Promise<void> {
  await sql`DROP TABLE IF EXISTS password_links`.execute(db);
}
