import { sql } from "kysely";
import type { Delimiter } from "#app/domain/import/csv.ts";
import { parseCsv, type CsvRow } from "#app/domain/import/csv.ts";
import type { ColumnMapping } from "#app/domain/import/fields.ts";
import { mapRow, rowSchema, validateRow } from "#app/domain/import/records.ts";
import type { Actor } from "#app/domain/permissions.ts";
import { TIME_ZONE } from "#app/domain/time.ts";
import { isLocale } from "#app/i18n/index.ts";
import { writeAudit } from "#app/utils/audit.server.ts";
import { database, db, type Trx } from "#app/utils/db.server.ts";
import { refreshAccountScores } from "#app/models/scores.server.ts";
import type { StoredRowError } from "./jobs.server.ts";
import { importErrors, importTranslator, parseReason, recordReason } from "./messages.server.ts";
import {
  databaseReason,
  type CheckedRow,
  type ImportWriter,
  type RowOutcome,
  type RowRejection,
  type WriteContext,
  type WrittenRow,
} from "./shared.server.ts";
import { writers } from "./writers.server.ts";

// The import worker. A queued job is claimed (FOR UPDATE SKIP LOCKED, so two
// server processes never take the same one) and run in ONE transaction, a chunk
// of rows at a time: each row is mapped and checked by its schema, then against
// the database (accounts, people, permissions, duplicates), and the chunk is
// written as multi-row upserts by external id. While the database writes one
// chunk, the next one is checked: the two run on different cores.
//
// All-or-nothing (the default) writes nothing if any row is refused: writing
// stops at the first refusal, the rest of the file is still checked so every
// bad row is listed, and the transaction is rolled back. "Valid rows" writes the
// good ones. A batch the database refuses is rolled back to its savepoint and
// retried row by row, so one bad row is named and never leaves the others
// half-written. Progress is kept on the job row (and in memory while the
// transaction is open: on the embedded database, which has one connection, the
// job row cannot be written until it commits).

export const BATCH_SIZE = 1_000;
/** Rows checked between two looks at the connection's replies (see `check`). */
const YIELD_EVERY = 200;
const PROGRESS_EVERY_MS = 500;
/** A running job whose worker has not been heard from for this long died with its process: it is queued again. */
export const STALE_AFTER_MS = 10 * 60_000;

export interface Progress {
  phase: "checking" | "writing";
  done: number;
  total: number;
}
const progressStore = globalThis as typeof globalThis & { __kohtaamoImportProgress?: Map<string, Progress> };
const liveProgress = (progressStore.__kohtaamoImportProgress ??= new Map());

/** Progress of a job running in this process, fresher than its row while the write transaction is open. */
export function importProgress(jobId: string): Progress | null {
  return liveProgress.get(jobId) ?? null;
}

export interface ImportRunOptions {
  /** Rows checked, resolved and written together (default BATCH_SIZE). */
  batchSize?: number;
  /** At most how often progress is written to the job row, in ms (default 500; 0: after every chunk). */
  persistEveryMs?: number;
  /** Called after each chunk is handed to the database (tests watch a job's progress with it). */
  onChunk?: (progress: Progress) => void | Promise<void>;
}

class AllOrNothingAbort extends Error {
  constructor() {
    super("A row was refused; nothing is written.");
  }
}

/** Claims the oldest queued job and runs it; returns its id, or null when none is waiting. */
export async function processNextImportJob(options: ImportRunOptions = {}): Promise<string | null> {
  const claimed = await sql<{ id: string }>`
    update import_jobs set status = 'running', started_at = now(), heartbeat_at = now()
    where id = (
      select id from import_jobs where status = 'queued'
      order by queued_at, id
      for update skip locked
      limit 1
    )
    returning id`.execute(db());
  const id = claimed.rows[0]?.id;
  if (!id) return null;
  await processImportJob(id, options);
  return id;
}

/** Runs one job to its end (done, rejected or failed). The job row records the outcome. */
export async function processImportJob(jobId: string, options: ImportRunOptions = {}): Promise<void> {
  try {
    await runJob(jobId, options);
  } catch (error) {
    console.error(`Import ${jobId} failed.`, error);
    await db()
      .updateTable("import_jobs")
      .set({
        status: "failed",
        failure: error instanceof Error ? error.message.slice(0, 1000) : String(error).slice(0, 1000),
        finished_at: sql`now()`,
      })
      .where("id", "=", jobId)
      .execute();
  } finally {
    liveProgress.delete(jobId);
  }
}

