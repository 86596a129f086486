import { sql } from "kysely";
import type { ColumnMapping } from "#app/domain/import/fields.ts";
import { db, type Trx } from "#app/utils/db.server.ts";
import type { StoredRowError } from "./jobs.server.ts";
import { ownJob, reason, type Lease } from "./job-lease.server.ts";
import { parseReason } from "./messages.server.ts";
import {
  databaseReason,
  type ImportWriter,
  type RowOutcome,
  type RowRejection,
  type WriteContext,
  type WrittenRow,
} from "./shared.server.ts";

// How the import worker writes a chunk of resolved rows and records it on the
// job: batches behind savepoints (a refused batch is written row by row to
// find the refused rows), the counts and reasons per chunk, and what each
// account gained for the finishing step.

/** Rejected-row reasons kept on a job (the rejected count has them all; the page and the file list these). */
export const MAX_STORED_ERRORS = 10_000;

type Counts = { inserted: number; updated: number; unchanged: number };

/** A chunk of an all-or-nothing import refused while writing (after the check passed). */
export class ChunkRefused extends Error {
  constructor(readonly rejections: RowRejection[]) {
    super("A row was refused while writing.");
  }
}

/** Rejected rows of a job, counted by line, their reasons kept up to MAX_STORED_ERRORS. */
export class RejectionList {
  lines = 0;
  private kept: RowRejection[] = [];
  private last = -1;
  add(rejections: RowRejection[]) {
    const sorted = [...rejections].sort((a, b) => a.line - b.line);
    for (const r of sorted) {
      if (r.line !== this.last) {
        this.lines += 1;
        this.last = r.line;
      }
      if (this.kept.length < MAX_STORED_ERRORS) this.kept.push(r);
    }
  }
  stored(mapping: ColumnMapping): StoredRowError[] {
    return storedErrors(this.kept, mapping);
  }
}

function storedErrors(rejections: RowRejection[], mapping: ColumnMapping): StoredRowError[] {
  return rejections
    .map((r) => ({
      line: r.line,
      field: r.field,
      column: r.field ? (mapping[r.field] ?? "") : "",
      ...parseReason(r.reason),
    }))
    .sort((a, b) => a.line - b.line);
}

/** Distinct lines among rejections (a row may have several reasons). */
const linesOf = (rejections: RowRejection[]) => new Set(rejections.map((r) => r.line)).size;

/**
 * In the chunk's transaction: its counts and rejected rows added to the job,
 * the checkpoint moved past it, and what it changed per account kept for the
 * finishing step. Reasons are appended while the job keeps fewer than
 * MAX_STORED_ERRORS.
 */
export async function recordChunk(
  trx: Trx,
  lease: Lease,
  chunk: { end: number; outcomes: WrittenRow[]; rejections: RowRejection[]; mapping: ColumnMapping },
) {
  const counts: Counts = { inserted: 0, updated: 0, unchanged: 0 };
  for (const o of chunk.outcomes) counts[o.outcome] += 1;
  await addAccountCounts(trx, lease.jobId, chunk.outcomes);
  const errors = storedErrors(chunk.rejections, chunk.mapping);
  await ownJob(trx, lease)
    .set({
      checkpoint: chunk.end,
      done: chunk.end,
      phase: "writing",
      inserted: sql`inserted + ${counts.inserted}`,
      updated: sql`updated + ${counts.updated}`,
      unchanged: sql`unchanged + ${counts.unchanged}`,
      rejected: sql`rejected + ${linesOf(chunk.rejections)}`,
      ...(errors.length
        ? {
            errors: sql`case when jsonb_array_length(errors) < ${MAX_STORED_ERRORS}
              then errors || ${JSON.stringify(errors.slice(0, MAX_STORED_ERRORS))}::jsonb else errors end`,
          }
        : {}),
    })
    .execute();
}

