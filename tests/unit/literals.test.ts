import { DummyDriver, Kysely, PostgresAdapter, PostgresIntrospector, PostgresQueryCompiler } from "kysely";
import { describe, expect, it } from "vitest";
import { literalCount } from "#app/models/literals.server.ts";
import type { DB } from "#db/schema.ts";

// Only compiles: no database.
const kysely = new Kysely<DB>({
  dialect: {
    createAdapter: () => new PostgresAdapter(),
    createDriver: () => new DummyDriver(),
    createIntrospector: (db) => new PostgresIntrospector(db),
    createQueryCompiler: () => new PostgresQueryCompiler(),
  },
});

describe("literalCount", () => {
  it("writes a count into the statement instead of sending it as a parameter", () => {
    const compiled = kysely.selectFrom("accounts").select("id").limit(literalCount(8)).compile();
    expect(compiled.sql).toMatch(/ limit 8$/);
    expect(compiled.parameters).toEqual([]);
    expect(kysely.selectFrom("accounts").select("id").limit(literalCount(0)).compile().sql).toMatch(/ limit 0$/);
  });

  it("refuses anything but a count", () => {
    for (const bad of [-1, 2.5, Number.NaN, Number.POSITIVE_INFINITY, 2 ** 53]) {
      expect(() => literalCount(bad), String(bad)).toThrow(RangeError);
    }
  });
});
