import { sql, type Kysely } from "kysely";

// CSV imports run as jobs (the file kept in the row, processed by an in-process
// worker), the column mapping each source's files use, and the hashed tokens of
// the JSON API. Frozen in time: never imports app code.

const statements = [
  `
    CREATE TABLE import_mappings (
      kind text NOT NULL CHECK (kind IN ('accounts', 'stakeholders', 'touchpoints', 'expectations')),
      source text NOT NULL CHECK (length(source) BETWEEN 1 AND 100),
      mapping jsonb NOT NULL,
      updated_by uuid REFERENCES users (id) ON DELETE SET NULL,
      updated_at timestamptz NOT NULL DEFAULT now(),
      PRIMARY KEY (kind, source)
    )
  `,
  `
    CREATE TABLE import_jobs (
      id uuid PRIMARY KEY DEFAULT gen_random_uuid(),
      created_by uuid NOT NULL REFERENCES users (id) ON DELETE CASCADE,
      kind text NOT NULL CHECK (kind IN ('accounts', 'stakeholders', 'touchpoints', 'expectations')),
      source text NOT NULL DEFAULT '',
      mode text NOT NULL DEFAULT 'all_or_nothing' CHECK (mode IN ('all_or_nothing', 'valid_rows')),
      status text NOT NULL DEFAULT 'draft'
        CHECK (status IN ('draft', 'queued', 'running', 'done', 'rejected', 'failed')),
      phase text NOT NULL DEFAULT 'checking' CHECK (phase IN ('checking', 'writing')),
      file_name text NOT NULL DEFAULT '',
      file_text text NOT NULL,
      delimiter text NOT NULL DEFAULT ',',
      headers jsonb NOT NULL DEFAULT '[]',
      mapping jsonb NOT NULL DEFAULT '{}',
      total integer NOT NULL DEFAULT 0,
      done integer NOT NULL DEFAULT 0,
      inserted integer NOT NULL DEFAULT 0,
      updated integer NOT NULL DEFAULT 0,
      unchanged integer NOT NULL DEFAULT 0,
      rejected integer NOT NULL DEFAULT 0,
      errors jsonb NOT NULL DEFAULT '[]',
      failure text NOT NULL DEFAULT '',
      created_at timestamptz NOT NULL DEFAULT now(),
      queued_at timestamptz,
      started_at timestamptz,
      heartbeat_at timestamptz,
      finished_at timestamptz
    )
  `,
  `
    CREATE INDEX import_jobs_queue_idx ON import_jobs (queued_at) WHERE status IN ('queued', 'running')
  `,
  `
    CREATE INDEX import_jobs_creator_idx ON import_jobs (created_by, created_at DESC)
  `,
  `
    CREATE TABLE api_tokens (
      id uuid PRIMARY KEY DEFAULT gen_random_uuid(),
      name text NOT NULL CHECK (length(name) BETWEEN 1 AND 100),
      token_hash text NOT NULL,
      scope text NOT NULL CHECK (scope IN ('read', 'read_write')),
      created_by uuid REFERENCES users (id) ON DELETE SET NULL,
      created_at timestamptz NOT NULL DEFAULT now(),
      last_used_at timestamptz,
      revoked_at timestamptz
    )
  `,
  `
    CREATE UNIQUE INDEX api_tokens_token_hash_key ON api_tokens (token_hash)
  `,
];

export async function up(db: Kysely<any>): Promise<void> {
  for (const statement of statements) {
    await sql.raw(statement).execute(db);
  }
}

export async function down(db: Kysely<any>): Promise<void> {
  await sql`DROP TABLE IF EXISTS api_tokens, import_jobs, import_mappings CASCADE`.execute(db);
}
