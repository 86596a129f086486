import {
  DummyDriver,
  Kysely,
  PostgresAdapter,
  PostgresIntrospector,
  PostgresQueryCompiler,
  sql,
  type CompiledQuery,
} from "kysely";
import { describe, expect, it } from "vitest";
import { fixedStatement } from "#app/utils/fixed-statement.server.ts";
import type { DB } from "#db/schema.ts";

// A fixed statement (app/utils/fixed-statement.server.ts) runs the SQL and
// parameters Kysely would have compiled for the same arguments, on every call.

/** A Kysely handle on PostgreSQL's compiler that records what it is asked to run and answers no rows. */
function recordingDb() {
  const ran: CompiledQuery[] = [];
  const db = new Kysely<DB>({
    dialect: {
      createAdapter: () => new PostgresAdapter(),
      createDriver: () => new DummyDriver(),
      createIntrospector: (k) => new PostgresIntrospector(k),
      createQueryCompiler: () => new PostgresQueryCompiler(),
    },
    plugins: [
      {
        transformQuery: (args) => args.node,
        transformResult: async (args) => args.result,
      },
    ],
    log: (event) => {
      if (event.level === "query") ran.push(event.query);
    },
  });
  return { db, ran };
}

const build = (db: Kysely<DB>, tokenHash: string, minutes: number, limit: number) =>
  db
    .selectFrom("sessions as s")
    .innerJoin("users as u", "u.id", "s.user_id")
    .select(["s.id", "u.name"])
    .where("s.token_hash", "=", tokenHash)
    .where("s.revoked_at", "is", null)
    .where("u.role", "in", ["kam", "director"])
    .where("s.last_seen_at", ">", sql<Date>`now() - make_interval(mins => ${minutes})`)
    .orderBy("s.id")
    .limit(limit);

describe("a fixed statement", () => {
  it("runs what Kysely compiles for the same arguments, call after call", async () => {
    const { db, ran } = recordingDb();
    const statement = fixedStatement(build);
    const calls: [string, number, number][] = [
      ["hash-1", 30, 5],
      ["hash-2", 45, 1],
      ["kam", 30, 30], // an argument equal to a value of the statement
    ];
    for (const args of calls) {
      await statement(db, ...args);
      const expected = build(db, ...args).compile();
      expect(ran.at(-1)!.sql).toBe(expected.sql);
      expect(ran.at(-1)!.parameters).toEqual(expected.parameters);
    }
    expect(ran).toHaveLength(calls.length);
  });

  it("refuses an argument used for anything but a value", async () => {
    const { db } = recordingDb();
    const shaped = fixedStatement((k, role: string) =>
      k.selectFrom("users").select("id").where("role", "=", role ? "kam" : "director"),
    );
    await expect(shaped(db, "x")).rejects.toThrow(/did not become parameters/);
  });

  it("takes no argument that may be absent: a branch on its absence would be compiled in for the placeholder", () => {
    const optional = (k: Kysely<DB>, until: Date | undefined) =>
      k.selectFrom("users").select("id").$if(until !== undefined, (q) => q.where("created_at", "<=", until!));
    // @ts-expect-error -- an argument that may be undefined is refused by the type
    expect(typeof fixedStatement(optional)).toBe("function");
  });

  it("compiles again in a transaction (a new handle), with the same result", async () => {
    const { db, ran } = recordingDb();
    const statement = fixedStatement(build);
    await db.transaction().execute((trx) => statement(trx, "hash-3", 10, 2));
    const expected = build(db, "hash-3", 10, 2).compile();
    const run = ran.find((q) => q.sql === expected.sql)!;
    expect(run.parameters).toEqual(expected.parameters);
  });
});
