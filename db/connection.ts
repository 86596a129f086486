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
import { oneCallQueries, type PGliteForKysely } from "./pglite-queries.ts";
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
  /** Stop waiting for a statement's answer after this long (ms); statementTimeoutMs + 2 s unless given. */
  queryTimeoutMs?: number;
  /** Give up waiting for a row or table lock after this long (ms). */
  lockTimeoutMs?: number;
  /** With every connection in use, wait this long for one before answering "busy" (ms). */
  poolWaitMs?: number;
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
//
// Nothing waits forever: opening a connection gives up after connectTimeoutMs;
// a statement is cancelled by the server after statementTimeoutMs, and given up
// by the client a little later (a server that stopped answering, a network
// partition), when its connection is thrown away rather than reused; a row lock
// is waited for at most lockTimeoutMs (55P03); idle connections send TCP
// keep-alives. When every connection is in use, a request waits at most
// poolWaitMs for one and is then refused as busy (PoolBusyError), and at most
// ten times the pool's size wait at all: a stuck transaction cannot queue up every
// request. (Twice the pool's size was too few: Remix runs a page's loaders side by
// side, so 15 users clicking at once already queued more than 20 queries, and
// bench:load saw 12 % of its requests refused as busy while p99 was 0.4 s.)
function createPostgresDatabase(url: string, options: DatabaseOptions): Database {
  const max = options.maxConnections ?? 10;
  const statementTimeout = options.statementTimeoutMs ?? 15_000;
  const pool = new pg.Pool({
    connectionString: url,
    max,
    connectionTimeoutMillis: options.connectTimeoutMs ?? 5_000,
    idleTimeoutMillis: 60_000,
    application_name: "kohtaamo",
    statement_timeout: statementTimeout,
    query_timeout: options.queryTimeoutMs ?? statementTimeout + 2_000,
    keepAlive: true,
    keepAliveInitialDelayMillis: 10_000,
    // Every query here is an index-bounded read or write of a few milliseconds.
    // PostgreSQL's JIT compiles a plan whose estimated cost is high (row-level
    // security subplans inflate the estimates of portal queries), which costs
    // 10–500 ms and never pays back at this size: off for this application.
    options: `-c jit=off -c lock_timeout=${options.lockTimeoutMs ?? 5_000}`,
    types: { getTypeParser },
  });
  // An idle connection dropped by the server is removed from the pool; without a
  // listener the 'error' event would end the process.
  const lost = (error: Error) => console.warn(`PostgreSQL connection lost (${error.message}); the pool reconnects.`);
  pool.on("error", lost);
  // A connection in use can die too: its query rejects, and the event must not end the process.
  // One whose query the client gave up on may still be waiting for that answer: it is not reused.
  const broken = new WeakSet<pg.PoolClient>();
  pool.on("connect", (client) => {
    client.on("error", lost);
    const query = client.query.bind(client) as (...args: unknown[]) => unknown;
    (client as { query: unknown }).query = (...args: unknown[]) => {
      const result = query(...oneStatement(args));
      if (result instanceof Promise) {
        result.catch((error: unknown) => {
          if (error instanceof Error && CLIENT_GAVE_UP.test(error.message)) broken.add(client as pg.PoolClient);
        });
      }
      return result;
    };
  });
  const poolWait = options.poolWaitMs ?? 2_000;
  const lendable = {
    options: pool.options,
    end: () => pool.end(),
    async connect(): Promise<pg.PoolClient> {
      const saturated = pool.totalCount >= max && pool.idleCount === 0;
      if (saturated && pool.waitingCount >= max * 10) throw new PoolBusyError();
      const client = saturated ? await within(pool.connect(), poolWait) : await pool.connect();
      const release = client.release;
      client.release = (destroy?: boolean | Error) => {
        client.release = release;
        release.call(client, destroy || broken.has(client) || undefined);
      };
      return client;
    },
  };
  const db = new Kysely<DB>({ dialect: new PostgresDialect({ pool: lendable }) });
  return { db, driver: "postgres", close: () => db.destroy() };
}

/**
 * Every statement goes by the extended protocol, even one without parameters
 * (pg would send that as a simple query, which may hold several statements):
 * text slipped into a query cannot append `; COMMIT; …` and run on outside its
 * transaction (the portal's scope, app/models/portal-scope.server.ts). PGlite's
 * query() is one statement already.
 */
function oneStatement(args: unknown[]): unknown[] {
  const [text, values, ...rest] = args;
  if (typeof text !== "string" || !(values === undefined || Array.isArray(values))) return args;
  return [{ text, values: values ?? [], queryMode: "extended" }, ...rest];
}

/** pg's messages when the client stopped waiting for the server (query_timeout). */
const CLIENT_GAVE_UP = /^Query read timeout/;

/** Every connection is in use and none came free in time: the database is busy, not unreachable. */
export class PoolBusyError extends Error {
  readonly code = "KOHTAAMO_POOL_BUSY";
  constructor() {
    super("Every database connection is in use: try again in a moment.");
    this.name = "PoolBusyError";
  }
}

/** The client, if it comes within `ms`; else PoolBusyError, and one that comes later goes straight back. */
function within(pending: Promise<pg.PoolClient>, ms: number): Promise<pg.PoolClient> {
  return new Promise((resolve, reject) => {
    let late = false;
    const timer = setTimeout(() => {
      late = true;
      reject(new PoolBusyError());
    }, ms);
    pending.then(
      (client) => {
        clearTimeout(timer);
        if (late) client.release();
        else resolve(client);
      },
      (error: unknown) => {
        clearTimeout(timer);
        if (!late) reject(error);
      },
    );
  });
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
  // Each statement goes to it in one call (db/pglite-queries.ts).
  let opened: Promise<PGliteForKysely> | null = null;
  const open = () =>
    (opened ??= pglite.waitReady.then(
      () => oneCallQueries(pglite),
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