type Outcomes = Map<number, { accountId: string; outcome: RowOutcome }>;

async function runJob(jobId: string, options: ImportRunOptions) {
  const job = await db()
    .selectFrom("import_jobs as j")
    .innerJoin("users as u", "u.id", "j.created_by")
    .select(["j.id", "j.kind", "j.mode", "j.status", "j.file_text", "j.delimiter", "j.headers", "j.mapping", "j.file_name"])
    .select(["u.id as user_id", "u.role", "u.locale", "u.disabled_at"])
    .where("j.id", "=", jobId)
    .executeTakeFirstOrThrow();
  if (job.status !== "queued" && job.status !== "running") return;
  if (job.disabled_at) throw new Error("The user who started this import has been disabled.");
  await db()
    .updateTable("import_jobs")
    .set({ status: "running", started_at: sql`coalesce(started_at, now())`, heartbeat_at: sql`now()` })
    .where("id", "=", jobId)
    .execute();

  const t = recordReason;
  const { errorMap } = importErrors(t);
  const actor: Actor = { id: job.user_id, role: job.role };
  const mapping = job.mapping as ColumnMapping;
  const headers = job.headers as string[];
  const text = importTranslator(isLocale(job.locale) ? job.locale : "en");
  const ctx: WriteContext = { actor, jobId, origin: { import_job: jobId }, mapping, t, text };
  const file = parseCsv(job.file_text, job.delimiter as Delimiter);
  const total = file.rows.length;
  const progress = progressReporter(jobId, total, options.persistEveryMs ?? PROGRESS_EVERY_MS);
  const schema = rowSchema(job.kind, { zone: TIME_ZONE, now: new Date() });
  const writer = writers[job.kind] as ImportWriter<unknown, { line: number }>;
  const allOrNothing = job.mode === "all_or_nothing";
  const rejections: RowRejection[] = [];

  /**
   * Every row of a chunk through its schema. This runs while the database writes
   * the chunk before, so it pauses every few hundred rows: the write's next
   * statement (after its savepoint) goes out then, instead of after the whole chunk.
   */
  const check = async (rows: CsvRow[]) => {
    const checked: CheckedRow<unknown>[] = [];
    for (const [i, row] of rows.entries()) {
      if (i % YIELD_EVERY === YIELD_EVERY - 1) await new Promise((resume) => setImmediate(resume));
      const mappedRow = mapRow(headers, mapping, row.values);
      if (!mappedRow.ok) {
        rejections.push({ line: row.line, field: "", reason: t("import.columnCount", { expected: mappedRow.expected, found: mappedRow.found }) });
        continue;
      }
      const result = validateRow(schema, mappedRow.cells, errorMap);
      if (result.ok) checked.push({ line: row.line, record: result.value });
      else for (const e of result.errors) rejections.push({ line: row.line, ...e });
    }
    return checked;
  };

  const counts = { inserted: 0, updated: 0, unchanged: 0 };
  let written = false;
  try {
    await db()
      .transaction()
      .execute(async (trx) => {
        // The transaction's one connection does one piece of work at a time, in
        // order: the batch being written, then the next chunk's lookups.
        let tail: Promise<unknown> = Promise.resolve();
        const exclusive = <T>(work: () => Promise<T>): Promise<T> => {
          const run = tail.then(work);
          tail = run.catch(() => {});
          return run;
        };
        // (Only the resolver's lookups go through it: writing runs inside it.)
        const resolve = writer.resolver(trx, { ...ctx, exclusive });
        const outcomes: Outcomes = new Map();
        /** The rows written, for the writer's finishing step (only kept when it has one). */
        const accepted: { line: number }[] = [];
        const batchSize = Math.max(1, options.batchSize ?? BATCH_SIZE);
        const step = writer.wholeFile ? Math.max(total, 1) : batchSize;
        // The chunk being written (settled: it never rejects; a failure is kept in `failure`).
        let writing: Promise<void> = Promise.resolve();
        const failure: { error?: unknown } = {};
        try {
          for (let start = 0; start < total; start += step) {
            const chunk = file.rows.slice(start, start + step);
            // While the database writes the last chunk: this one is checked, resolved
            // (its lookups, if any, wait their turn) and turned into parameters.
            const checked = await check(chunk);
            const { ready, rejected } = await resolve(checked);
            rejections.push(...rejected);
            const prepared = writer.prepare && ready.length > 0 && ready.length <= batchSize ? writer.prepare(ctx, ready) : undefined;
            await writing;
            if ("error" in failure) throw failure.error;
            const done = start + chunk.length;
            // All-or-nothing after a refusal: the rest is only checked, to list every bad row.
            if (allOrNothing && rejections.length) {
              await progress.report("checking", done);
              continue;
            }
            writing = exclusive(() => writeChunk(trx, writer, ctx, ready, { allOrNothing, batchSize, prepared })).then(
              (result) => {
                for (const [line, o] of result.outcomes) outcomes.set(line, o);
                if (writer.finish) accepted.push(...ready.filter((r) => result.outcomes.has(r.line)));
                rejections.push(...result.refused);
              },
              (error: unknown) => {
                failure.error = error;
              },
            );
            await progress.report("writing", done);
            await options.onChunk?.({ ...importProgress(jobId)! });
          }
        } finally {
          // Nothing may outlive the transaction: a chunk still being written is waited for.
          await writing;
        }
        if ("error" in failure) throw failure.error;
        if (allOrNothing && rejections.length) throw new AllOrNothingAbort();

        for (const line of (await writer.finish?.(trx, ctx, accepted)) ?? []) {
          const o = outcomes.get(line);
          if (o && o.outcome === "unchanged") o.outcome = "updated";
        }
        const perAccount = new Map<string, { inserted: number; updated: number }>();
        for (const o of outcomes.values()) {
          counts[o.outcome] += 1;
          if (o.outcome === "unchanged") continue;
          const a = perAccount.get(o.accountId) ?? { inserted: 0, updated: 0 };
          a[o.outcome] += 1;
          perAccount.set(o.accountId, a);
        }
        // Each account the import changed: one audit event, and its scores once (not
        // per row). Two accounts at a time: one's figures are computed while the
        // other's rows are read (the connection still runs one query at a time).
        const changed = [...perAccount];
        let failed = false;
        const rescore = async () => {
          for (let next = changed.shift(); next && !failed; next = changed.shift()) {
            const [accountId, c] = next;
            try {
              await writeAudit(trx, {
                actorId: actor.id,
                accountId,
                entity: "import_job",
                entityId: jobId,
                action: `import_${job.kind}`,
                after: { file_name: job.file_name, ...c },
              });
              await refreshAccountScores(trx, accountId);
            } catch (error) {
              failed = true;
              throw error;
            }
          }
        };
        // Both finish before the transaction may end (a failure stops the other at its next account).
        const settled = await Promise.allSettled([rescore(), rescore()]);
        for (const r of settled) if (r.status === "rejected") throw r.reason;
        written = true;
      });
  } catch (error) {
    if (!(error instanceof AllOrNothingAbort)) throw error;
    counts.inserted = counts.updated = counts.unchanged = 0;
  }

  const errors: StoredRowError[] = rejections
    .map((r) => ({ line: r.line, field: r.field, column: r.field ? (mapping[r.field] ?? "") : "", ...parseReason(r.reason) }))
    .sort((a, b) => a.line - b.line);
  await db()
    .updateTable("import_jobs")
    .set({
      status: written ? "done" : "rejected",
      phase: "writing",
      done: total,
      ...counts,
      rejected: new Set(errors.map((e) => e.line)).size,
      errors: sql`${JSON.stringify(errors)}::jsonb`,
      finished_at: sql`now()`,
      heartbeat_at: sql`now()`,
    })
    .where("id", "=", jobId)
    .execute();
}

