import net from "node:net";
import { sql } from "kysely";
import postgres from "postgres";
import { afterAll, beforeAll, describe, expect, it, vi } from "vitest";
import { createDatabase, type Database, type DatabaseOptions } from "#db/connection.ts";
import { db } from "#app/utils/db.server.ts";
import { createAccount, createUser } from "#tests/factories/index.ts";
import { handle } from "#tests/setup/app-handler.ts";
import { formRequest, request, sessionCookieFor } from "#tests/setup/requests.ts";

// The database busy or cut off, on a real server (this file runs only with
// TEST_DATABASE_URL): a held row lock, a saturated pool, a network partition.
// Each request gets an answer — a 503 that says which, or its page — and nothing
// waits forever. Timeouts are short here so the test is; no durations are asserted.

const appUrl = process.env.DATABASE_URL!;
const store = globalThis as typeof globalThis & { __kohtaamoDatabase?: Database };
let admin: postgres.Sql;

beforeAll(() => {
  admin = postgres(appUrl, { max: 2, onnotice: () => {} });
});
afterAll(async () => {
  await admin.end();
});

/** Runs `fn` with the app on a database of these settings, then puts the usual one back. */
async function withDatabase<T>(options: DatabaseOptions, fn: () => Promise<T>): Promise<T> {
  const real = store.__kohtaamoDatabase;
  const temporary = createDatabase({ url: appUrl, ...options });
  store.__kohtaamoDatabase = temporary;
  try {
    return await fn();
  } finally {
    store.__kohtaamoDatabase = real;
    await temporary.close();
  }
}

/** The database faults the app logs on purpose; quiet, and counted by kind. */
function expectedFaults() {
  const logged: string[] = [];
  vi.spyOn(console, "error").mockImplementation((...args: unknown[]) => void logged.push(args.map(String).join(" ")));
  vi.spyOn(console, "warn").mockImplementation(() => {});
  return logged;
}

/** Holds `lock` (a SELECT … FOR …) in a transaction of its own until release(). */
async function holdRowLock(lock: string) {
  let release!: () => void;
  const released = new Promise<void>((resolve) => (release = resolve));
  let locked!: () => void;
  const isLocked = new Promise<void>((resolve) => (locked = resolve));
  const tx = admin.begin(async (t) => {
    await t.unsafe(lock);
    locked();
    await released;
  });
  await isLocked;
  return { release: async () => (release(), await tx) };
}

async function world() {
  const kam = await createUser(db(), { role: "kam", name: "Kaisa KAM" });
  const locked = await createAccount(db(), { owner_id: kam.id, name: "Locked Oy" });
  const free = await createAccount(db(), { owner_id: kam.id, name: "Free Oy" });
  return { kam, locked, free, cookie: await sessionCookieFor(kam.id) };
}

const accountEdit = (name: string) => ({
  intent: "save",
  name,
  industry: "logistics",
  tier: "key",
  lifecycle_stage: "adoption",
  relationship_start: "2021-05-01",
  contract_value: "1000",
  currency: "EUR",
  renewal_date: "2027-04-30",
  version: "1",
});
const touchpoint = { intent: "create", kind: "call", occurred_at: "2026-11-03T14:15", title: "Called while the account was locked" };

async function page(req: Request) {
  const res = await handle(req);
  return { status: res.status, html: await res.text() };
}

describe("a held row lock", () => {
  it("gives the account's writers a 503 that says busy, and readers and other accounts' writers go on", async () => {
    const w = await world();
    const logged = expectedFaults();
    // As another save of the account holds it (every write to an account's data locks its row FOR NO KEY UPDATE).
    const lock = await holdRowLock(`SELECT id FROM accounts WHERE id = '${w.locked.id}' FOR NO KEY UPDATE`);
    try {
      await withDatabase({ lockTimeoutMs: 300 }, async () => {
        for (const [req, what] of [
          [formRequest(`/accounts/${w.locked.id}/edit`, accountEdit("Renamed Oy"), w.cookie), "edit"],
          [formRequest(`/accounts/${w.locked.id}/touchpoints/new`, touchpoint, w.cookie), "touchpoint"],
        ] as const) {
          const blocked = await page(req);
          expect(blocked.status, what).toBe(503);
          expect(blocked.html, what).toContain("is busy right now");
          expect(blocked.html, what).not.toContain("cannot reach its database");
        }
        expect((await page(request(`/accounts/${w.locked.id}`, { cookie: w.cookie }))).status).toBe(200);
        expect((await page(formRequest(`/accounts/${w.free.id}/edit`, accountEdit("Free Renamed Oy"), w.cookie))).status).toBe(302);
      });
    } finally {
      await lock.release();
    }
    expect(logged.some((line) => line.startsWith("Database busy"))).toBe(true);
    // Once the lock is gone, the same save goes through.
    expect((await page(formRequest(`/accounts/${w.locked.id}/edit`, accountEdit("Renamed Oy"), w.cookie))).status).toBe(302);
    const names = await db().selectFrom("accounts").select("name").orderBy("name").execute();
    expect(names.map((r) => r.name)).toEqual(["Free Renamed Oy", "Renamed Oy"]);
    expect(await db().selectFrom("touchpoints").select("id").execute()).toEqual([]);
  });

  it("does not hold up an account's edit behind a transaction adding rows that refer to it (an import)", async () => {
    const w = await world();
    expectedFaults();
    // An open transaction that inserted a touchpoint of the account: its foreign-key check holds FOR KEY SHARE on the account.
    let release!: () => void;
    const released = new Promise<void>((resolve) => (release = resolve));
    let inserted!: () => void;
    const isInserted = new Promise<void>((resolve) => (inserted = resolve));
    const importing = admin.begin(async (t) => {
      await t`INSERT INTO touchpoints (account_id, kind, occurred_at, title) VALUES (${w.locked.id}, 'call', now(), 'Imported')`;
      inserted();
      await released;
    });
    await isInserted;
    try {
      await withDatabase({ lockTimeoutMs: 300 }, async () => {
        expect((await page(formRequest(`/accounts/${w.locked.id}/edit`, accountEdit("Renamed Oy"), w.cookie))).status).toBe(302);
      });
    } finally {
      release();
      await importing;
    }
    expect((await db().selectFrom("accounts").select("name").where("id", "=", w.locked.id).executeTakeFirstOrThrow()).name).toBe("Renamed Oy");
  });
});

