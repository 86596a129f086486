import net from "node:net";
import { sql } from "kysely";
import { describe, expect, it, vi } from "vitest";
import { loader as accountsLoader } from "#app/routes/_app.accounts._index.tsx";
import { loader as healthLoader } from "#app/routes/healthz.tsx";
import { db, isDatabaseUnavailable } from "#app/utils/db.server.ts";
import { createDatabase, type Database } from "#db/connection.ts";
import { createAccount, createUser } from "#tests/factories/index.ts";
import { handle } from "#tests/setup/app-handler.ts";
import { request, run, sessionCookieFor, statusOf } from "#tests/setup/requests.ts";

// Port 1 on loopback: nothing listens, so every connection is refused at once,
// as when the database server is down.
const UNREACHABLE = "postgres://postgres@127.0.0.1:1/kohtaamo";
const store = globalThis as typeof globalThis & { __kohtaamoDatabase?: Database };

async function whileDatabaseIsDown<T>(
  fn: () => Promise<T>,
  down: Database = createDatabase({ url: UNREACHABLE }),
): Promise<T> {
  const real = store.__kohtaamoDatabase;
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
      const error = await sql`select 1`.execute(down.db).then(
        () => null,
        (e: unknown) => e,
      );
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
    // "At once" against a hang (which lasts until the test's own limit): a bound a loaded machine does not cross.
    expect(Date.now() - started).toBeLessThan(30_000);
    expect(outage.thrown).toBe(true);
    expect(statusOf(outage)).toBe(503);
    expect((outage.value as Response).headers.get("Retry-After")).toBe("10");
    expect(await (outage.value as Response).json()).toMatchObject({ status: 503, fault: "unreachable", errors: [{ reason: expect.stringMatching(/cannot reach its database/) }] });

    const health = await whileDatabaseIsDown(() => run(healthLoader, request("/healthz")));
    expect(statusOf(health)).toBe(503);

    const after = await run(accountsLoader, request("/accounts", { cookie }));
    expect(statusOf(after)).toBe(200);
    expect(JSON.stringify(after.value)).toContain("Still Here Oy");
  });
});

describe("when the database server accepts connections but never answers", () => {
  it("answers with the 503 page once the connection timeout passes, instead of hanging", async () => {
    // A listener that takes the connection and says nothing, as a hung or firewalled server does.
    const silent = net.createServer(() => {});
    await new Promise<void>((resolve) => silent.listen(0, "127.0.0.1", resolve));
    const { port } = silent.address() as net.AddressInfo;
    const kam = await createUser(db(), { role: "kam" });
    const cookie = await sessionCookieFor(kam.id);
    await handle(request("/livez")); // the app's modules loaded before the clock starts
    vi.spyOn(console, "error").mockImplementation(() => {});
    try {
      const hung = createDatabase({ url: `postgres://postgres@127.0.0.1:${port}/kohtaamo`, connectTimeoutMs: 300 });
      const started = Date.now();
      const res = await whileDatabaseIsDown(() => handle(request("/accounts", { cookie })), hung);
      // Without the connect timeout it would wait for the silent server for ever (the driver's default);
      // the bound tells that from an answer without being one a loaded machine crosses.
      expect(Date.now() - started).toBeLessThan(30_000);
      expect(res.status).toBe(503);
      expect(res.headers.get("Retry-After")).toBe("10");
      expect(await res.text()).toContain("cannot reach its database");
    } finally {
      silent.close();
    }
  });
});

// On a real server, connections ended mid-write, statement timeouts and /healthz: faults.pg.test.ts.
