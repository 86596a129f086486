import { describe, expect, it } from "vitest";
import { csvRecords, csvRowChunks, CsvFileError, decodeCsvBytes, parseCsv, scanCsv, sniffDelimiter } from "#app/domain/import/csv.ts";
import { checkMapping, IMPORT_FIELDS, IMPORT_KINDS, suggestMapping } from "#app/domain/import/fields.ts";
import { importErrorMap, mapRow, rowSchema, validateRow } from "#app/domain/import/records.ts";
import {
  parseBoolean,
  parseDateTime,
  parseDecimal,
  parseFinnishOrIsoDate,
  parseInteger,
  parseList,
} from "#app/domain/import/values.ts";
import { formatters, type MessageKey } from "#app/i18n/index.ts";
import { zodErrorMap } from "#app/i18n/validation.ts";
import { ADDED_HEADERS } from "#app/models/import/errors-file.server.ts";

const HELSINKI = "Europe/Helsinki";

describe("parseFinnishOrIsoDate", () => {
  it.each([
    ["31.12.2025", "2025-12-31"],
    ["1.2.2026", "2026-02-01"],
    ["01.02.2026.", "2026-02-01"],
    ["2025-12-31", "2025-12-31"],
    ["2025-1-5", "2025-01-05"],
    ["2025/12/31", "2025-12-31"],
    [" 29.2.2024 ", "2024-02-29"],
  ])("reads %s", (input, expected) => expect(parseFinnishOrIsoDate(input)).toBe(expected));

  it.each(["31.2.2025", "29.2.2025", "1.2.25", "12/31/2025", "2025-13-01", "tomorrow", "", "31.12.2025 10:00"])(
    "refuses %s",
    (input) => expect(parseFinnishOrIsoDate(input)).toBeNull(),
  );
});

describe("parseDateTime", () => {
  it("reads Finnish and ISO wall times in Helsinki", () => {
    expect(parseDateTime("31.12.2025 14.30", HELSINKI)?.toISOString()).toBe("2025-12-31T12:30:00.000Z");
    expect(parseDateTime("31.12.2025 klo 14:30", HELSINKI)?.toISOString()).toBe("2025-12-31T12:30:00.000Z");
    expect(parseDateTime("2025-06-30 09:15:20", HELSINKI)?.toISOString()).toBe("2025-06-30T06:15:20.000Z");
    expect(parseDateTime("2025-06-30T09:15", HELSINKI)?.toISOString()).toBe("2025-06-30T06:15:00.000Z");
  });

  it("reads a date alone as its midnight, and an offset exactly", () => {
    expect(parseDateTime("1.7.2025", HELSINKI)?.toISOString()).toBe("2025-06-30T21:00:00.000Z");
    expect(parseDateTime("2025-07-01T10:00:00Z", HELSINKI)?.toISOString()).toBe("2025-07-01T10:00:00.000Z");
    expect(parseDateTime("2025-07-01T10:00:00+02:00", HELSINKI)?.toISOString()).toBe("2025-07-01T08:00:00.000Z");
  });

  it.each(["31.12.2025 25.00", "31.12.2025 14", "2025-02-30T10:00", "soon", "2025-02-30T10:00:00Z"])("refuses %s", (v) =>
    expect(parseDateTime(v, HELSINKI)).toBeNull(),
  );
});

describe("parseDecimal", () => {
  it.each([
    ["1234,50", "1234.50"],
    ["1 234,50", "1234.50"],
    ["1\u00a0234,5 €", "1234.5"],
    ["1.234,50", "1234.50"],
    ["1,234.50", "1234.50"],
    ["-12,5", "-12.5"],
    ["\u221212,5", "-12.5"],
    ["+7", "7"],
    [",5", "0.5"],
    ["EUR 10", "10"],
    ["125000", "125000"],
  ])("reads %s as %s", (input, expected) => expect(parseDecimal(input)).toBe(expected));

  it.each(["", "abc", "1,234,567", "1.2.3", "12e3", "--1"])("refuses %s", (input) => expect(parseDecimal(input)).toBeNull());
});

describe("small readers", () => {
  it("reads integers, booleans and lists", () => {
    expect(parseInteger("+2")).toBe(2);
    expect(parseInteger("\u22122")).toBe(-2);
    expect(parseInteger("1.5")).toBeNull();
    expect(parseBoolean("Kyllä")).toBe(true);
    expect(parseBoolean("x")).toBe(true);
    expect(parseBoolean("EI")).toBe(false);
    expect(parseBoolean("maybe")).toBeNull();
    expect(parseList("a, b;c | |d")).toEqual(["a", "b", "c", "d"]);
  });
});

