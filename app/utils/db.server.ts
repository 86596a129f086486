import type { Kysely, Transaction } from "kysely";
import { createDatabase, type Database } from "#db/connection.ts";
import { databaseSettings } from "#db/env.ts";
import { assertSchemaCurrent } from "#db/migrator.ts";
import { roleNotBoundBySecurity } from "#db/roles.ts";
import type { DB } from "#db/schema.ts";
import { appEnv } from "./env.server.ts";

export type Db = Kysely<DB>;
export type Trx = Transaction<DB>;
/** Model functions take either the database or an open transaction. */
export type Executor = Kysely<DB> | Transaction<DB>;

// One database per process, kept on globalThis so development rebuilds reuse it
// (PGlite allows one owner of its data folder).
const globalStore = globalThis as typeof globalThis & { __kohtaamoDatabase?: Database };

export function database(): Database {
  globalStore.__kohtaamoDatabase ??= createDatabase(databaseSettings(appEnv()));
  return globalStore.__kohtaamoDatabase;
}

export function db(): Db {
  return database().db;
}

/**
 * Start-up check: refuse to serve on a schema that is behind the code; on a
 * server, say when the connection's role is not held by row-level security.
 */
export async function ensureDatabaseReady(): Promise<{ driver: string; roleWarning: string | null }> {
  const current = database();
  await assertSchemaCurrent(current.db);
  const roleWarning = current.driver === "postgres" ? await roleNotBoundBySecurity(current.db) : null;
  return { driver: current.driver, roleWarning };
}

/**
 * Makes `next` this process's database (benchmarks point the app's code at a
 * scratch database) and returns the one it replaces, unclosed, to put back later.
 */
export function replaceDatabase(next: Database | undefined): Database | undefined {
  const current = globalStore.__kohtaamoDatabase;
  globalStore.__kohtaamoDatabase = next;
  return current;
}

export async function closeDatabase(): Promise<void> {
  const current = globalStore.__kohtaamoDatabase;
  globalStore.__kohtaamoDatabase = undefined;
  await current?.close();
}

// Errors that mean "the database cannot answer right now" rather than "this
// request is wrong". Pages answer them with 503, saying which of two it is:
// - busy: the server answered, but not this request now: a row lock held past
//   lock_timeout, a statement past statement_timeout, every pool connection in
//   use (PoolBusyError), the server's connection limit;
// - unreachable: refused or dropped connections, a server shutting down or
//   starting, the client giving up on a connection or an answer (a partition).
const BUSY_CODES = new Set([
  "55P03", // lock_not_available (lock_timeout)
  "57014", // query_canceled (statement_timeout)
  "53300", // too_many_connections
  "KOHTAAMO_POOL_BUSY",
]);
const UNREACHABLE_CODES = new Set([
  "ECONNREFUSED",
  "ECONNRESET",
  "ETIMEDOUT",
  "EPIPE",
  "EHOSTUNREACH",
  "ENETUNREACH",
  "CONNECTION_CLOSED",
  "CONNECTION_ENDED",
  "CONNECTION_DESTROYED",
  "CONNECT_TIMEOUT",
  "57P01", // admin_shutdown (also pg_terminate_backend)
  "57P02", // crash_shutdown
  "57P03", // cannot_connect_now
]);

// node-postgres reports a connection lost under a query, and connection timeouts,
// without a code: by these messages (pg/lib/client.js, pg-pool).
const UNREACHABLE_MESSAGES =
  /^(Connection terminated|Client has encountered a connection error|Client was closed and is not queryable|timeout expired|timeout exceeded when trying to connect|Query read timeout)/;

export type DatabaseFault = "busy" | "unreachable";

/** Whether `error` means the database cannot answer now, and why; null for any other error. */
export function databaseFault(error: unknown): DatabaseFault | null {
  for (let e = error, depth = 0; e && typeof e === "object" && depth < 5; e = (e as { cause?: unknown }).cause, depth++) {
    const code = (e as { code?: unknown }).code;
    if (typeof code === "string" && BUSY_CODES.has(code)) return "busy";
    if (typeof code === "string" && (UNREACHABLE_CODES.has(code) || code.startsWith("08"))) return "unreachable";
    if (code === undefined && e instanceof Error && UNREACHABLE_MESSAGES.test(e.message)) return "unreachable";
  }
  return null;
}

export function isDatabaseUnavailable(error: unknown): boolean {
  return databaseFault(error) !== null;
}
