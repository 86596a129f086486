import { sql } from "kysely";
import postgres from "postgres";
import { describe, expect, it } from "vitest";
import { loader as accountsLoader } from "#app/routes/_app.accounts._index.tsx";
import { loader as healthLoader } from "#app/routes/healthz.tsx";
import { database, db, isDatabaseUnavailable } from "#app/utils/db.server.ts";
import { createDatabase, type Database } from "#db/connection.ts";
import { createAccount, createUser } from "#tests/factories/index.ts";
import { request, run, sessionCookieFor, statusOf } from "#tests/setup/requests.ts";

// Port 1 on loopback: nothing listens, so every connection is refused at once,
// as when the database server is down.
const UNREACHABLE = "postgres://postgres@127.0.0.1:1/kohtaamo";
const store = globalThis as typeof globalThis & { __kohtaamoDatabase?: Database };

async function whileDatabaseIsDown<T>(fn: () => Promise<T>): Promise<T> {
  const real = store.__kohtaamoDatabase;
  const down = createDatabase({ url: UNREACHABLE });
  store.__kohtaamoDatabase = down;
  try {
    return await fn();
  } finally {
    store.__kohtaamoDatabase = real;
    await down.close();
  }
}

describe("when the database is unreachable", () => {
  it("recognises a refused connection as the database being unavailable", async () => {
    const down = createDatabase({ url: UNREACHABLE });
    try {
      const error = await sql`select 1`.execute(down.db).then(() => null, (e: unknown) => e);
      expect(isDatabaseUnavailable(error)).toBe(true);
    } finally {
      await down.close();
    }
    expect(isDatabaseUnavailable(Object.assign(new Error("duplicate key"), { code: "23505" }))).toBe(false);
    expect(isDatabaseUnavailable(new Error("plain"))).toBe(false);
  });

  it("answers pages with a clear 503 at once instead of hanging, and recovers by itself when it is back", async () => {
    const kam = await createUser(db(), { role: "kam" });
    await createAccount(db(), { owner_id: kam.id, name: "Still Here Oy" });
    const cookie = await sessionCookieFor(kam.id);

    const started = Date.now();
    const outage = await whileDatabaseIsDown(() => run(accountsLoader, request("/accounts", { cookie })));
    expect(Date.now() - started).toBeLessThan(5_000);
    expect(outage.thrown).toBe(true);
    expect(statusOf(outage)).toBe(503);
    expect((outage.value as Response).headers.get("Retry-After")).toBe("10");
    expect(await (outage.value as Response).text()).toMatch(/temporarily unavailable/);

    const health = await whileDatabaseIsDown(() => run(healthLoader, request("/healthz")));
    expect(statusOf(health)).toBe(503);

    const after = await run(accountsLoader, request("/accounts", { cookie }));
    expect(statusOf(after)).toBe(200);
    expect(JSON.stringify(after.value)).toContain("Still Here Oy");
  });
});

const serverUrl = process.env.TEST_DATABASE_URL;

describe.runIf(Boolean(serverUrl))("when the server ends the app's connection mid-write (real PostgreSQL)", () => {
  it("leaves no partial write, reports the fault as unavailability, and the next request works", async () => {
    const owner = await createUser(db(), { role: "kam" });
    const admin = postgres(serverUrl!, { max: 1, onnotice: () => {} });
    try {
      const failure = await db()
        .transaction()
        .execute(async (trx) => {
          await createAccount(trx, { owner_id: owner.id, name: "Half Written Oy" });
          const { rows } = await sql<{ pid: number }>`select pg_backend_pid() as pid`.execute(trx);
          await admin`select pg_terminate_backend(${rows[0]!.pid})`;
          await createAccount(trx, { owner_id: owner.id, name: "Second Half Oy" });
        })
        .then(() => null, (e: unknown) => e);
      expect(failure).not.toBeNull();
      expect(isDatabaseUnavailable(failure)).toBe(true);
      const names = await db().selectFrom("accounts").select("name").execute();
      expect(names).toEqual([]);
      expect(database().driver).toBe("postgres");
    } finally {
      await admin.end();
    }
  });
});
