import { sql } from "kysely";
import { describe, expect, it } from "vitest";
import { generateAccount, generatePortalUsers, generateUsers, kamsOf, SEED_SIZES } from "#db/seed/generate.ts";
import { demoSignIns } from "#app/models/demo-sign-ins.server.ts";
import { hashPassword } from "#app/utils/password.server.ts";
import { insertBatched, SeedLoader } from "#db/seed/load.ts";
import { db } from "#app/utils/db.server.ts";

const today = new Date("2026-11-23T12:00:00Z");

describe("loading generated data", () => {
  it("writes accounts with all their rows, keeping every database constraint", async () => {
    const users = generateUsers(SEED_SIZES.demo, 11, "not-a-real-hash");
    const base = { size: SEED_SIZES.demo, seed: 11, today, kams: kamsOf(users) };
    const portalUsers = generatePortalUsers(base, "not-a-real-hash", 3);
    await insertBatched(db(), "users", [...users, ...portalUsers.filter((u) => u !== undefined)]);
    const ctx = { ...base, portalUsers };
    // A small flush threshold makes the loader write in several transactions.
    const loader = new SeedLoader(db(), 3_000);
    const expected = { touchpoints: 0, expectations: 0 };
    for (let i = 0; i < 6; i++) {
      const rows = generateAccount(i, ctx);
      expected.touchpoints += rows.touchpoints.length;
      expected.expectations += rows.expectations.length;
      await loader.add(rows);
    }
    await loader.flush();

    const count = (table: "accounts" | "touchpoints" | "expectations") =>
      db().selectFrom(table).select(sql<number>`count(*)::int`.as("n")).executeTakeFirstOrThrow().then((r) => r.n);
    expect(await count("accounts")).toBe(6);
    expect(await count("touchpoints")).toBe(expected.touchpoints);
    expect(await count("expectations")).toBe(expected.expectations);
    expect(loader.counts.touchpoints).toBe(expected.touchpoints);

    const kestila = await db()
      .selectFrom("accounts")
      .innerJoin("users", "users.id", "accounts.owner_id")
      .select(["accounts.name", "users.email"])
      .where("accounts.name", "=", "Kestilä Logistics Oy")
      .executeTakeFirstOrThrow();
    expect(kestila.email).toBe("kam@pohjola.example");
    const access = await db().selectFrom("portal_access").selectAll().execute();
    expect(access).toHaveLength(3);
    // Not the demo password: a database like this one lists no demo sign-ins.
    expect(await demoSignIns(db())).toBeNull();
  });

  it("lists the demo sign-ins, customers with their accounts, when the database is the demo", async () => {
    const hash = await hashPassword("kohtaamo-demo");
    const users = generateUsers(SEED_SIZES.demo, 11, hash);
    const base = { size: SEED_SIZES.demo, seed: 11, today, kams: kamsOf(users) };
    const portalUsers = generatePortalUsers(base, hash, 2);
    await insertBatched(db(), "users", [...users, ...portalUsers.filter((u) => u !== undefined)]);
    const loader = new SeedLoader(db(), 50_000);
    for (let i = 0; i < 2; i++) await loader.add(generateAccount(i, { ...base, portalUsers }));
    await loader.flush();
    const lines = (await demoSignIns(db()))!;
    expect(lines[0]).toBe('Demo sign-ins (password "kohtaamo-demo"):');
    expect(lines.join("\n")).toMatch(/admin@pohjola\.example +administrator/);
    expect(lines.join("\n")).toMatch(/director@pohjola\.example +sales director/);
    expect(lines.join("\n")).toMatch(/kam@pohjola\.example +key account manager/);
    expect(lines[4]).toMatch(/^ {2}customer@kestila\.example +customer portal of Kestilä Logistics Oy$/);
    expect(lines).toHaveLength(6);
  });
});
