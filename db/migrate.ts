// npm run db:migrate [-- --down]   Applies (or undoes the last of) the migrations.
//
// Says what it does as it goes: which database, each migration as it starts
// with its time when it ends, and the total, so a first start on the embedded
// database (which creates its files first) never looks like a hang.
import type { Kysely } from "kysely";
import { Migrator, type Migration, type MigrationProvider } from "kysely/migration";
import { createDatabase } from "./connection.ts";
import { readDatabaseEnv } from "./env.ts";
import { MIGRATOR_OPTIONS, pendingMigrations } from "./migrator.ts";
import { migrationProvider } from "./migrations/index.ts";

const down = process.argv.includes("--down");
const started = performance.now();
const env = readDatabaseEnv();
console.log(
  env.url
    ? "Migrating the PostgreSQL server in DATABASE_URL."
    : `Opening the embedded database (PGlite) in ${env.dataDir}; the first time it creates its files, which takes a few seconds…`,
);
const database = createDatabase(env);
try {
  const pending = down ? [] : await pendingMigrations(database.db);
  console.log(
    `Database open in ${seconds(started)}. ${down ? "Undoing the last migration." : `${pending.length} migration(s) to apply.`}`,
  );
  const migrator = new Migrator({
    db: database.db,
    provider: reporting(migrationProvider, pending.length),
    ...MIGRATOR_OPTIONS,
  });
  const { error, results } = down ? await migrator.migrateDown() : await migrator.migrateToLatest();
  for (const r of results ?? []) {
    if (r.status !== "Success")
      console.log(`${r.status.toLowerCase()}  ${r.direction.toLowerCase()}  ${r.migrationName}`);
    else if (down) console.log(`undone  ${r.migrationName}`);
  }
  if (error) {
    console.error("Migration failed:", error instanceof Error ? error.message : error);
    process.exitCode = 1;
  } else if (!results?.length) {
    console.log(`Database (${database.driver}) is up to date.`);
  } else {
    console.log(`Migrated ${database.driver} in ${seconds(started)}.`);
  }
} finally {
  await database.close();
}

/** The migrations as they are, each printing "n/total name … time" as it runs. */
function reporting(provider: MigrationProvider, total: number): MigrationProvider {
  let n = 0;
  return {
    async getMigrations() {
      const all = await provider.getMigrations();
      return Object.fromEntries(
        Object.entries(all).map(([name, migration]): [string, Migration] => [
          name,
          {
            ...migration,
            up: async (db: Kysely<any>) => {
              const at = performance.now();
              n += 1;
              process.stdout.write(`  ${String(n).padStart(String(total).length)}/${total}  ${name} … `);
              await migration.up(db);
              console.log(seconds(at));
            },
          },
        ]),
      );
    },
  };
}

function seconds(since: number): string {
  const ms = performance.now() - since;
  return ms < 1000 ? `${Math.round(ms)} ms` : `${(ms / 1000).toFixed(1)} s`;
}
