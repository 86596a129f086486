import { sql, type UpdateObject } from "kysely";
import { CsvFileError, MAX_IMPORT_ROWS, parseCsv, scanCsv, type Delimiter } from "#app/domain/import/csv.ts";
import { checkMapping, suggestMapping, type ColumnMapping, type ImportKind } from "#app/domain/import/fields.ts";
import { mapRow, rowSchema, validateRow, type Cells } from "#app/domain/import/records.ts";
import type { Actor } from "#app/domain/permissions.ts";
import { TIME_ZONE } from "#app/domain/time.ts";
import type { Executor } from "#app/utils/db.server.ts";
import { NotFoundError } from "#app/utils/errors.server.ts";
import type { DB, ImportStatus } from "#db/schema.ts";
import { importErrors, type ImportTranslate, type ReasonRef } from "./messages.server.ts";
import { resolveRows, type ImportMode, type ImportWriter, type RowRejection } from "./shared.server.ts";
import { writers } from "./writers.server.ts";

// Import jobs from upload to queue: the file is kept in the job row, its columns
// are mapped to fields (the mapping remembered per source), and a preview checks
// the first rows as the import will. The worker (worker.server.ts) does the rest.

// For the upload route: the CSV reader stays out of the browser bundle behind this .server module.
export { CsvFileError, decodeCsvBytes, MAX_IMPORT_ROWS } from "#app/domain/import/csv.ts";

export const PREVIEW_ROWS = 20;

/** A value for a jsonb column, the same on both drivers (postgres.js would send a JS array as a Postgres array). */
const jsonb = (value: unknown) => sql`${JSON.stringify(value)}::jsonb`;

export interface StoredRowError extends ReasonRef {
  line: number;
  field: string;
  /** The file's column the field was read from ("" for the row as a whole). */
  column: string;
}

export interface PreviewError {
  field: string;
  column: string;
  reason: string;
}

/** A job as a page shows it: everything but the file. */
export async function getImportJob(executor: Executor, actor: Actor, jobId: string) {
  const job = await executor
    .selectFrom("import_jobs")
    .select([
      "id",
      "created_by",
      "kind",
      "source",
      "mode",
      "status",
      "phase",
      "file_name",
      "delimiter",
      "headers",
      "mapping",
      "total",
      "done",
      "inserted",
      "updated",
      "unchanged",
      "rejected",
      "errors",
      "failure",
      "attempts",
      "checkpoint",
      "created_at",
      "started_at",
      "finished_at",
    ])
    .where("id", "=", jobId)
    .executeTakeFirst();
  // Someone else's import is not there for this user (admins may look at any).
  if (!job || (job.created_by !== actor.id && actor.role !== "admin")) throw new NotFoundError("import");
  return {
    ...job,
    headers: job.headers as string[],
    mapping: job.mapping as ColumnMapping,
    errors: job.errors as StoredRowError[],
  };
}

export type ImportJobView = Awaited<ReturnType<typeof getImportJob>>;

export async function listRecentImports(executor: Executor, actor: Actor, limit = 10) {
  return executor
    .selectFrom("import_jobs")
    .select(["id", "kind", "source", "status", "file_name", "total", "inserted", "updated", "rejected", "created_at"])
    .where("created_by", "=", actor.id)
    .orderBy("created_at", "desc")
    .limit(limit)
    .execute();
}

/** The mappings remembered for a kind of import, by source name. */
export async function rememberedMapping(executor: Executor, kind: ImportKind, source: string): Promise<ColumnMapping> {
  if (!source) return {};
  const row = await executor
    .selectFrom("import_mappings")
    .select("mapping")
    .where("kind", "=", kind)
    .where("source", "=", source)
    .executeTakeFirst();
  return (row?.mapping as ColumnMapping | undefined) ?? {};
}

export async function listSources(executor: Executor, kind?: ImportKind) {
  return executor
    .selectFrom("import_mappings")
    .select(["kind", "source"])
    .$if(Boolean(kind), (qb) => qb.where("kind", "=", kind!))
    .orderBy("source")
    .limit(200)
    .execute();
}

/**
 * Keeps an uploaded file as a draft job: its separator and header are read and
 * its rows counted now, as a stream (a file that is not CSV, or has more than
 * MAX_IMPORT_ROWS rows, is refused here with CsvFileError), and a first mapping
 * is suggested from the source's remembered one or the header names.
 */
export async function createImportJob(
  executor: Executor,
  actor: Actor,
  input: { kind: ImportKind; source: string; fileName: string; text: string; mode?: ImportMode },
) {
  const parsed = await scanCsv(input.text, { maxRows: MAX_IMPORT_ROWS });
  if (parsed.rows === 0) throw new CsvFileError("noRows");
  const mapping = suggestMapping(input.kind, parsed.headers, await rememberedMapping(executor, input.kind, input.source));
  const job = await executor
    .insertInto("import_jobs")
    .values({
      created_by: actor.id,
      kind: input.kind,
      source: input.source,
      mode: input.mode ?? "all_or_nothing",
      file_name: input.fileName.slice(0, 200),
      file_text: input.text,
      delimiter: parsed.delimiter,
      headers: jsonb(parsed.headers),
      mapping: jsonb(mapping),
      total: parsed.rows,
    })
    .returning("id")
    .executeTakeFirstOrThrow();
  return job.id;
}