describe("CSV files", () => {
  it("finds the separator from the header line, ignoring quoted ones", () => {
    expect(sniffDelimiter("a;b;c\n1,5;2,5;3")).toBe(";");
    expect(sniffDelimiter('"a;x",b,c\n')).toBe(",");
    expect(sniffDelimiter("\uFEFFa\tb\tc")).toBe("\t");
    expect(sniffDelimiter("single")).toBe(",");
  });

  it("reads a BOM, quoted line breaks and blank lines, and knows each row's line", () => {
    const text = '\uFEFFName;Note;Amount\r\nAcme;"two\r\nlines";1,5\r\n\r\nBeta;"say ""hi""";2\r\n';
    const csv = parseCsv(text);
    expect(csv.delimiter).toBe(";");
    expect(csv.headers).toEqual(["Name", "Note", "Amount"]);
    expect(csv.rows).toEqual([
      { line: 2, values: ["Acme", "two\nlines", "1,5"] },
      { line: 5, values: ["Beta", 'say "hi"', "2"] },
    ]);
  });

  it("counts lines before the header, between rows and inside several quoted fields of one row", () => {
    const text = '\n\nName,Note,Other\nAcme,"a\nb","c\r\nd\re"\n\n\nBeta,x,y\n\n';
    expect(parseCsv(text).rows).toEqual([
      { line: 4, values: ["Acme", "a\nb", "c\nd\ne"] },
      { line: 10, values: ["Beta", "x", "y"] },
    ]);
  });

  it("reads only the first rows for a preview, however many blank lines come first", () => {
    expect(parseCsv("a;b\n1;2\n3;4\n5;6\n", ";", { maxRows: 2 }).rows.map((r) => r.values[0])).toEqual(["1", "3"]);
    const gappy = `a;b\n${"\n".repeat(7)}1;2\n\n3;4\n5;6\n`;
    expect(parseCsv(gappy, ";", { maxRows: 2 }).rows).toEqual([
      { line: 9, values: ["1", "2"] },
      { line: 11, values: ["3", "4"] },
    ]);
  });

  it("names blank headers and tells duplicates apart", () => {
    expect(parseCsv("a,,A\n1,2,3").headers).toEqual(["a", "Column 2", "A (2)"]);
  });

  it("refuses binary, non-UTF-8, empty and malformed files", () => {
    const problem = (fn: () => unknown) => {
      try {
        fn();
      } catch (e) {
        return e instanceof CsvFileError ? [e.problem, e.line] : ["other", null];
      }
      return null;
    };
    expect(problem(() => decodeCsvBytes(new Uint8Array([0x50, 0x4b, 0x03, 0x04, 0, 0])))).toEqual(["binary", null]);
    expect(problem(() => decodeCsvBytes(new Uint8Array([0x61, 0x3b, 0xe4, 0x0a])))).toEqual(["encoding", null]);
    expect(problem(() => decodeCsvBytes(new Uint8Array([])))).toEqual(["empty", null]);
    expect(problem(() => parseCsv('a,b\n1,"open\n2,3\n'))).toEqual(["malformed", 3]);
    expect(decodeCsvBytes(new TextEncoder().encode("\uFEFFa,b\n"))).toBe("a,b\n");
  });
});

describe("reading a file as a stream", () => {
  const all = async <T,>(it: AsyncIterable<T>) => {
    const out: T[] = [];
    for await (const x of it) out.push(x);
    return out;
  };
  // Long enough to cross the streaming reader's 64 KiB slices many times, with a \r\n and a
  // quoted line break on every boundary somewhere.
  const text = [
    "\uFEFFid;note;n",
    ...Array.from({ length: 6000 }, (_, i) => (i % 7 === 0 ? `${i};"two\r\nlines; quoted";${i}` : i % 11 === 0 ? "" : `${i};plain ${"x".repeat(i % 13)};${i}`)),
  ].join("\r\n");

  it("gives the rows and lines parseCsv gives, whatever falls on a slice boundary", async () => {
    const whole = parseCsv(text, ";");
    const streamed = await all(csvRecords(text, ";"));
    expect(streamed[0]).toEqual({ line: 1, values: ["id", "note", "n"] });
    expect(streamed.slice(1)).toEqual(whole.rows);
    // Every split point of a \r\n, one by one, on a text just over one slice.
    const small = `a;b\r\n${"1;2\r\n".repeat(16_400)}`;
    expect((await all(csvRecords(small, ";"))).length).toBe(16_401);
  });

  it("counts rows without keeping them, refuses past the limit, and names the line of a fault", async () => {
    expect(await scanCsv(text)).toEqual({ delimiter: ";", headers: ["id", "note", "n"], rows: parseCsv(text, ";").rows.length });
    await expect(scanCsv("a;b\n1;2\n3;4\n5;6\n", { maxRows: 2 })).rejects.toMatchObject({ problem: "tooManyRows" });
    expect(await scanCsv("a;b\n1;2\n3;4\n", { maxRows: 2 })).toMatchObject({ rows: 2 });
    await expect(scanCsv('a,b\n1,"open\n2,3\n')).rejects.toMatchObject({ problem: "malformed", line: 3 });
    await expect(scanCsv(" ; \n")).rejects.toMatchObject({ problem: "empty" });
  });

  it("hands rows over in chunks, after skipping those a resumed job has written", async () => {
    const file = `a;b\n${Array.from({ length: 25 }, (_, i) => `${i};x`).join("\n")}\n`;
    const chunks = await all(csvRowChunks(file, ";", 10));
    expect(chunks.map((c) => [c.start, c.rows.length, c.rows[0]!.line])).toEqual([
      [0, 10, 2],
      [10, 10, 12],
      [20, 5, 22],
    ]);
    const resumed = await all(csvRowChunks(file, ";", 10, 20));
    expect(resumed.map((c) => [c.start, c.rows.map((r) => r.values[0])])).toEqual([[20, ["20", "21", "22", "23", "24"]]]);
  });

  it("stops reading when the reader stops", async () => {
    const big = `a;b\n${"1;2\n".repeat(200_000)}`;
    let seen = 0;
    for await (const record of csvRecords(big, ";")) {
      seen = record.line;
      if (seen === 3) break;
    }
    expect(seen).toBe(3);
  });
});

