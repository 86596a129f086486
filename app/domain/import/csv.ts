// Reading an uploaded CSV file: refuse what is not UTF-8 text, find the
// separator from the header line, and split it into rows that know the line of
// the file they start on (so an error can say "line 14").
//
// csv-parse (the `csv` project by Adaltas, MIT, no dependencies, the parser most
// of npm uses, sibling of the csv-stringify the exports use) handles what
// hand-written splitting gets wrong: quoted fields with separators, doubled
// quotes and line breaks inside them, a byte-order mark, \r\n endings.
//
// A whole file is read as a stream (`csvRecords`): one record at a time, so a
// file of a million rows costs the memory of one chunk of rows, not of the file
// split into a million arrays. `parseCsv` (everything at once) is for small
// texts and previews only.
import { parse as parseStream } from "csv-parse";
import { CsvError, parse } from "csv-parse/sync";

export type CsvProblem = "empty" | "binary" | "encoding" | "malformed" | "noRows" | "tooManyRows";

/**
 * The most data rows one import takes. A bigger file is refused at upload with a
 * message to split it. The import streams (its memory does not grow with the
 * file's rows) except for what it must remember per row of a file: each row's
 * key, to refuse a second row for the same record. At this limit that is a few
 * tens of MB; `npm run bench:import-drill` measures it.
 */
export const MAX_IMPORT_ROWS = 500_000;

/** A file that cannot be read as CSV at all; `line` where the parser gave up. */
export class CsvFileError extends Error {
  constructor(
    readonly problem: CsvProblem,
    readonly line: number | null = null,
    detail = "",
  ) {
    super(`CSV file refused (${problem}${line ? ` at line ${line}` : ""})${detail ? `: ${detail}` : ""}`);
    this.name = "CsvFileError";
  }
}

/**
 * The file's bytes as text. Refuses binary files (a NUL byte anywhere: a
 * spreadsheet saved as .xlsx, a PDF; no text file has one, and PostgreSQL cannot
 * store it) and bytes that are not UTF-8 (a file saved as Windows-1252/"ANSI").
 * A leading byte-order mark is dropped.
 */
export function decodeCsvBytes(bytes: Uint8Array): string {
  if (bytes.length === 0) throw new CsvFileError("empty");
  if (bytes.includes(0)) throw new CsvFileError("binary");
  let text: string;
  try {
    text = new TextDecoder("utf-8", { fatal: true, ignoreBOM: false }).decode(bytes);
  } catch {
    throw new CsvFileError("encoding");
  }
  if (text.trim() === "") throw new CsvFileError("empty");
  return text;
}

export type Delimiter = "," | ";" | "\t";
const DELIMITERS: Delimiter[] = [";", ",", "\t"];

/**
 * The separator of a CSV file, from its header line: the one of `;`, `,` and tab
 * that occurs most often outside quotes. Finnish spreadsheets write `;` (the comma
 * is the decimal separator); a tie or none at all means `,`.
 */
export function sniffDelimiter(text: string): Delimiter {
  const counts = new Map<Delimiter, number>(DELIMITERS.map((d) => [d, 0]));
  let quoted = false;
  for (const ch of text.replace(/^\uFEFF/, "")) {
    if (ch === '"') quoted = !quoted;
    else if (!quoted && (ch === "\n" || ch === "\r")) break;
    else if (!quoted && counts.has(ch as Delimiter)) counts.set(ch as Delimiter, counts.get(ch as Delimiter)! + 1);
  }
  let best: Delimiter = ",";
  let bestCount = 0;
  for (const d of DELIMITERS) {
    const n = counts.get(d)!;
    if (n > bestCount || (n === bestCount && n > 0 && d === ",")) {
      best = d;
      bestCount = n;
    }
  }
  return best;
}

export interface CsvRow {
  /** The line of the file the row starts on (the header is line 1). */
  line: number;
  values: string[];
}

export interface ParsedCsv {
  delimiter: Delimiter;
  /** Header names, made unique ("Amount", "Amount (2)") and never blank ("Column 3"). */
  headers: string[];
  rows: CsvRow[];
}

/** Splits CSV text into a header and rows. Blank lines are skipped; ragged rows are kept (the mapper reports them). */
export function parseCsv(text: string, delimiter: Delimiter = sniffDelimiter(text), options: { maxRows?: number } = {}): ParsedCsv {
  // Line endings made \n first (inside quoted fields too): csv-parse counts a \r\n
  // inside quotes as two lines, and a file may mix endings.
  const normalized = text.replace(/\r\n?/g, "\n");
  let records: CsvRow[];
  if (options.maxRows === undefined) records = readRecords(normalized, delimiter);
  else {
    // A preview reads the header and its first rows only; blank lines count toward
    // the records read, so read more until enough rows are found or the file ends.
    let limit = options.maxRows + 1;
    for (;;) {
      const read = readRecords(normalized, delimiter, limit);
      records = read;
      if (read.length >= options.maxRows + 1 || read.end) break;
      limit *= 2;
    }
  }
  const [header, ...rows] = records;
  if (!header || header.values.every((h) => h.trim() === "")) throw new CsvFileError("empty");
  return { delimiter, headers: uniqueHeaders(header.values), rows: options.maxRows === undefined ? rows : rows.slice(0, options.maxRows) };
}

/** The parser's refusal as the file's: malformed, at the line where the parser gave up. */
function asFileError(error: unknown): unknown {
  if (error instanceof CsvError) {
    const line = (error as CsvError & { lines?: number }).lines ?? null;
    return new CsvFileError("malformed", line, error.message);
  }
  return error;
}

