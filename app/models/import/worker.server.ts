import { sql } from "kysely";
import { csvRowChunks, type CsvRow, type Delimiter } from "#app/domain/import/csv.ts";
import type { ColumnMapping } from "#app/domain/import/fields.ts";
import { mapRow, rowSchema, validateRow } from "#app/domain/import/records.ts";
import type { Actor } from "#app/domain/permissions.ts";
import { TIME_ZONE } from "#app/domain/time.ts";
import { isLocale } from "#app/i18n/index.ts";
import { database, db } from "#app/utils/db.server.ts";
import { errorText } from "#db/connection.ts";
import { startPoller, type Poller } from "#app/models/poller.server.ts";
import {
  afterStoppedTry,
  beat,
  holdJob,
  LeaseLost,
  MAX_ATTEMPTS,
  ownJob,
  reason,
  stopTry,
  TimeLimitReached,
  type Lease,
} from "./job-lease.server.ts";
import { importErrors, importTranslator, recordReason } from "./messages.server.ts";
import { linkRows, loadJob, tryEveryChunk, writeChunks, type Job, type Progress, type Run } from "./passes.server.ts";
import { settleAccounts, settleStoppedJobs } from "./settle.server.ts";
import type { CheckedRow, ImportWriter, RowRejection, WriteContext } from "./shared.server.ts";
import { writers } from "./writers.server.ts";

// The import worker. A queued job is claimed (FOR UPDATE SKIP LOCKED, so two
// server processes never take the same one) and its file read as a stream, a
// chunk of rows at a time: each row is mapped and checked by its schema, then
// against the database (accounts, people, permissions, duplicates), and the
// chunk is written as multi-row upserts by external id in a transaction of its
// own, which also records the job's progress (`checkpoint`), its counts and
// the rejected rows. Memory holds one chunk, not the file; between two chunks
// the database is free for everyone else — on the embedded database (one
// connection) pages answer while an import runs.
//
// All-or-nothing (the default) writes nothing if any row is refused. It first
// TRIES every chunk — written in a transaction that is then rolled back — so
// rows the database refuses (its constraints, a confirmed delivery reopened)
// are found too, and every bad row is listed. Only when every row passed is the
// file written, chunk by chunk. Should a row be refused in that second pass
// (only when someone changed the same records in between), the import stops
// there: the chunks before it stay written, the job says so, and Retry goes on
// from that chunk. "Valid rows" writes the good rows in one pass.
//
// A job resumes after its last committed chunk (a restart, a retry): rows
// before the checkpoint are read and checked again (duplicates need them) but
// not written again; writes are upserts by external id, so nothing doubles.
// The finishing step — links between rows of the file (a stakeholder's
// manager), then one audit event and one rescoring per account changed, each
// in its own transaction — is repeatable too.
//
// A job whose worker dies (heartbeat older than STALE_AFTER_MS) or outlasts
// its time limit is queued again once; the second time it is failed with the
// reason, never retried forever. Cancel stops a job at its next chunk.
//
// The passes over the file (trying, writing, linking) are passes.server.ts.

/** Rows read, checked, resolved and written together: one transaction. */
export const BATCH_SIZE = 1_000;
/** Rows checked between two yields to the event loop (pages are served in between). */
const YIELD_EVERY = 200;
const PROGRESS_EVERY_MS = 1_000;
/** How often a running job tells it is alive, whatever it is doing. */
export const HEARTBEAT_MS = 10_000;
/** A running job not heard from for this long lost its worker: it is queued again (or failed, after MAX_ATTEMPTS). */
export const STALE_AFTER_MS = 45_000;
/** How long one try may run before it is stopped (and counted as a try). */
export const JOB_TIME_LIMIT_MS = 2 * 60 * 60_000;
export { MAX_ATTEMPTS } from "./job-lease.server.ts";
export { MAX_STORED_ERRORS } from "./chunk-writes.server.ts";
export { settleStoppedJobs };

export type { Progress };
const progressStore = globalThis as typeof globalThis & { __kohtaamoImportProgress?: Map<string, Progress> };
const liveProgress = (progressStore.__kohtaamoImportProgress ??= new Map());

/** Progress of a job running in this process (fresher than its row between two chunks). */
export function importProgress(jobId: string): Progress | null {
  return liveProgress.get(jobId) ?? null;
}

export interface ImportRunOptions {
  /** Rows checked, resolved and written together (default BATCH_SIZE). */
  batchSize?: number;
  /** At most how often progress is written to the job row while checking, in ms (default 1000; 0: after every chunk). */
  persistEveryMs?: number;
  /** Called after each chunk is checked or written (tests watch a job's progress with it). */
  onChunk?: (progress: Progress) => void | Promise<void>;
  /** The time limit of this try (default JOB_TIME_LIMIT_MS). */
  timeLimitMs?: number;
}

