import fs from "node:fs";
import path from "node:path";
import { PGlite, types as pgliteTypes } from "@electric-sql/pglite";
import {
  Kysely,
  PGliteDialect,
  PostgresDialect,
  type KyselyPlugin,
  type PluginTransformQueryArgs,
  type PluginTransformResultArgs,
  type QueryResult,
  type RootOperationNode,
  type UnknownRow,
} from "kysely";
import pg from "pg";
import type { DB } from "./schema.ts";

export type Driver = "pglite" | "postgres";

export interface Database {
  db: Kysely<DB>;
  driver: Driver;
  close(): Promise<void>;
}

export interface DatabaseOptions {
  /** A postgres:// URL: use a real server. Without it, the embedded PGlite is used. */
  url?: string;
  /** PGlite data folder, or "memory://" for an in-memory database. */
  dataDir?: string;
  /** Upper bound on connections to a real server. */
  maxConnections?: number;
  /** Abort any statement that runs longer than this (ms). */
  statementTimeoutMs?: number;
  /** Give up opening a connection to the server after this long (ms). */
  connectTimeoutMs?: number;
}

// One decision for both drivers on how values come back:
//   bigint (int8, count(*)) -> number    date -> 'YYYY-MM-DD' string
//   numeric -> string (exact money)      timestamptz -> Date     jsonb -> parsed value
const INT8 = 20;
const DATE = 1082;
const parseInt8 = (value: string) => {
  const n = Number(value);
  if (!Number.isSafeInteger(n)) throw new RangeError(`bigint ${value} does not fit a JavaScript number`);
  return n;
};

export function createDatabase(options: DatabaseOptions = {}): Database {
  if (options.url) return createPostgresDatabase(options.url, options);
  return createPGliteDatabase(options.dataDir ?? ".data/pglite");
}

// The server driver is node-postgres (pg) with Kysely's built-in dialect. Its
// pool discards a connection whose backend died (server restart,
// pg_terminate_backend) and the failed query rejects; postgres.js 3.4.9 instead
// hangs or throws an uncatchable error on a reserved (transaction) connection
// whose backend was terminated (porsager/postgres#1208, #1199), which
// tests/integration/faults.test.ts reproduces.
function createPostgresDatabase(url: string, options: DatabaseOptions): Database {
  const pool = new pg.Pool({
    connectionString: url,
    max: options.maxConnections ?? 10,
    connectionTimeoutMillis: options.connectTimeoutMs ?? 5_000,
    idleTimeoutMillis: 60_000,
    application_name: "kohtaamo",
    statement_timeout: options.statementTimeoutMs ?? 15_000,
    // Every query here is an index-bounded read or write of a few milliseconds.
    // PostgreSQL's JIT compiles a plan whose estimated cost is high (row-level
    // security subplans inflate the estimates of portal queries), which costs
    // 10–500 ms and never pays back at this size: off for this application.
    options: "-c jit=off",
    types: { getTypeParser },
  });
  // An idle connection dropped by the server is removed from the pool; without a
  // listener the 'error' event would end the process.
  const lost = (error: Error) => console.warn(`PostgreSQL connection lost (${error.message}); the pool reconnects.`);
  pool.on("error", lost);
  // A connection in use can die too: its query rejects, and the event must not end the process.
  pool.on("connect", (client) => client.on("error", lost));
  const db = new Kysely<DB>({ dialect: new PostgresDialect({ pool }) });
  return { db, driver: "postgres", close: () => db.destroy() };
}

function getTypeParser(oid: number, format?: "text" | "binary") {
  if (oid === INT8) return parseInt8;
  if (oid === DATE) return (x: string) => x;
  return pg.types.getTypeParser(oid, format as "text");
}

function createPGliteDatabase(given: string): Database {
  const inMemory = given.startsWith("memory://");
  const dataDir = inMemory ? given : resolveDataDir(given);
  const release = inMemory ? () => {} : lockDataDir(dataDir);
  const pglite = new PGlite(dataDir, {
    parsers: { [pgliteTypes.INT8]: parseInt8, [DATE]: (x: string) => x },
  });
  // PGlite's file system errors are plain objects ({ name: "ErrnoError", errno: 44 }):
  // the first query that needs the database gets an Error that says where and what.
  let opened: Promise<typeof pglite> | null = null;
  const open = () =>
    (opened ??= pglite.waitReady.then(
      () => pglite,
      (error: unknown) => {
        throw new Error(`The embedded database at ${dataDir} could not be opened: ${errorText(error)}.`, { cause: error });
      },
    ));
  const db = new Kysely<DB>({ dialect: new PGliteDialect({ pglite: open }), plugins: [new YieldToEventLoop()] });
  let closed = false;
  return {
    db,
    driver: "pglite",
    async close() {
      if (closed) return;
      closed = true;
      try {
        await db.destroy();
        if (!pglite.closed) await pglite.close();
      } finally {
        release();
      }
    },
  };
}

