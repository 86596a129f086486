import { sql } from "kysely";
import { csvRowChunks, type CsvRow, type Delimiter } from "#app/domain/import/csv.ts";
import type { ColumnMapping } from "#app/domain/import/fields.ts";
import { mapRow, rowSchema, validateRow } from "#app/domain/import/records.ts";
import type { Actor } from "#app/domain/permissions.ts";
import { TIME_ZONE } from "#app/domain/time.ts";
import { isLocale } from "#app/i18n/index.ts";
import { writeAudit } from "#app/utils/audit.server.ts";
import { database, db, type Executor, type Trx } from "#app/utils/db.server.ts";
import { errorText } from "#db/connection.ts";
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
import { startPoller, type Poller } from "#app/models/poller.server.ts";

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

/** Rows read, checked, resolved and written together: one transaction. */
export const BATCH_SIZE = 1_000;
/** Rows checked between two yields to the event loop (pages are served in between). */
const YIELD_EVERY = 200;
const PROGRESS_EVERY_MS = 1_000;
/** How often a running job tells it is alive, whatever it is doing. */
export const HEARTBEAT_MS = 10_000;
/** A running job not heard from for this long lost its worker: it is queued again (or failed, after MAX_ATTEMPTS). */
export const STALE_AFTER_MS = 45_000;
/** Tries a job gets: a job that kills or outlasts its worker this many times is failed. */
export const MAX_ATTEMPTS = 2;
/** How long one try may run before it is stopped (and counted as a try). */
export const JOB_TIME_LIMIT_MS = 2 * 60 * 60_000;
/** Rejected-row reasons kept on a job (the rejected count has them all; the page and the file list these). */
export const MAX_STORED_ERRORS = 10_000;

export interface Progress {
  phase: "checking" | "writing" | "finishing";
  done: number;
  total: number;
}
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

/** A failure reason the pages translate (a message key under import.failure.*). */
const reason = (key: string, params?: Record<string, string | number>) => JSON.stringify(params ? { key, params } : { key });

