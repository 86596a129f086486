import fs from "node:fs";
import os from "node:os";
import path from "node:path";
import { sql } from "kysely";
import { afterAll, describe, expect, it } from "vitest";
import { createDatabase, errorText, resolveDataDir } from "#db/connection.ts";

// PGLITE_DATA_DIR through a symbolic link: PGlite cannot open one (it waited
// ~60 s, then the server said "Kohtaamo will not start: [object Object]").
// The real path is opened instead, and a link to nowhere is named in words.

const base = fs.realpathSync(fs.mkdtempSync(path.join(os.tmpdir(), "kohtaamo-datadir-")));
afterAll(() => fs.rmSync(base, { recursive: true, force: true }));

describe("the embedded database's data folder", () => {
  it("opens through a symbolic link, keeping its files in the folder the link points to", async () => {
    fs.mkdirSync(path.join(base, "real"));
    fs.symlinkSync(path.join(base, "real"), path.join(base, "link"));
    const database = createDatabase({ dataDir: path.join(base, "link", "pglite") });
    try {
      const { rows } = await sql<{ one: number }>`select 1 as one`.execute(database.db);
      expect(rows).toEqual([{ one: 1 }]);
    } finally {
      await database.close();
    }
    expect(fs.existsSync(path.join(base, "real", "pglite", "PG_VERSION"))).toBe(true);
  }, 120_000);

  it("resolves a link anywhere in the path, and leaves a path without links as it is", () => {
    fs.mkdirSync(path.join(base, "deep", "er"), { recursive: true });
    fs.symlinkSync(path.join(base, "deep"), path.join(base, "hop"));
    expect(resolveDataDir(path.join(base, "hop", "er", "new", "pglite"))).toBe(path.join(base, "deep", "er", "new", "pglite"));
    expect(resolveDataDir(path.join(base, "deep", "er"))).toBe(path.join(base, "deep", "er"));
  });

  it("names a link that points nowhere, in words", () => {
    fs.symlinkSync(path.join(base, "gone"), path.join(base, "dangling"));
    expect(() => createDatabase({ dataDir: path.join(base, "dangling") })).toThrow(
      `PGLITE_DATA_DIR: ${path.join(base, "dangling")} is a symbolic link to ${path.join(base, "gone")}, which does not exist.`,
    );
  });

  it("never describes an error as [object Object]", () => {
    expect(errorText({ name: "ErrnoError", errno: 44 })).toBe("ErrnoError: errno 44");
    expect(errorText(new Error("boom"))).toBe("boom");
    expect(errorText({ some: "thing" })).toBe('{"some":"thing"}');
    expect(errorText("text")).toBe("text");
  });
});
