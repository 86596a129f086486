import { describe, expect, it } from "vitest";
import { z } from "zod";
import { decodeCursor, encodeCursor, keysetPage } from "#app/utils/cursor.ts";
import { parseId } from "#app/web/params.ts";
import { safeRedirect } from "#app/web/session.server.ts";

describe("route params", () => {
  it("accepts a uuid and answers 404 for anything else", () => {
    expect(parseId("1b4e28ba-2fa1-4d2a-8b3c-9d0f6a1e2c3b")).toBe("1b4e28ba-2fa1-4d2a-8b3c-9d0f6a1e2c3b");
    for (const bad of [undefined, "", "1", "1b4e28ba-2fa1-4d2a-8b3c-9d0f6a1e2c3", "x' or '1'='1"]) {
      try {
        parseId(bad);
        expect.unreachable();
      } catch (e) {
        expect((e as Response).status).toBe(404);
      }
    }
  });

  it("round-trips keyset cursors and ignores forged ones", () => {
    const schema = z.tuple([z.string(), z.number()]);
    expect(decodeCursor(encodeCursor(["b", 2]), schema)).toEqual(["b", 2]);
    expect(decodeCursor("not base64 json", schema)).toBeNull();
    expect(decodeCursor(encodeCursor(["b", "2"]), schema)).toBeNull();
    expect(decodeCursor(null, schema)).toBeNull();
  });

  it("cuts a keyset page from limit + 1 rows, with the last row's cursor only when more follow", () => {
    const rows = [{ id: "a" }, { id: "b" }, { id: "c" }];
    const schema = z.tuple([z.string()]);
    const more = keysetPage(rows, 2, (last) => [last.id]);
    expect(more.page).toEqual([{ id: "a" }, { id: "b" }]);
    expect(decodeCursor(more.nextCursor, schema)).toEqual(["b"]);
    expect(keysetPage(rows, 3, (last) => [last.id])).toEqual({ page: rows, nextCursor: null });
    expect(keysetPage([], 2, (last: { id: string }) => [last.id])).toEqual({ page: [], nextCursor: null });
  });
});

describe("safeRedirect", () => {
  it("keeps same-site paths and refuses everything else", () => {
    expect(safeRedirect("/accounts?x=1")).toBe("/accounts?x=1");
    for (const bad of ["//evil.example", "https://evil.example", "/\\evil", "javascript:alert(1)", "", null, undefined]) {
      expect(safeRedirect(bad, "/home")).toBe("/home");
    }
  });
});
