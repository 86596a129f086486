import type { Kysely } from "kysely";
import { Migrator, type MigrationResultSet } from "kysely/migration";
import { migrationProvider } from "./migrations/index.ts";

export function createMigrator(db: Kysely<any>) {
  return new Migrator({ db, provider: migrationProvider });
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