/**
 * Writes resolved rows in batches, each behind a savepoint. A refused batch is
 * rolled back and its rows written one by one to find the refused ones; in
 * all-or-nothing mode the first of them ends the writing (the transaction is
 * rolled back afterwards).
 */
async function writeChunk(
  trx: Trx,
  writer: ImportWriter<unknown, { line: number }>,
  ctx: WriteContext,
  ready: { line: number }[],
  { allOrNothing, batchSize, prepared }: { allOrNothing: boolean; batchSize: number; prepared?: unknown },
) {
  const outcomes: Outcomes = new Map();
  const refused: RowRejection[] = [];
  const record = (rows: WrittenRow[]) => {
    for (const r of rows) outcomes.set(r.line, { accountId: r.accountId, outcome: r.outcome });
  };
  for (let start = 0; start < ready.length; start += batchSize) {
    const batch = ready.slice(start, start + batchSize);
    // A chunk of one batch may come with its parameters made already.
    const made = start === 0 && ready.length <= batchSize ? prepared : undefined;
    const written = await attempt(trx, "import_batch", () => writer.write(trx, ctx, batch, made));
    if (written.ok) {
      record(written.value);
      continue;
    }
    for (const row of batch) {
      const one = await attempt(trx, "import_row", () => writer.write(trx, ctx, [row]));
      if (one.ok) record(one.value);
      else {
        refused.push({ line: row.line, ...databaseReason(ctx, one.error) });
        if (allOrNothing) return { outcomes, refused };
      }
    }
  }
  return { outcomes, refused };
}

