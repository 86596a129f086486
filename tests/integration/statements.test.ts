import { sql } from "kysely";
import { afterEach, describe, expect, it } from "vitest";
import { db } from "#app/utils/db.server.ts";
import { testDriver } from "#tests/setup/test-db.ts";

// On PGlite each statement text is prepared once and run again by name
// (db/pglite-queries.ts); on a server each is parsed every time. These pin what
// a caller sees as the same on both: parameters, a table that changes shape,
// failures, a text with two statements, and many different texts.
describe(`statements run the same whichever driver (${testDriver()})`, () => {
  const table = "statements_test_scratch";
  afterEach(async () => {
    await sql`drop table if exists ${sql.table(table)}`.execute(db());
  });

  it("serializes every kind of parameter by the type the statement gives it", async () => {
    const at = new Date("2026-03-29T00:30:00Z");
    const { rows } = await sql<{
      d: string;
      ts: Date;
      j: unknown;
      arr: string[];
      b: boolean;
      n: number;
      none: null;
      num: string;
    }>`
      select ${"2026-02-28"}::date as d, ${at}::timestamptz as ts, ${JSON.stringify({ a: [1, "x"] })}::jsonb as j,
             ${["relieved", "val,ued"]}::text[] as arr, ${true}::boolean as b, ${41}::int + 1 as n,
             ${null}::text as none, ${"12.50"}::numeric(10,2) as num`.execute(db());
    expect(rows).toEqual([
      {
        d: "2026-02-28",
        ts: at,
        j: { a: [1, "x"] },
        arr: ["relieved", "val,ued"],
        b: true,
        n: 42,
        none: null,
        num: "12.50",
      },
    ]);
  });

  it("returns a table's new shape to a statement run before the table changed", async () => {
    await sql`create table ${sql.table(table)} (id int primary key)`.execute(db());
    await sql`insert into ${sql.table(table)} values (1)`.execute(db());
    const read = () => sql<Record<string, unknown>>`select * from ${sql.table(table)} where id = ${1}`.execute(db());
    // Often enough for PostgreSQL to settle on a plan for the prepared statement.
    for (let i = 0; i < 7; i++) expect((await read()).rows).toEqual([{ id: 1 }]);
    await sql`alter table ${sql.table(table)} add column note text not null default 'added'`.execute(db());
    expect((await read()).rows).toEqual([{ id: 1, note: "added" }]);
    // A long text (past what PGlite keeps prepared) that changes the table counts the same.
    const padding = sql.raw(`/* ${"x".repeat(20_000)} */`);
    await sql`alter table ${sql.table(table)} add column more int not null default 2 ${padding}`.execute(db());
    expect((await read()).rows).toEqual([{ id: 1, note: "added", more: 2 }]);
  });

  it("leaves the connection ready after a failing statement, in a transaction or not", async () => {
    await expect(sql`select 1 / ${0}::int as n`.execute(db())).rejects.toMatchObject({ code: "22012" });
    expect((await sql<{ n: number }>`select ${2}::int as n`.execute(db())).rows).toEqual([{ n: 2 }]);
    await sql`create table ${sql.table(table)} (id int primary key)`.execute(db());
    await expect(
      db()
        .transaction()
        .execute(async (trx) => {
          await sql`insert into ${sql.table(table)} values (${1})`.execute(trx);
          await sql`insert into ${sql.table(table)} values (${1})`.execute(trx);
        }),
    ).rejects.toMatchObject({ code: "23505" });
    // The transaction's first insert went with it.
    expect((await sql`select * from ${sql.table(table)}`.execute(db())).rows).toEqual([]);
  });

  it("refuses a text with two statements", async () => {
    await expect(sql.raw("select 1; select 2").execute(db())).rejects.toMatchObject({ code: "42601" });
  });

  it("answers each of many different texts with its own rows, the first again after all the others", async () => {
    const run = async (i: number) =>
      (
        await sql<{ n: number; tag: string }>`select ${sql.raw(String(i))}::int as n, ${`t${i}`}::text as tag`.execute(
          db(),
        )
      ).rows;
    for (let i = 0; i < 400; i++) expect(await run(i)).toEqual([{ n: i, tag: `t${i}` }]);
    expect(await run(0)).toEqual([{ n: 0, tag: "t0" }]);
  });
});
