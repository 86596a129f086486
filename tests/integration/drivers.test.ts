import { sql } from "kysely";
import { describe, expect, it } from "vitest";
import { db } from "#app/utils/db.server.ts";
import { createAccount, createTouchpoint, createUser } from "#tests/factories/index.ts";
import { testDriver } from "#tests/setup/test-db.ts";

// The suite runs on PGlite and on a real server (CI runs both); these assertions
// pin the one shape every value type comes back in, whichever driver is used.
describe(`values come back the same (${testDriver()})`, () => {
  it("returns timestamps as Date, dates as strings, numerics as strings, bigints as numbers", async () => {
    const { rows } = await sql<{
      ts: Date;
      d: string;
      n: string;
      big: number;
      cnt: number;
      j: unknown;
      arr: string[];
    }>`select '2025-12-31T22:30:00Z'::timestamptz as ts, '2025-12-31'::date as d, 1234.50::numeric(14,2) as n,
         9007199254740991::bigint as big, count(*) as cnt, '{"a":[1,"x"],"b":null}'::jsonb as j,
         array['relieved','valued']::text[] as arr`.execute(db());
    const row = rows[0]!;
    expect(row.ts).toBeInstanceOf(Date);
    expect(row.ts.toISOString()).toBe("2025-12-31T22:30:00.000Z");
    expect(row.d).toBe("2025-12-31");
    expect(row.n).toBe("1234.50");
    expect(row.big).toBe(9007199254740991);
    expect(row.cnt).toBe(1);
    expect(row.j).toEqual({ a: [1, "x"], b: null });
    expect(row.arr).toEqual(["relieved", "valued"]);
  });

  it("refuses a bigint that would lose precision rather than rounding it", async () => {
    await expect(sql`select 9007199254740993::bigint as big`.execute(db())).rejects.toThrow(/does not fit/);
  });

  it("round-trips table values through Kysely with the same shapes", async () => {
    const owner = await createUser(db());
    const account = await createAccount(db(), { owner_id: owner.id, contract_value: "99.90", renewal_date: "2027-02-28" });
    const occurred = new Date("2026-01-15T08:00:00Z");
    await createTouchpoint(db(), { account_id: account.id, occurred_at: occurred, emotion_tags: ["relieved"] });
    const a = await db().selectFrom("accounts").selectAll().where("id", "=", account.id).executeTakeFirstOrThrow();
    expect(a.contract_value).toBe("99.90");
    expect(a.renewal_date).toBe("2027-02-28");
    expect(a.created_at).toBeInstanceOf(Date);
    const t = await db().selectFrom("touchpoints").selectAll().where("account_id", "=", account.id).executeTakeFirstOrThrow();
    expect(new Date(t.occurred_at).toISOString()).toBe(occurred.toISOString());
    expect(t.emotion_tags).toEqual(["relieved"]);
    const audit = await db()
      .insertInto("audit_events")
      .values({ entity: "test", entity_id: "1", action: "check", after: { nested: { ok: true } } })
      .returning(["id", "after"])
      .executeTakeFirstOrThrow();
    expect(typeof audit.id).toBe("number");
    expect(audit.after).toEqual({ nested: { ok: true } });
  });
});

describe(`connection settings (${testDriver()})`, () => {
  it("runs without PostgreSQL's JIT, whose compile time dwarfs these short queries", async () => {
    // The server connections turn it off (db/connection.ts); PGlite is built without it.
    const { rows } = await sql<{ jit: string; available: boolean }>`select current_setting('jit') as jit, pg_jit_available() as available`.execute(db());
    if (testDriver() === "postgres") expect(rows[0]!.jit).toBe("off");
    else expect(rows[0]!.available).toBe(false);
  });
});