describe("a saturated pool", () => {
  it("answers the requests it cannot serve with 503 busy, and /healthz answers", async () => {
    const w = await world();
    expectedFaults();
    await withDatabase({ maxConnections: 2, poolWaitMs: 200, statementTimeoutMs: 20_000 }, async () => {
      // Both connections taken by statements that run until the test cancels them.
      const sleepers = [1, 2].map(() => sql`select pg_sleep(30)`.execute(db()).catch(() => null));
      try {
        await expect.poll(async () => (await admin`select count(*)::int as n from pg_stat_activity where query = 'select pg_sleep(30)'`)[0]!.n).toBe(2);
        const busy = await page(request("/accounts", { cookie: w.cookie }));
        expect(busy.status).toBe(503);
        expect(busy.html).toContain("is busy right now");
        const health = await handle(request("/healthz"));
        expect(health.status).toBe(503);
      } finally {
        await admin`select pg_cancel_backend(pid) from pg_stat_activity where query = 'select pg_sleep(30)'`;
        await Promise.all(sleepers);
      }
      expect((await page(request("/accounts", { cookie: w.cookie }))).status).toBe(200);
    });
  });
});

/**
 * A TCP proxy to the database that can stop forwarding: connections stay open and
 * nothing comes through either way, as in a network partition.
 */
async function partitionableProxy(target: URL) {
  let partitioned = false;
  const sockets = new Set<net.Socket>();
  const server = net.createServer((client) => {
    const upstream = net.connect(Number(target.port || 5432), target.hostname);
    for (const [from, to] of [
      [client, upstream],
      [upstream, client],
    ] as const) {
      sockets.add(from);
      from.on("data", (chunk) => {
        if (!partitioned) to.write(chunk);
      });
      from.on("error", () => to.destroy());
      from.on("close", () => to.destroy());
    }
  });
  await new Promise<void>((resolve) => server.listen(0, "127.0.0.1", resolve));
  const url = new URL(target);
  url.hostname = "127.0.0.1";
  url.port = String((server.address() as net.AddressInfo).port);
  return {
    url: url.toString(),
    partition: () => (partitioned = true),
    heal: () => (partitioned = false),
    close: () => {
      for (const s of sockets) s.destroy();
      return new Promise<void>((resolve) => server.close(() => resolve()));
    },
  };
}

describe("a network partition", () => {
  it("gives 503s that say unreachable within the timeouts, /healthz answers, and the app recovers when it heals", async () => {
    const w = await world();
    expectedFaults();
    const proxy = await partitionableProxy(new URL(appUrl));
    const real = store.__kohtaamoDatabase;
    const cut = createDatabase({ url: proxy.url, connectTimeoutMs: 500, statementTimeoutMs: 500, queryTimeoutMs: 800, poolWaitMs: 300 });
    store.__kohtaamoDatabase = cut;
    try {
      expect((await page(request("/accounts", { cookie: w.cookie }))).status).toBe(200);
      proxy.partition();
      // Open connections hear nothing (the client gives up on the answer), new ones never finish opening.
      for (const path of ["/accounts", `/accounts/${w.locked.id}`, "/accounts"]) {
        const cutOff = await page(request(path, { cookie: w.cookie }));
        expect(cutOff.status, path).toBe(503);
        expect(cutOff.html, path).toContain("cannot reach its database");
      }
      const write = await page(formRequest(`/accounts/${w.free.id}/edit`, accountEdit("Never Saved Oy"), w.cookie));
      expect(write.status).toBe(503);
      const health = await handle(request("/healthz"));
      expect(health.status).toBe(503);
      proxy.heal();
      // Connections given up on were thrown away: fresh ones serve the next requests.
      await expect.poll(async () => (await page(request("/accounts", { cookie: w.cookie }))).status, { timeout: 60_000, interval: 200 }).toBe(200);
    } finally {
      store.__kohtaamoDatabase = real;
      await cut.close().catch(() => {});
      await proxy.close();
    }
    expect((await db().selectFrom("accounts").select("name").where("id", "=", w.free.id).executeTakeFirstOrThrow()).name).toBe("Free Oy");
  });
});