/** Saves the mapping (and mode) on a draft job and remembers it for the job's source. */
export async function saveImportMapping(
  executor: Executor,
  actor: Actor,
  jobId: string,
  input: { mapping: ColumnMapping; mode: ImportMode; source: string },
) {
  const job = await getImportJob(executor, actor, jobId);
  if (job.status !== "draft") throw new NotFoundError("draft import");
  const { mapping, missing } = checkMapping(job.kind, job.headers, input.mapping);
  await executor
    .updateTable("import_jobs")
    .set({ mapping: jsonb(mapping), mode: input.mode, source: input.source })
    .where("id", "=", jobId)
    .execute();
  if (input.source) {
    await executor
      .insertInto("import_mappings")
      .values({ kind: job.kind, source: input.source, mapping: jsonb(mapping), updated_by: actor.id })
      .onConflict((oc) =>
        oc.columns(["kind", "source"]).doUpdateSet({ mapping: jsonb(mapping), updated_by: actor.id, updated_at: sql`now()` }),
      )
      .execute();
  }
  return { mapping, missing };
}

/** Hands a draft to the worker; refused while a required field has no column. */
export async function queueImportJob(executor: Executor, actor: Actor, jobId: string) {
  const job = await getImportJob(executor, actor, jobId);
  const { missing } = checkMapping(job.kind, job.headers, job.mapping);
  if (job.status !== "draft" || missing.length) return { queued: false as const, missing };
  const queued = await moveJob(executor, jobId, ["draft"], {
    status: "queued",
    queued_at: sql`now()`,
    done: 0,
    phase: "checking",
    checkpoint: 0,
    attempts: 0,
  });
  return { queued, missing };
}

/**
 * After an all-or-nothing import refused some rows, imports the valid ones: the
 * same file and mapping, queued again in "valid rows" mode.
 */
export async function requeueValidRows(executor: Executor, actor: Actor, jobId: string) {
  const job = await getImportJob(executor, actor, jobId);
  if (job.status !== "rejected") return false;
  return moveJob(executor, jobId, ["rejected"], {
    status: "queued",
    mode: "valid_rows",
    queued_at: sql`now()`,
    started_at: null,
    finished_at: null,
    done: 0,
    phase: "checking",
    checkpoint: 0,
    attempts: 0,
    inserted: 0,
    updated: 0,
    unchanged: 0,
    rejected: 0,
    errors: jsonb([]),
    failure: "",
  });
}

/**
 * Stops a waiting or running job. A running one stops at its next chunk: the
 * chunks it committed stay written (writes are upserts by external id, so a
 * retry goes on from there without doubling anything).
 */
export async function cancelImportJob(executor: Executor, actor: Actor, jobId: string) {
  await getImportJob(executor, actor, jobId);
  return moveJob(executor, jobId, ["queued", "running"], { status: "cancelled", finished_at: sql`now()`, failure: "" });
}

/**
 * Queues a failed or cancelled job again, with fresh tries: it goes on after
 * its last committed chunk (an all-or-nothing job still checking starts its
 * check over; nothing of it was written).
 */
export async function retryImportJob(executor: Executor, actor: Actor, jobId: string) {
  await getImportJob(executor, actor, jobId);
  return moveJob(executor, jobId, ["failed", "cancelled"], {
    status: "queued",
    queued_at: sql`now()`,
    finished_at: null,
    attempts: 0,
    failure: "",
  });
}

/** Moves a job that is in one of the `from` states as `set` says; whether it moved (one that has moved meanwhile stays). */
async function moveJob(executor: Executor, jobId: string, from: ImportStatus[], set: UpdateObject<DB, "import_jobs">) {
  const result = await executor
    .updateTable("import_jobs")
    .set(set)
    .where("id", "=", jobId)
    .where("status", "in", from)
    .executeTakeFirst();
  return Number(result.numUpdatedRows) === 1;
}

export async function readJobFile(executor: Executor, jobId: string, maxRows?: number) {
  const row = await executor
    .selectFrom("import_jobs")
    .select(["file_text", "delimiter"])
    .where("id", "=", jobId)
    .executeTakeFirstOrThrow();
  return parseCsv(row.file_text, row.delimiter as Delimiter, { maxRows });
}

export interface PreviewRow {
  line: number;
  cells: Cells;
  errors: PreviewError[];
}

/**
 * The first rows of the file as the import will read them: mapped, checked by
 * the schema and against the database (does the account exist, may this user
 * write to it). Nothing is written.
 */
export async function previewImport(
  executor: Executor,
  actor: Actor,
  job: ImportJobView,
  t: ImportTranslate,
  now = new Date(),
): Promise<PreviewRow[]> {
  const file = await readJobFile(executor, job.id, PREVIEW_ROWS);
  const schema = rowSchema(job.kind, { zone: TIME_ZONE, now });
  const { errorMap } = importErrors(t);
  const column = (field: string) => job.mapping[field] ?? "";
  const preview: PreviewRow[] = [];
  const checked: { line: number; record: unknown }[] = [];
  for (const row of file.rows.slice(0, PREVIEW_ROWS)) {
    const mappedRow = mapRow(job.headers, job.mapping, row.values);
    if (!mappedRow.ok) {
      const reason = t("import.columnCount", { expected: mappedRow.expected, found: mappedRow.found });
      preview.push({ line: row.line, cells: {}, errors: [{ field: "", column: "", reason }] });
      continue;
    }
    const result = validateRow(schema, mappedRow.cells, errorMap);
    preview.push({
      line: row.line,
      cells: mappedRow.cells,
      errors: result.ok ? [] : result.errors.map((e) => ({ ...e, column: column(e.field) })),
    });
    if (result.ok) checked.push({ line: row.line, record: result.value });
  }
  const ctx = { actor, jobId: job.id, origin: { import_job: job.id }, mapping: job.mapping, t, text: t };
  const writer = writers[job.kind] as ImportWriter<unknown, { line: number }>;
  const { rejected } = await resolveRows(writer, executor, ctx, checked);
  for (const r of rejected as RowRejection[]) {
    preview.find((p) => p.line === r.line)?.errors.push({ field: r.field, reason: r.reason, column: column(r.field) });
  }
  return preview;
}