/** The job is no longer this try's: cancelled, or taken over after its lease ran out. */
class LeaseLost extends Error {
  constructor() {
    super("The import job is no longer this worker's.");
  }
}
class TimeLimitReached extends Error {
  constructor() {
    super("The import ran out of time.");
  }
}
class RolledBack extends Error {
  constructor() {
    super("Tried, then rolled back.");
  }
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
      await stopTry(lease, "import.failure.timedOutTwice", { minutes: Math.round((options.timeLimitMs ?? JOB_TIME_LIMIT_MS) / 60_000) });
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

interface Lease {
  jobId: string;
  attempt: number;
}

/** An update of the job row that only this try may make (it is still running, and still this try's). */
function ownJob(executor: Executor, lease: Lease) {
  return executor
    .updateTable("import_jobs")
    .where("id", "=", lease.jobId)
    .where("status", "=", "running")
    .where("attempts", "=", lease.attempt);
}

async function beat(lease: Lease) {
  await ownJob(db(), lease).set({ heartbeat_at: sql`now()` }).execute();
}

/** Ends a try that stopped its worker: queued again after the first, failed with `key` after the last. */
async function stopTry(lease: Lease, key: string, params: Record<string, string | number>) {
  await ownJob(db(), lease)
    .set({
      status: sql`case when attempts >= ${MAX_ATTEMPTS} then 'failed' else 'queued' end`,
      failure: sql`case when attempts >= ${MAX_ATTEMPTS} then ${reason(key, params)} else '' end`,
      finished_at: sql`case when attempts >= ${MAX_ATTEMPTS} then now() end`,
    })
    .execute();
}

type Counts = { inserted: number; updated: number; unchanged: number };

async function runJob(lease: Lease, options: ImportRunOptions) {
  const { jobId } = lease;
  const job = await db()
    .selectFrom("import_jobs as j")
    .innerJoin("users as u", "u.id", "j.created_by")
    .select(["j.id", "j.kind", "j.mode", "j.status", "j.file_text", "j.delimiter", "j.headers", "j.mapping", "j.file_name"])
    .select(["j.total", "j.phase", "j.checkpoint", "j.started_at"])
    .select(["u.id as user_id", "u.role", "u.locale", "u.disabled_at"])
    .where("j.id", "=", jobId)
    .executeTakeFirstOrThrow();
  if (job.status !== "running") return;
  if (job.disabled_at) throw new Error("The user who started this import has been disabled.");

  const t = recordReason;
  const { errorMap } = importErrors(t);
  const actor: Actor = { id: job.user_id, role: job.role };
  const mapping = job.mapping as ColumnMapping;
  const headers = job.headers as string[];
  const text = importTranslator(isLocale(job.locale) ? job.locale : "en");
  const ctx: WriteContext = { actor, jobId, origin: { import_job: jobId }, mapping, t, text };
  const total = job.total;
  liveProgress.set(jobId, { phase: job.phase, done: job.phase === "writing" ? job.checkpoint : 0, total });
  const schema = rowSchema(job.kind, { zone: TIME_ZONE, now: new Date() });
  const writer = writers[job.kind] as ImportWriter<unknown, { line: number }>;
  const allOrNothing = job.mode === "all_or_nothing";
  const batchSize = Math.max(1, options.batchSize ?? BATCH_SIZE);
  const since = job.started_at ?? new Date();
  const deadline = Date.now() + (options.timeLimitMs ?? JOB_TIME_LIMIT_MS);
  const persistEveryMs = options.persistEveryMs ?? PROGRESS_EVERY_MS;
  let lastPersist = 0;

  const chunks = (skip = 0) => csvRowChunks(job.file_text, job.delimiter as Delimiter, batchSize, skip);
  /** Between chunks: the time limit, the live progress, and now and then the job row (which also tells a cancel). */
  const progress = async (phase: Progress["phase"], done: number, persist = false) => {
    if (Date.now() > deadline) throw new TimeLimitReached();
    liveProgress.set(jobId, { phase, done, total });
    const now = Date.now();
    if (persist || now - lastPersist >= persistEveryMs || done >= total) {
      lastPersist = now;
      const result = await ownJob(db(), lease).set({ phase, done, heartbeat_at: sql`now()` }).executeTakeFirst();
      if (Number(result.numUpdatedRows) !== 1) throw new LeaseLost();
    }
    await options.onChunk?.({ phase, done, total });
  };

  /** Every row of a chunk through its schema; the refused ones are added to `rejections`. */
  const check = async (rows: CsvRow[], rejections: RowRejection[] | null) => {
    const checked: CheckedRow<unknown>[] = [];
    for (const [i, row] of rows.entries()) {
      if (i % YIELD_EVERY === YIELD_EVERY - 1) await new Promise((resume) => setImmediate(resume));
      const mappedRow = mapRow(headers, mapping, row.values);
      if (!mappedRow.ok) {
        rejections?.push({ line: row.line, field: "", reason: t("import.columnCount", { expected: mappedRow.expected, found: mappedRow.found }) });
        continue;
      }
      const result = validateRow(schema, mappedRow.cells, errorMap);
      if (result.ok) checked.push({ line: row.line, record: result.value });
      else for (const e of result.errors) rejections?.push({ line: row.line, ...e });
    }
    return checked;
  };

  // What rows name of later rows (a stakeholder's manager): the whole file, read once.
  let scanned: unknown;
  if (writer.scan) {
    const scan = writer.scan(db(), ctx);
    for await (const chunk of chunks()) {
      await scan.add(await check(chunk.rows, null));
      if (Date.now() > deadline) throw new TimeLimitReached();
    }
    scanned = scan.result();
  }

  let phase = job.phase;
  let checkpoint = job.checkpoint;

  // All-or-nothing: every chunk tried and rolled back before anything is written.
  if (allOrNothing && phase === "checking") {
    const resolve = writer.resolver(db(), ctx, scanned);
    const rejections = new RejectionList();
    for await (const chunk of chunks()) {
      const found: RowRejection[] = [];
      const checked = await check(chunk.rows, found);
      const { ready, rejected } = await resolve(checked);
      for (const r of rejected) found.push(r);
      // After the first refusal the rest is only checked, to list every bad row.
      if (!found.length && !rejections.lines) {
        try {
          await db()
            .transaction()
            .execute(async (trx) => {
              const result = await writeChunk(trx, writer, ctx, ready, { allOrNothing: true, batchSize });
              for (const r of result.refused) found.push(r);
              throw new RolledBack();
            });
        } catch (error) {
          if (!(error instanceof RolledBack)) throw error;
        }
      }
      rejections.add(found);
      await progress("checking", chunk.start + chunk.rows.length);
    }
    if (rejections.lines) {
      const done = await ownJob(db(), lease)
        .set({
          status: "rejected",
          phase: "checking",
          done: total,
          inserted: 0,
          updated: 0,
          unchanged: 0,
          rejected: rejections.lines,
          errors: sql`${JSON.stringify(rejections.stored(mapping))}::jsonb`,
          finished_at: sql`now()`,
          heartbeat_at: sql`now()`,
        })
        .executeTakeFirst();
      if (Number(done.numUpdatedRows) !== 1) throw new LeaseLost();
      return;
    }
    phase = "writing";
    checkpoint = 0;
    await ownJob(db(), lease).set({ phase, checkpoint, done: 0 }).execute();
  }

  if (phase === "checking" || phase === "writing") {
    // Rows before the checkpoint were written by an earlier try: read and resolved (the
    // resolver remembers what they named), not written again.
    const resolve = writer.resolver(db(), ctx, scanned);
    for await (const chunk of chunks()) {
      const end = chunk.start + chunk.rows.length;
      if (end <= checkpoint) {
        await resolve(await check(chunk.rows, null));
        await progress("writing", end);
        continue;
      }
      const found: RowRejection[] = [];
      const checked = await check(chunk.rows, found);
      const { ready, rejected } = await resolve(checked);
      for (const r of rejected) found.push(r);
      const stop = await db()
        .transaction()
        .execute(async (trx) => {
          // The job row first: locks it for this chunk (a cancel waits for the commit) and proves the job is still ours.
          const mine = await ownJob(trx, lease).set({ heartbeat_at: sql`now()` }).executeTakeFirst();
          if (Number(mine.numUpdatedRows) !== 1) throw new LeaseLost();
          // All-or-nothing after the check passed: a refusal now means the data changed meanwhile.
          const refusedEarly = allOrNothing && found.length > 0;
          const result = refusedEarly
            ? { outcomes: [] as WrittenRow[], refused: [] as RowRejection[] }
            : await writeChunk(trx, writer, ctx, ready, { allOrNothing, batchSize });
          for (const r of result.refused) found.push(r);
          if (allOrNothing && found.length) throw new ChunkRefused(found);
          await recordChunk(trx, lease, { end, outcomes: result.outcomes, rejections: found, mapping });
          return false;
        })
        .catch(async (error: unknown) => {
          if (!(error instanceof ChunkRefused)) throw error;
          await stopRefused(lease, error.rejections, mapping, chunk.start);
          return true;
        });
      if (stop) return;
      checkpoint = end;
      await progress("writing", end);
    }
    phase = "finishing";
    await ownJob(db(), lease).set({ phase, done: 0 }).execute();
  }

  // Links between rows of the file, now that every row exists.
  if (writer.finishChunk && phase === "finishing") {
    const resolve = writer.resolver(db(), ctx, scanned);
    for await (const chunk of chunks()) {
      const { ready } = await resolve(await check(chunk.rows, null));
      await db()
        .transaction()
        .execute(async (trx) => {
          const mine = await ownJob(trx, lease).set({ heartbeat_at: sql`now()` }).executeTakeFirst();
          if (Number(mine.numUpdatedRows) !== 1) throw new LeaseLost();
          const changed = await writer.finishChunk!(trx, ctx, ready, since);
          if (!changed.length) return;
          // A row the file left as it was, whose manager link changed: updated after all.
          await addAccountCounts(trx, jobId, changed.map((c) => ({ line: c.line, accountId: c.accountId, outcome: "updated" })));
          await ownJob(trx, lease)
            .set({ updated: sql`updated + ${changed.length}`, unchanged: sql`greatest(unchanged - ${changed.length}, 0)` })
            .execute();
        });
      await progress("finishing", chunk.start + chunk.rows.length);
    }
  }

  // Each account the import changed: one audit event and its scores once (not per row), each its own transaction.
  await settleAccounts({ jobId, kind: job.kind, fileName: job.file_name, actorId: actor.id }, lease, deadline);

  const done = await ownJob(db(), lease)
    .set({ status: "done", phase: "finishing", done: total, finished_at: sql`now()`, heartbeat_at: sql`now()` })
    .executeTakeFirst();
  if (Number(done.numUpdatedRows) !== 1) throw new LeaseLost();
}

/**
 * The finishing step for the accounts a job changed: per account, one audit
 * event and a rescoring, each in its own transaction that also removes the
 * account from import_job_accounts (so a resumed job does not repeat it). With
 * a lease, only while the job is still this try's; without, for a job that
 * stopped (failed, cancelled) after writing some chunks.
 */
async function settleAccounts(
  job: { jobId: string; kind: string; fileName: string; actorId: string },
  lease: Lease | null,
  deadline = Infinity,
) {
  for (;;) {
    const next = await db()
      .selectFrom("import_job_accounts")
      .select(["account_id", "inserted", "updated"])
      .where("job_id", "=", job.jobId)
      .orderBy("account_id")
      .limit(1)
      .executeTakeFirst();
    if (!next) return;
    await db()
      .transaction()
      .execute(async (trx) => {
        if (lease) {
          const mine = await ownJob(trx, lease).set({ heartbeat_at: sql`now()` }).executeTakeFirst();
          if (Number(mine.numUpdatedRows) !== 1) throw new LeaseLost();
        }
        const exists = await trx.selectFrom("accounts").select("id").where("id", "=", next.account_id).executeTakeFirst();
        if (exists) {
          await writeAudit(trx, {
            actorId: job.actorId,
            accountId: next.account_id,
            entity: "import_job",
            entityId: job.jobId,
            action: `import_${job.kind}`,
            after: { file_name: job.fileName, inserted: next.inserted, updated: next.updated },
          });
          await refreshAccountScores(trx, next.account_id);
        }
        await trx.deleteFrom("import_job_accounts").where("job_id", "=", job.jobId).where("account_id", "=", next.account_id).execute();
      });
    if (Date.now() > deadline) throw new TimeLimitReached();
  }
}

/**
 * Jobs that stopped (failed or cancelled) after writing some chunks: the
 * accounts they changed get their audit event and scores now.
 */
export async function settleStoppedJobs() {
  const stopped = await db()
    .selectFrom("import_jobs as j")
    .select(["j.id", "j.kind", "j.file_name", "j.created_by"])
    .where("j.status", "in", ["failed", "cancelled"])
    .where((eb) => eb.exists(eb.selectFrom("import_job_accounts as a").select("a.job_id").whereRef("a.job_id", "=", "j.id")))
    .limit(20)
    .execute();
  for (const j of stopped) {
    await settleAccounts({ jobId: j.id, kind: j.kind, fileName: j.file_name, actorId: j.created_by }, null);
  }
}

/** A chunk of an all-or-nothing import refused while writing (after the check passed). */
class ChunkRefused extends Error {
  constructor(readonly rejections: RowRejection[]) {
    super("A row was refused while writing.");
  }
}

/** Rejected rows of a job, counted by line, their reasons kept up to MAX_STORED_ERRORS. */
class RejectionList {
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
    .map((r) => ({ line: r.line, field: r.field, column: r.field ? (mapping[r.field] ?? "") : "", ...parseReason(r.reason) }))
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
async function recordChunk(
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
async function addAccountCounts(trx: Trx, jobId: string, outcomes: { accountId: string; outcome: RowOutcome }[]) {
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
      set inserted = import_job_accounts.inserted + excluded.inserted, updated = import_job_accounts.updated + excluded.updated`.execute(trx);
}

/** All-or-nothing, refused while writing: the job stops at this chunk, the chunks before it stay written. */
async function stopRefused(lease: Lease, rejections: RowRejection[], mapping: ColumnMapping, written: number) {
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
async function writeChunk(
  trx: Trx,
  writer: ImportWriter<unknown, { line: number }>,
  ctx: WriteContext,
  ready: { line: number }[],
  { allOrNothing, batchSize }: { allOrNothing: boolean; batchSize: number },
) {
  const outcomes: WrittenRow[] = [];
  const refused: RowRejection[] = [];
  for (let start = 0; start < ready.length; start += batchSize) {
    const batch = ready.slice(start, start + batchSize);
    const written = await attempt(trx, "import_batch", () => writer.write(trx, ctx, batch));
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
    .set({
      status: sql`case when attempts >= ${MAX_ATTEMPTS} then 'failed' else 'queued' end`,
      failure: sql`case when attempts >= ${MAX_ATTEMPTS} then ${reason("import.failure.workerDiedTwice", { tries: MAX_ATTEMPTS })} else '' end`,
      finished_at: sql`case when attempts >= ${MAX_ATTEMPTS} then now() end`,
    })
    .execute();
}

const staleBase = () => db().updateTable("import_jobs");