/** The lines of the file a record takes: its own, and one more for each line break inside its quoted fields. */
function linesOf(values: readonly string[]): number {
  let lines = 1;
  for (const v of values) for (let i = v.indexOf("\n"); i !== -1; i = v.indexOf("\n", i + 1)) lines += 1;
  return lines;
}

/** A blank line, which the parser reads as a record of one empty field. */
function isBlank(values: readonly string[]): boolean {
  return values.length === 1 && values[0] === "";
}

/**
 * The non-blank records of the text with the line each starts on. Blank lines
 * are read as records of one empty field and dropped here, so that every line
 * is counted: a record spans one line plus the line breaks inside its quoted
 * fields. (This is several times faster than asking the parser for each
 * record's position.) `end` says whether the text was read to its end.
 */
function readRecords(text: string, delimiter: Delimiter, to?: number): CsvRow[] & { end: boolean } {
  let parsed: string[][];
  try {
    parsed = parse(text, {
      bom: true,
      delimiter,
      relax_column_count: true,
      skip_empty_lines: false,
      ...(to !== undefined ? { to } : {}),
    }) as string[][];
  } catch (error) {
    throw asFileError(error);
  }
  const rows: CsvRow[] = [];
  let line = 1;
  for (const values of parsed) {
    const start = line;
    line += linesOf(values);
    if (isBlank(values)) continue;
    rows.push({ line: start, values });
  }
  return Object.assign(rows, { end: to === undefined || parsed.length < to });
}

/** Characters of text handed to the streaming parser at a time. */
const SLICE = 64 * 1024;

/**
 * Every non-blank record of the text, header first, with the line each starts
 * on, read as a stream. Line endings are made \n slice by slice (as parseCsv
 * does for the whole text). A malformed file throws CsvFileError("malformed")
 * when the reading reaches the fault; stopping early (break) stops the parser.
 */
export async function* csvRecords(text: string, delimiter: Delimiter): AsyncGenerator<CsvRow> {
  function* slices() {
    let carry = "";
    for (let at = 0; at < text.length; at += SLICE) {
      let piece = carry + text.slice(at, at + SLICE);
      carry = "";
      // A \r\n split between two slices: the \r waits for the next one.
      if (piece.endsWith("\r") && at + SLICE < text.length) {
        carry = "\r";
        piece = piece.slice(0, -1);
      }
      yield piece.replace(/\r\n?/g, "\n");
    }
    if (carry) yield "\n";
  }
  const parser = parseStream({ bom: true, delimiter, relax_column_count: true, skip_empty_lines: false });
  // The text goes in a slice at a time, as the parser asks for more (its buffer drains).
  let stopped = false;
  const feed = async () => {
    for (const piece of slices()) {
      if (stopped) return;
      if (!parser.write(piece)) {
        await new Promise<void>((resume) => {
          const done = () => {
            parser.off("drain", done);
            parser.off("close", done);
            resume();
          };
          parser.on("drain", done);
          parser.on("close", done);
        });
      }
    }
    if (!stopped) parser.end();
  };
  const fed = feed().catch((error: unknown) => parser.destroy(error as Error));
  let line = 1;
  try {
    for await (const values of parser as AsyncIterable<string[]>) {
      const start = line;
      line += linesOf(values);
      if (isBlank(values)) continue;
      yield { line: start, values };
    }
  } catch (error) {
    throw asFileError(error);
  } finally {
    stopped = true;
    parser.destroy();
    await fed;
  }
}

export interface CsvScan {
  delimiter: Delimiter;
  headers: string[];
  /** Data rows (blank lines not counted). */
  rows: number;
}

/**
 * The header and the number of data rows of a file, read as a stream without
 * keeping the rows. Refuses a file of more than `maxRows` rows
 * (CsvFileError "tooManyRows") as soon as the row past the limit is read.
 */
export async function scanCsv(text: string, options: { maxRows?: number; delimiter?: Delimiter } = {}): Promise<CsvScan> {
  const delimiter = options.delimiter ?? sniffDelimiter(text);
  const maxRows = options.maxRows ?? MAX_IMPORT_ROWS;
  let headers: string[] | null = null;
  let rows = 0;
  for await (const record of csvRecords(text, delimiter)) {
    if (!headers) {
      if (record.values.every((h) => h.trim() === "")) throw new CsvFileError("empty");
      headers = uniqueHeaders(record.values);
      continue;
    }
    rows += 1;
    if (rows > maxRows) throw new CsvFileError("tooManyRows");
  }
  if (!headers) throw new CsvFileError("empty");
  return { delimiter, headers, rows };
}

/**
 * The data rows of a file in chunks of `size`, as a stream, after skipping the
 * first `skip` data rows (a job resumed after its last committed chunk).
 */
export async function* csvRowChunks(
  text: string,
  delimiter: Delimiter,
  size: number,
  skip = 0,
): AsyncGenerator<{ start: number; rows: CsvRow[] }> {
  let header = true;
  let index = 0;
  let chunk: CsvRow[] = [];
  let start = skip;
  for await (const record of csvRecords(text, delimiter)) {
    if (header) {
      header = false;
      continue;
    }
    index += 1;
    if (index <= skip) continue;
    chunk.push(record);
    if (chunk.length >= size) {
      yield { start, rows: chunk };
      start += chunk.length;
      chunk = [];
    }
  }
  if (chunk.length) yield { start, rows: chunk };
}

function uniqueHeaders(names: string[]): string[] {
  const seen = new Map<string, number>();
  return names.map((raw, i) => {
    const base = raw.trim() || `Column ${i + 1}`;
    const n = (seen.get(base.toLowerCase()) ?? 0) + 1;
    seen.set(base.toLowerCase(), n);
    return n === 1 ? base : `${base} (${n})`;
  });
}
