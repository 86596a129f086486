// npm run db:grant -- <role>   Gives the application's role what it needs (db/roles.ts).
// Run with DATABASE_URL naming the role that ran the migrations, after each db:migrate.
import { sql } from "kysely";
import { createDatabase } from "./connection.ts";
import { readDatabaseEnv } from "./env.ts";
import { applicationGrants } from "./roles.ts";

const role = process.argv[2];
const settings = readDatabaseEnv();
if (!role || !settings.url) {
  console.error("Usage: DATABASE_URL=postgres://<owner>@host/db npm run db:grant -- <application role>");
  process.exit(2);
}
const database = createDatabase(settings);
try {
  for (const statement of applicationGrants(role)) await sql.raw(statement).execute(database.db);
  console.log(`Granted ${role} what the application needs.`);
} catch (error) {
  console.error(`Granting failed: ${error instanceof Error ? error.message : String(error)}`);
  process.exitCode = 1;
} finally {
  await database.close();
}
