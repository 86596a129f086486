import { CONSTANT_PREFIX } from "#app/domain/import/fields.ts";
import { en } from "#app/i18n/en.ts";
import { fi } from "#app/i18n/fi.ts";
import type { MessageKey } from "#app/i18n/index.ts";
import { csvRecords, type Delimiter } from "#app/domain/import/csv.ts";
import type { StoredRowError } from "./jobs.server.ts";
import { readJobFile } from "./jobs.server.ts";
import { reasonText, type ImportTranslate } from "./messages.server.ts";
import type { Executor } from "#app/utils/db.server.ts";

// The rejected rows of an import as a file to fix and import again: every
// column of the original file with its values as they were (so the fixed file
// imports with the same mapping), then three columns saying what is wrong: the
// line the row was on, the field (with the file's column) and the reason. The
// added columns match no field's header name in either language, so importing
// the fixed file ignores them; a file that already had them (a fixed errors
// file imported again) gets them afresh rather than twice.

const ADDED = ["import.errorsFile.line", "import.errorsFile.field", "import.errorsFile.reason"] as const satisfies MessageKey[];

/** The added columns' headers in either language, to recognise them in a file that already has them. */
export const ADDED_HEADERS = new Set(ADDED.flatMap((key) => [en[key], fi[key]]));

export interface RejectedRowsTable {
  delimiter: string;
  /** The header first, then one record per rejected line. */
  records: string[][];
}

/** The rejected rows of a job, read from its stored file, with their reasons in the reader's language. */
export async function rejectedRowsTable(
  executor: Executor,
  job: { id: string; errors: StoredRowError[] },
  t: ImportTranslate,
): Promise<RejectedRowsTable> {
  // The header from the file's first rows; the rejected rows found by reading it as a stream.
  const file = await readJobFile(executor, job.id, 0);
  const stored = await executor.selectFrom("import_jobs").select("file_text").where("id", "=", job.id).executeTakeFirstOrThrow();
  const byLine = new Map<number, StoredRowError[]>();
  for (const e of job.errors) byLine.set(e.line, [...(byLine.get(e.line) ?? []), e]);
  const kept = file.headers.map((h, i) => [h, i] as const).filter(([h]) => !ADDED_HEADERS.has(h));
  const where = (e: StoredRowError) => {
    const field = e.field ? t(`import.f.${e.field}`) : t("import.wholeRow");
    return e.column && !e.column.startsWith(CONSTANT_PREFIX) ? `${field} (${e.column})` : field;
  };
  const records = [[...kept.map(([h]) => h), ...ADDED.map((key) => t(key))]];
  let header = true;
  for await (const row of csvRecords(stored.file_text, file.delimiter as Delimiter)) {
    if (header) {
      header = false;
      continue;
    }
    const errors = byLine.get(row.line);
    if (!errors) continue;
    records.push([
      ...kept.map(([, i]) => row.values[i] ?? ""),
      String(row.line),
      errors.map(where).join(" | "),
      errors.map((e) => reasonText(t, e)).join(" | "),
    ]);
  }
  return { delimiter: file.delimiter, records };
}