describe("mapping and rows", () => {
  it("suggests columns by header in English or Finnish, remembered mapping first", () => {
    const headers = ["Asiakasnumero", "Laskunumero", "Laskun pvm", "Eräpäivä", "Summa", "Maksettu", "Tunniste"];
    const mapping = suggestMapping("touchpoints", headers);
    expect(mapping).toMatchObject({
      account: "Asiakasnumero",
      external_id: "Tunniste",
      invoice_number: "Laskunumero",
      occurred_at: "Laskun pvm",
      invoice_due_date: "Eräpäivä",
      invoice_amount: "Summa",
      invoice_paid_on: "Maksettu",
    });
    expect(suggestMapping("touchpoints", headers, { external_id: "Laskunumero" }).external_id).toBe("Laskunumero");
    expect(checkMapping("touchpoints", headers, { ...mapping, kind: "=invoice", title: "Nope" }).missing).toEqual([]);
    expect(checkMapping("touchpoints", headers, mapping).missing).toEqual(["kind"]);
  });

  it("has no field that archives an account: an \"Archived\" column is left unmapped (archiving is a director's, in the app)", () => {
    expect(IMPORT_FIELDS.accounts.map((field) => field.key).filter((key) => /archiv/i.test(key))).toEqual([]);
    const headers = ["Asiakasnumero", "Nimi", "Archived", "Arkistoitu", "archived_at"];
    expect(Object.values(suggestMapping("accounts", headers)).filter((c) => /arch|arkist/i.test(c ?? ""))).toEqual([]);
  });

  it("maps a row, refusing one with extra values", () => {
    const headers = ["a", "b"];
    expect(mapRow(headers, { account: "a", kind: "=invoice" }, ["X ", ""])).toEqual({ ok: true, cells: { account: "X", kind: "invoice" } });
    expect(mapRow(headers, { account: "a" }, ["X", "", ""])).toMatchObject({ ok: true });
    expect(mapRow(headers, { account: "a" }, ["X", "y", "z"])).toEqual({ ok: false, expected: 2, found: 3 });
  });

  it("checks an invoice row with Finnish values, and names each bad field", () => {
    const { t } = formatters("en");
    const tr = (key: string, params?: Record<string, string | number>) => t(key as MessageKey, params);
    const errorMap = importErrorMap(tr, zodErrorMap(t));
    const schema = rowSchema("touchpoints", { zone: HELSINKI, now: new Date("2026-01-15T10:00:00Z") });
    const good = validateRow(
      schema,
      {
        account: "C-1",
        external_id: "INV-1",
        kind: "Lasku",
        occurred_at: "1.12.2025",
        invoice_number: "1001",
        invoice_amount: "1 234,5",
        invoice_due_date: "31.12.2025",
        invoice_disputed: "ei",
      },
      errorMap,
    );
    expect(good).toMatchObject({
      ok: true,
      value: { kind: "invoice", invoice_amount: "1234.50", invoice_due_date: "2025-12-31", invoice_disputed: false },
    });
    const bad = validateRow(
      schema,
      { account: "C-1", external_id: "INV-2", kind: "invoice", occurred_at: "1.12.2025", invoice_number: "1002", invoice_amount: "12,3,4", invoice_due_date: "31.13.2025" },
      errorMap,
    );
    expect(bad).toEqual({
      ok: false,
      errors: [
        { field: "invoice_amount", reason: t("validation.number") },
        { field: "invoice_due_date", reason: t("import.invalidDate") },
      ],
    });
    const wrongKind = validateRow(schema, { account: "C", external_id: "1", kind: "fax", occurred_at: "1.1.2026", title: "x" }, errorMap);
    expect(wrongKind.ok ? null : wrongKind.errors[0]).toMatchObject({ field: "kind", reason: expect.stringContaining("meeting, call") });
    const future = validateRow(schema, { account: "C", external_id: "1", kind: "call", occurred_at: "1.1.2027", title: "x" }, errorMap);
    expect(future.ok ? null : future.errors).toEqual([{ field: "occurred_at", reason: t("import.inFuture") }]);
  });
});

describe("the rejected rows file", () => {
  it("adds columns that no field recognises by name, in either language, so a fixed file imports without them", () => {
    expect(ADDED_HEADERS.size).toBe(6);
    for (const kind of IMPORT_KINDS) expect([kind, suggestMapping(kind, [...ADDED_HEADERS])]).toEqual([kind, {}]);
  });
});