/** Claims the oldest queued job and runs it; returns its id, or null when none is waiting. */
export async function processNextImportJob(options: ImportRunOptions = {}): Promise<string | null> {
  const claimed = await sql<{ id: string; attempts: number }>`
    update import_jobs set status = 'running', attempts = attempts + 1, failure = '',
      started_at = coalesce(started_at, now()), heartbeat_at = now()
    where id = (
      select id from import_jobs where status = 'queued'
      order by queued_at, id
      for update skip locked
      limit 1
    )
    returning id, attempts`.execute(db());
  const job = claimed.rows[0];
  if (!job) return null;
  await processImportJob(job.id, job.attempts, options);
  return job.id;
}

/** Runs one try of a claimed job to its end (done, rejected, failed, cancelled, or queued again). */
async function processImportJob(jobId: string, attempt: number, options: ImportRunOptions): Promise<void> {
  const lease = { jobId, attempt };
  liveProgress.set(jobId, { phase: "checking", done: 0, total: 0 });
  const heartbeat = setInterval(() => {
    void beat(lease).catch(() => {});
  }, HEARTBEAT_MS);
  heartbeat.unref();
  try {
    await runJob(lease, options);
  } catch (error) {
    if (error instanceof LeaseLost) return;
    if (error instanceof TimeLimitReached) {
      await stopTry(lease, "import.failure.timedOutTwice", {
        minutes: Math.round((options.timeLimitMs ?? JOB_TIME_LIMIT_MS) / 60_000),
      });
      return;
    }
    console.error(`Import ${jobId} failed.`, error);
    await ownJob(db(), lease)
      .set({ status: "failed", failure: errorText(error).slice(0, 1000), finished_at: sql`now()` })
      .execute();
  } finally {
    clearInterval(heartbeat);
    liveProgress.delete(jobId);
  }
}

/** The row check of a job: mapped by its columns, then through its kind's schema. */
function rowChecker(job: Job) {
  const { errorMap } = importErrors(recordReason);
  const mapping = job.mapping as ColumnMapping;
  const headers = job.headers as string[];
  const schema = rowSchema(job.kind, { zone: TIME_ZONE, now: new Date() });
  return async (rows: CsvRow[], rejections: RowRejection[] | null) => {
    const checked: CheckedRow<unknown>[] = [];
    for (const [i, row] of rows.entries()) {
      if (i % YIELD_EVERY === YIELD_EVERY - 1) await new Promise((resume) => setImmediate(resume));
      const mappedRow = mapRow(headers, mapping, row.values);
      if (!mappedRow.ok) {
        const expected = { expected: mappedRow.expected, found: mappedRow.found };
        rejections?.push({ line: row.line, field: "", reason: recordReason("import.columnCount", expected) });
        continue;
      }
      const result = validateRow(schema, mappedRow.cells, errorMap);
      if (result.ok) checked.push({ line: row.line, record: result.value });
      else for (const e of result.errors) rejections?.push({ line: row.line, ...e });
    }
    return checked;
  };
}

/** Reads the job and sets up its try, or null when it is no longer running. */
async function openRun(lease: Lease, options: ImportRunOptions): Promise<Run | null> {
  const { jobId } = lease;
  const job = await loadJob(jobId);
  if (job.status !== "running") return null;
  if (job.disabled_at) throw new Error("The user who started this import has been disabled.");
  const actor: Actor = { id: job.user_id, role: job.role };
  const mapping = job.mapping as ColumnMapping;
  const text = importTranslator(isLocale(job.locale) ? job.locale : "en");
  const ctx: WriteContext = { actor, jobId, origin: { import_job: jobId }, mapping, t: recordReason, text };
  const { total } = job;
  liveProgress.set(jobId, { phase: job.phase, done: job.phase === "writing" ? job.checkpoint : 0, total });
  const writer = writers[job.kind] as ImportWriter<unknown, { line: number }>;
  const batchSize = Math.max(1, options.batchSize ?? BATCH_SIZE);
  const deadline = Date.now() + (options.timeLimitMs ?? JOB_TIME_LIMIT_MS);
  const persistEveryMs = options.persistEveryMs ?? PROGRESS_EVERY_MS;
  let lastPersist = 0;
  const run: Run = {
    lease,
    job,
    ctx,
    writer,
    allOrNothing: job.mode === "all_or_nothing",
    batchSize,
    deadline,
    chunks: (skip = 0) => csvRowChunks(job.file_text, job.delimiter as Delimiter, batchSize, skip),
    check: rowChecker(job),
    async progress(phase, done) {
      if (Date.now() > deadline) throw new TimeLimitReached();
      liveProgress.set(jobId, { phase, done, total });
      const now = Date.now();
      if (now - lastPersist >= persistEveryMs || done >= total) {
        lastPersist = now;
        await holdJob(db(), lease, { phase, done, heartbeat_at: sql`now()` });
      }
      await options.onChunk?.({ phase, done, total });
    },
  };
  run.scanned = await scanFile(run);
  return run;
}

