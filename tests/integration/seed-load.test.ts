import { sql } from "kysely";
import { describe, expect, it } from "vitest";
import { generateAccount, generatePortalUser, generateUsers, kamsOf, SEED_SIZES } from "#db/seed/generate.ts";
import { insertBatched, SeedLoader } from "#db/seed/load.ts";
import { db } from "#app/utils/db.server.ts";

const today = new Date("2026-11-23T12:00:00Z");

describe("loading generated data", () => {
  it("writes accounts with all their rows, keeping every database constraint", async () => {
    const users = generateUsers(SEED_SIZES.demo, 11, "not-a-real-hash");
    const portalUser = generatePortalUser(11, "not-a-real-hash");
    await insertBatched(db(), "users", [...users, portalUser]);
    const ctx = { size: SEED_SIZES.demo, seed: 11, today, kams: kamsOf(users), portalUser };
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
    expect(access).toHaveLength(1);
  });
});