/** Runs `fn` behind a savepoint: a database error rolls back just its work. */
async function attempt<T>(trx: Trx, name: string, fn: () => Promise<T>): Promise<{ ok: true; value: T } | { ok: false; error: unknown }> {
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

/**
 * Keeps the job's progress: in memory at once, on the job row at most every
 * `everyMs` when it is safe to use another connection (not on the embedded
 * database, whose one connection the import's transaction holds).
 */
function progressReporter(jobId: string, total: number, everyMs: number) {
  let lastPersist = 0;
  const persist = database().driver !== "pglite";
  return {
    async report(phase: Progress["phase"], done: number) {
      liveProgress.set(jobId, { phase, done, total });
      const now = Date.now();
      if (!persist || (now - lastPersist < everyMs && done < total)) return;
      lastPersist = now;
      await db()
        .updateTable("import_jobs")
        .set({ phase, done, heartbeat_at: sql`now()` })
        .where("id", "=", jobId)
        .execute();
    },
  };
}

export interface ImportWorker {
  /** Looks for queued jobs now rather than at the next tick. */
  wake(): void;
  /** Stops polling and waits for a job in progress to finish. */
  stop(): Promise<void>;
}

const workerStore = globalThis as typeof globalThis & { __kohtaamoImportWorker?: ImportWorker };

/**
 * Starts the in-process worker: jobs left running by a process that died are
 * queued again, then queued jobs are run one at a time, looked for every
 * `intervalMs` and whenever a page queues one (`wakeImportWorker`).
 */
export function startImportWorker(intervalMs = 2_000): ImportWorker {
  let running: Promise<void> | null = null;
  let stopped = false;
  let again = false;
  const tick = () => {
    if (stopped) return;
    if (running) {
      again = true;
      return;
    }
    running = (async () => {
      try {
        await requeueStaleJobs();
        while (!stopped && (await processNextImportJob())) {
          // keep going while jobs are waiting
        }
      } catch (error) {
        console.error("Imports: the worker failed to take a job.", error);
      } finally {
        running = null;
        if (again && !stopped) {
          again = false;
          setImmediate(tick);
        }
      }
    })();
  };
  const timer = setInterval(tick, intervalMs);
  timer.unref();
  setImmediate(tick);
  const worker: ImportWorker = {
    wake: tick,
    async stop() {
      stopped = true;
      clearInterval(timer);
      await running;
      if (workerStore.__kohtaamoImportWorker === worker) workerStore.__kohtaamoImportWorker = undefined;
    },
  };
  workerStore.__kohtaamoImportWorker = worker;
  return worker;
}

/** Nudges this process's worker, if one runs (tests call processNextImportJob themselves). */
export function wakeImportWorker(): void {
  workerStore.__kohtaamoImportWorker?.wake();
}

/** Queues again the jobs whose worker died (see STALE_AFTER_MS); the next run starts them over. */
export async function requeueStaleJobs() {
  // The embedded database is one process: a job still marked running was cut short.
  const pglite = database().driver === "pglite";
  await db()
    .updateTable("import_jobs")
    .set({ status: "queued", done: 0, phase: "checking" })
    .where("status", "=", "running")
    .$if(!pglite, (qb) => qb.where("heartbeat_at", "<", new Date(Date.now() - STALE_AFTER_MS)))
    .$if(pglite && liveProgress.size > 0, (qb) => qb.where("id", "not in", [...liveProgress.keys()]))
    .execute();
}