/** Per account, the rows a chunk inserted or updated (for the audit event and rescoring at the end). */
export async function addAccountCounts(
  trx: Trx,
  jobId: string,
  outcomes: { accountId: string; outcome: RowOutcome }[],
) {
  const perAccount = new Map<string, { inserted: number; updated: number }>();
  for (const o of outcomes) {
    if (o.outcome === "unchanged") continue;
    const a = perAccount.get(o.accountId) ?? { inserted: 0, updated: 0 };
    a[o.outcome] += 1;
    perAccount.set(o.accountId, a);
  }
  if (!perAccount.size) return;
  const rows = [...perAccount];
  await sql`
    insert into import_job_accounts (job_id, account_id, inserted, updated)
    select ${jobId}::uuid, u.account_id, u.inserted, u.updated
    from unnest(${rows.map(([id]) => id)}::uuid[], ${rows.map(([, c]) => c.inserted)}::int[], ${rows.map(([, c]) => c.updated)}::int[])
      as u(account_id, inserted, updated)
    on conflict (job_id, account_id) do update
      set inserted = import_job_accounts.inserted + excluded.inserted, updated = import_job_accounts.updated + excluded.updated`.execute(
    trx,
  );
}

/** All-or-nothing, refused while writing: the job stops at this chunk, the chunks before it stay written. */
export async function stopRefused(lease: Lease, rejections: RowRejection[], mapping: ColumnMapping, written: number) {
  const errors = storedErrors(rejections.slice(0, MAX_STORED_ERRORS), mapping);
  await ownJob(db(), lease)
    .set({
      status: "failed",
      failure: reason("import.failure.refusedWhileWriting", { line: errors[0]?.line ?? 0, written }),
      rejected: linesOf(rejections),
      errors: sql`${JSON.stringify(errors)}::jsonb`,
      finished_at: sql`now()`,
    })
    .execute();
}

/**
 * Writes resolved rows in batches, each behind a savepoint. A refused batch is
 * rolled back and its rows written one by one to find the refused ones; in
 * all-or-nothing mode the first of them ends the writing.
 */
export async function writeChunk(
  trx: Trx,
  writer: ImportWriter<unknown, { line: number }>,
  ctx: WriteContext,
  ready: { line: number }[],
  { allOrNothing, batchSize, prepared }: { allOrNothing: boolean; batchSize: number; prepared?: unknown },
) {
  const outcomes: WrittenRow[] = [];
  const refused: RowRejection[] = [];
  for (let start = 0; start < ready.length; start += batchSize) {
    const batch = ready.slice(start, start + batchSize);
    // Rows of one batch may come with its statement made already (writer.prepare, while the last was written).
    const made = start === 0 && ready.length <= batchSize ? prepared : undefined;
    const written = await attempt(trx, "import_batch", () => writer.write(trx, ctx, batch, made));
    if (written.ok) {
      for (const w of written.value) outcomes.push(w);
      continue;
    }
    for (const row of batch) {
      const one = await attempt(trx, "import_row", () => writer.write(trx, ctx, [row]));
      if (one.ok) for (const w of one.value) outcomes.push(w);
      else {
        refused.push({ line: row.line, ...databaseReason(ctx, one.error) });
        if (allOrNothing) return { outcomes, refused };
      }
    }
  }
  return { outcomes, refused };
}

/** Runs `fn` behind a savepoint: a database error rolls back just its work. */
async function attempt<T>(
  trx: Trx,
  name: string,
  fn: () => Promise<T>,
): Promise<{ ok: true; value: T } | { ok: false; error: unknown }> {
  await sql`savepoint ${sql.id(name)}`.execute(trx);
  try {
    const value = await fn();
    await sql`release savepoint ${sql.id(name)}`.execute(trx);
    return { ok: true, value };
  } catch (error) {
    if (!isDataError(error)) throw error;
    await sql`rollback to savepoint ${sql.id(name)}`.execute(trx);
    return { ok: false, error };
  }
}

/** Errors about a row's data (constraints, values out of range), as opposed to the database being unavailable. */
function isDataError(error: unknown): boolean {
  const code = (error as { code?: unknown }).code;
  return typeof code === "string" && (code.startsWith("22") || code.startsWith("23"));
}
