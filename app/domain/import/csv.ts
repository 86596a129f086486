// Reading an uploaded CSV file: refuse what is not UTF-8 text, find the
// separator from the header line, and split it into rows that know the line of
// the file they start on (so an error can say "line 14").
//
// csv-parse (the `csv` project by Adaltas, MIT, no dependencies, the parser most
// of npm uses, sibling of the csv-stringify the exports use) handles what
// hand-written splitting gets wrong: quoted fields with separators, doubled
// quotes and line breaks inside them, a byte-order mark, \r\n endings.
import { CsvError, parse, type InfoRecord } from "csv-parse/sync";

export type CsvProblem = "empty" | "binary" | "encoding" | "malformed" | "noRows";

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
  let records: CsvRow[];
  try {
    // Line endings made \n first (inside quoted fields too): csv-parse counts a \r\n
    // inside quotes as two lines, and a file may mix endings.
    const parsed = parse(text.replace(/\r\n?/g, "\n"), {
      bom: true,
      delimiter,
      relax_column_count: true,
      skip_empty_lines: true,
      raw: true,
      // A preview reads the header and its first rows only.
      ...(options.maxRows !== undefined ? { to: options.maxRows + 1 } : {}),
      // With `raw`, on_record is handed { record, raw }.
      on_record: ({ record, raw }: { record: string[]; raw: string }, context: InfoRecord) => {
        // context.lines is the line the record ends on; its raw text (without the
        // blank lines skipped before it) says how many lines it spans.
        const span = raw.replace(/^\n+/, "").replace(/\n$/, "").split("\n").length;
        return { line: context.lines - span + 1, values: record };
      },
      // The typings expect on_record to return the record type; ours wraps it with its line.
    } as never) as unknown as CsvRow[];
    records = parsed;
  } catch (error) {
    if (error instanceof CsvError) {
      const line = (error as CsvError & { lines?: number }).lines ?? null;
      throw new CsvFileError("malformed", line, error.message);
    }
    throw error;
  }
  const [header, ...rows] = records;
  if (!header || header.values.every((h) => h.trim() === "")) throw new CsvFileError("empty");
  return { delimiter, headers: uniqueHeaders(header.values), rows };
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
