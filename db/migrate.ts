// npm run db:migrate [-- --down]   Applies (or undoes the last of) the migrations.
import { createDatabase } from "./connection.ts";
import { createMigrator } from "./migrator.ts";
import { readDatabaseEnv } from "./env.ts";

const down = process.argv.includes("--down");
const database = createDatabase(readDatabaseEnv());
try {
  const migrator = createMigrator(database.db);
  const { error, results } = down ? await migrator.migrateDown() : await migrator.migrateToLatest();
  for (const r of results ?? []) {
    console.log(`${r.status === "Success" ? "ok" : r.status.toLowerCase()}  ${r.direction.toLowerCase()}  ${r.migrationName}`);
  }
  if (error) {
    console.error("Migration failed:", error);
    process.exitCode = 1;
  } else if (!results?.length) {
    console.log(`Database (${database.driver}) is up to date.`);
  }
} finally {
  await database.close();
}
