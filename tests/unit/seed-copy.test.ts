import { describe, expect, it } from "vitest";
import { copyField, copyLines, textOf } from "#db/seed/copy.ts";

// COPY's text format (PostgreSQL docs, "COPY … File Formats"): fields split by a
// tab, rows by a newline, \N is null, and a backslash starts an escape, so a
// value's own backslashes, tabs, newlines and carriage returns are written as
// \\ \t \n \r. Everything else goes as it is (UTF-8 included).

describe("copyField", () => {
  it("writes null and undefined as \\N, and the string \\N so it stays a string", () => {
    expect(copyField(null)).toBe("\\N");
    expect(copyField(undefined)).toBe("\\N");
    expect(copyField("\\N")).toBe("\\\\N");
    expect(copyField("")).toBe("");
  });

  it("escapes backslash, tab, newline and carriage return in text, and nothing else", () => {
    expect(copyField("Kestilä Logistics Oy")).toBe("Kestilä Logistics Oy");
    expect(copyField("a\tb")).toBe("a\\tb");
    expect(copyField("line 1\nline 2\r\nline 3")).toBe("line 1\\nline 2\\r\\nline 3");
    expect(copyField("C:\\temp\\new")).toBe("C:\\\\temp\\\\new");
    expect(copyField('quote " and comma , and {braces}')).toBe('quote " and comma , and {braces}');
    expect(copyField("\\\t")).toBe("\\\\\\t");
  });

  it("writes booleans, numbers and bigints as PostgreSQL reads them", () => {
    expect(copyField(true)).toBe("true");
    expect(copyField(false)).toBe("false");
    expect(copyField(3)).toBe("3");
    expect(copyField(-0.25)).toBe("-0.25");
    expect(copyField(9007199254740993n)).toBe("9007199254740993");
    // Money stays the exact string the generator made.
    expect(copyField("125000.00")).toBe("125000.00");
  });

  it("writes a Date as its ISO instant (UTC) and a date string as it is", () => {
    expect(copyField(new Date("2026-11-23T12:00:00+02:00"))).toBe("2026-11-23T10:00:00.000Z");
    expect(copyField("2026-11-23")).toBe("2026-11-23");
  });

  it("writes an object as JSON, escaped for COPY", () => {
    expect(copyField({})).toBe("{}");
    expect(copyField({ outcome: "kept", delivered_on: "2026-01-02" })).toBe(
      '{"outcome":"kept","delivered_on":"2026-01-02"}',
    );
    // JSON's own escapes (\" \n \\) are backslashes, which COPY escapes again.
    expect(copyField({ note: 'said "no"\nthen \\ left', n: null })).toBe(
      '{"note":"said \\\\"no\\\\"\\\\nthen \\\\\\\\ left","n":null}',
    );
  });

  it('writes an array as an array literal: every element quoted, \\ and " escaped, NULL for null', () => {
    expect(copyField([])).toBe("{}");
    expect(copyField(["frustrated"])).toBe('{"frustrated"}');
    expect(copyField(["a,b", "c}d", null])).toBe('{"a,b","c}d",NULL}');
    // The literal {"x\"y","p\\q"} (escapes of the array syntax), then COPY's escape of each backslash.
    expect(textOf(['x"y', "p\\q"])).toBe('{"x\\"y","p\\\\q"}');
    expect(copyField(['x"y', "p\\q"])).toBe('{"x\\\\"y","p\\\\\\\\q"}');
    expect(copyField(["tab\there"])).toBe('{"tab\\there"}');
    expect(
      copyField([
        [1, 2],
        [3, null],
      ]),
    ).toBe('{{"1","2"},{"3",NULL}}');
  });

  it("writes a Buffer as bytea hex", () => {
    expect(textOf(Buffer.from([0, 255, 16]))).toBe("\\x00ff10");
    expect(copyField(Buffer.from([0, 255, 16]))).toBe("\\\\x00ff10");
  });

  it("refuses what has no text form", () => {
    expect(() => copyField(Symbol("x"))).toThrow(TypeError);
    expect(() => copyField(() => 1)).toThrow(TypeError);
  });
});

describe("copyLines", () => {
  it("writes one line per row in the columns' order, tab-separated, filling what a row leaves out", () => {
    const rows = [
      { id: "1", title: "Palaveri\tviikko 4", sentiment: null, emotion_tags: ["relieved"], shared: true },
      { id: "2", title: "Rivi\nkaksi", sentiment: -2, emotion_tags: [], shared: false, note: "x" },
    ];
    const text = [
      ...copyLines(["id", "title", "sentiment", "emotion_tags", "shared", "note"], rows, { note: "" }),
    ].join("");
    expect(text).toBe('1\tPalaveri\\tviikko 4\t\\N\t{"relieved"}\ttrue\t\n' + "2\tRivi\\nkaksi\t-2\t{}\tfalse\tx\n");
  });

  it("refuses a row that leaves out a column with no fill", () => {
    expect(() => [...copyLines(["id", "note"], [{ id: "1" }])]).toThrow(/note/);
  });

  it("cuts the text into chunks of whole lines", () => {
    const rows = Array.from({ length: 100 }, (_, i) => ({ id: String(i), text: "x".repeat(50) }));
    const chunks = [...copyLines(["id", "text"], rows, {}, 1_000)];
    expect(chunks.length).toBeGreaterThan(1);
    for (const chunk of chunks) expect(chunk.endsWith("\n")).toBe(true);
    expect(chunks.join("").split("\n")).toHaveLength(101);
  });
});
