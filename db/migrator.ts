import type { Kysely } from "kysely";
import { Migrator, type MigrationProvider, type MigrationResultSet } from "kysely/migration";
import { migrationProvider } from "./migrations/index.ts";

/**
 * Migrations land from parallel branches, so one may arrive with a name that
 * sorts before a migration a database has already run (calendar_feeds, 0705,
 * landed after 0720 and 0730). Kysely refuses that by default; here a missing
 * earlier migration is simply run next. Every migration here is independent of
 * the ones named after it that landed before it; schema.test.ts shows a database
 * catching up on one.
 */
export const MIGRATOR_OPTIONS = { allowUnorderedMigrations: true } as const;

export function createMigrator(db: Kysely<any>, provider: MigrationProvider = migrationProvider) {
  return new Migrator({ db, provider, ...MIGRATOR_OPTIONS });
}

export async function migrateToLatest(db: Kysely<any>): Promise<MigrationResultSet> {
  const result = await createMigrator(db).migrateToLatest();
  if (result.error) throw result.error;
  return result;
}

/** Names of migrations not yet applied to this database. */
export async function pendingMigrations(db: Kysely<any>): Promise<string[]> {
  const all = await createMigrator(db).getMigrations();
  return all.filter((m) => !m.executedAt).map((m) => m.name);
}

export class SchemaBehindError extends Error {
  constructor(readonly pending: string[]) {
    super(
      `The database schema is behind the code: ${pending.length} migration(s) not applied ` +
        `(${pending.join(", ")}). Run \`npm run db:migrate\` and start again.`,
    );
    this.name = "SchemaBehindError";
  }
}

export async function assertSchemaCurrent(db: Kysely<any>): Promise<void> {
  const pending = await pendingMigrations(db);
  if (pending.length > 0) throw new SchemaBehindError(pending);
}