/**
 * PGlite runs a query inside this process and settles its promise at once: a
 * chain of queries never returns to the event loop, so nothing else is read
 * meanwhile (HTTP requests, /healthz, timers, a test worker's messages to its
 * runner). After every YIELD_AFTER_MS of such work, the next result waits one
 * turn of the event loop.
 */
const YIELD_AFTER_MS = 25;
class YieldToEventLoop implements KyselyPlugin {
  #since = performance.now();

  transformQuery(args: PluginTransformQueryArgs): RootOperationNode {
    return args.node;
  }

  async transformResult(args: PluginTransformResultArgs): Promise<QueryResult<UnknownRow>> {
    if (performance.now() - this.#since >= YIELD_AFTER_MS) {
      await new Promise((resolve) => setImmediate(resolve));
      this.#since = performance.now();
    }
    return args.result;
  }
}

/**
 * The data folder's real path. PGlite cannot open a folder through a symbolic
 * link (it gives up after a long wait with a bare "ErrnoError 44"), so the
 * deepest part of the path that exists is resolved; the rest PGlite creates.
 */
export function resolveDataDir(dataDir: string): string {
  let existing = path.resolve(dataDir);
  const rest: string[] = [];
  for (;;) {
    try {
      fs.lstatSync(existing);
      break;
    } catch {
      const parent = path.dirname(existing);
      if (parent === existing) break;
      rest.unshift(path.basename(existing));
      existing = parent;
    }
  }
  try {
    return path.join(fs.realpathSync(existing), ...rest);
  } catch (error) {
    const target = fs.lstatSync(existing).isSymbolicLink() ? fs.readlinkSync(existing) : null;
    throw new Error(
      target
        ? `PGLITE_DATA_DIR: ${existing} is a symbolic link to ${target}, which does not exist. Create the folder it points to, or point PGLITE_DATA_DIR at an existing one.`
        : `PGLITE_DATA_DIR: ${existing} cannot be read (${errorText(error)}).`,
    );
  }
}

/** An error's text, whatever was thrown (PGlite throws plain objects): never "[object Object]". */
export function errorText(error: unknown): string {
  if (error instanceof Error) return error.message || error.name;
  if (error && typeof error === "object") {
    const { name, message, code, errno } = error as Record<string, unknown>;
    const parts = [name, message, code, errno === undefined ? undefined : `errno ${String(errno)}`].filter(
      (p) => typeof p === "string" || typeof p === "number",
    );
    if (parts.length) return parts.map(String).join(": ");
    try {
      return JSON.stringify(error);
    } catch {
      return Object.prototype.toString.call(error);
    }
  }
  return String(error);
}

/**
 * PGlite has no lock of its own: two processes opening one data folder corrupt it.
 * A pid file next to the folder refuses a second process while the first is alive.
 */
function lockDataDir(dataDir: string): () => void {
  const absolute = path.resolve(dataDir);
  fs.mkdirSync(path.dirname(absolute), { recursive: true });
  const lockFile = `${absolute}.lock`;
  try {
    const holder = Number(fs.readFileSync(lockFile, "utf8"));
    if (holder && holder !== process.pid && isAlive(holder)) {
      throw new Error(
        `The embedded database at ${absolute} is already open in process ${holder}. ` +
          `Stop that process first (the embedded database allows one process at a time).`,
      );
    }
  } catch (error) {
    if ((error as NodeJS.ErrnoException).code !== "ENOENT") throw error;
  }
  fs.writeFileSync(lockFile, String(process.pid));
  return () => {
    try {
      if (fs.readFileSync(lockFile, "utf8") === String(process.pid)) fs.unlinkSync(lockFile);
    } catch {
      // already gone
    }
  };
}

function isAlive(pid: number): boolean {
  try {
    process.kill(pid, 0);
    return true;
  } catch (error) {
    return (error as NodeJS.ErrnoException).code === "EPERM";
  }
}
