import type { Kysely, Transaction } from "kysely";
import { createDatabase, type Database } from "#db/connection.ts";
import { readDatabaseEnv } from "#db/env.ts";
import { assertSchemaCurrent } from "#db/migrator.ts";
import type { DB } from "#db/schema.ts";

export type Db = Kysely<DB>;
export type Trx = Transaction<DB>;
/** Model functions take either the database or an open transaction. */
export type Executor = Kysely<DB> | Transaction<DB>;

// One database per process, kept on globalThis so development rebuilds reuse it
// (PGlite allows one owner of its data folder).
const globalStore = globalThis as typeof globalThis & { __kohtaamoDatabase?: Database };

export function database(): Database {
  globalStore.__kohtaamoDatabase ??= createDatabase(readDatabaseEnv());
  return globalStore.__kohtaamoDatabase;
}

export function db(): Db {
  return database().db;
}

/** Start-up check: refuse to serve on a schema that is behind the code. */
export async function ensureDatabaseReady(): Promise<{ driver: string }> {
  const current = database();
  await assertSchemaCurrent(current.db);
  return { driver: current.driver };
}

export async function closeDatabase(): Promise<void> {
  const current = globalStore.__kohtaamoDatabase;
  globalStore.__kohtaamoDatabase = undefined;
  await current?.close();
}