/** What rows name of later rows (a stakeholder's manager): the whole file, read once, for writers that scan. */
async function scanFile(run: Run): Promise<unknown> {
  if (!run.writer.scan) return undefined;
  const scan = run.writer.scan(db(), run.ctx);
  for await (const chunk of run.chunks()) {
    await scan.add(await run.check(chunk.rows, null));
    if (Date.now() > run.deadline) throw new TimeLimitReached();
  }
  return scan.result();
}

/** The phases of a try, each resumed where an earlier try left it: checking (all-or-nothing), writing, finishing. */
async function runJob(lease: Lease, options: ImportRunOptions) {
  const run = await openRun(lease, options);
  if (!run) return;
  const { job, writer } = run;
  let { phase, checkpoint } = job;
  if (run.allOrNothing && phase === "checking") {
    if (await tryEveryChunk(run)) return;
    phase = "writing";
    checkpoint = 0;
    await ownJob(db(), lease).set({ phase, checkpoint, done: 0 }).execute();
  }
  if (phase === "checking" || phase === "writing") {
    if (await writeChunks(run, checkpoint)) return;
    phase = "finishing";
    await ownJob(db(), lease).set({ phase, done: 0 }).execute();
  }
  if (writer.finishChunk && phase === "finishing") await linkRows(run, writer.finishChunk.bind(writer));
  // Each account the import changed: one audit event and its scores once (not per row), each its own transaction.
  await settleAccounts(
    { jobId: job.id, kind: job.kind, fileName: job.file_name, actorId: job.user_id },
    lease,
    run.deadline,
  );
  await holdJob(db(), lease, {
    status: "done",
    phase: "finishing",
    done: job.total,
    finished_at: sql`now()`,
    heartbeat_at: sql`now()`,
  });
}

/** `wake()` looks for queued jobs now; `stop()` waits for a job in progress to finish. */
export type ImportWorker = Poller;

const workerStore = globalThis as typeof globalThis & { __kohtaamoImportWorker?: ImportWorker };

/**
 * Starts the in-process worker: jobs whose worker died are queued again (or
 * failed after MAX_ATTEMPTS), then queued jobs are run one at a time, looked
 * for every `intervalMs` and whenever a page queues one (`wakeImportWorker`).
 */
export function startImportWorker(intervalMs = 2_000): ImportWorker {
  const worker: ImportWorker = startPoller(
    intervalMs,
    async (stopped) => {
      await requeueStaleJobs();
      await settleStoppedJobs();
      while (!stopped() && (await processNextImportJob())) {
        // keep going while jobs are waiting
      }
    },
    (error) => console.error("Imports: the worker failed to take a job.", error),
    () => {
      if (workerStore.__kohtaamoImportWorker === worker) workerStore.__kohtaamoImportWorker = undefined;
    },
  );
  workerStore.__kohtaamoImportWorker = worker;
  return worker;
}

/** Nudges this process's worker, if one runs (tests call processNextImportJob themselves). */
export function wakeImportWorker(): void {
  workerStore.__kohtaamoImportWorker?.wake();
}

/**
 * Jobs whose worker died: queued again to resume after their last committed
 * chunk, or failed with the reason once they have had MAX_ATTEMPTS tries. A
 * server's job is dead when not heard from for STALE_AFTER_MS; the embedded
 * database is one process, so a job marked running that this process is not
 * running was cut short.
 */
export async function requeueStaleJobs() {
  const pglite = database().driver === "pglite";
  const live = [...liveProgress.keys()];
  const dead = (qb: ReturnType<typeof staleBase>) =>
    qb
      .where("status", "=", "running")
      .$if(!pglite, (q) => q.where("heartbeat_at", "<", new Date(Date.now() - STALE_AFTER_MS)))
      .$if(live.length > 0, (q) => q.where("id", "not in", live));
  await dead(staleBase())
    .set(afterStoppedTry(reason("import.failure.workerDiedTwice", { tries: MAX_ATTEMPTS })))
    .execute();
}

const staleBase = () => db().updateTable("import_jobs");
