import { sql } from "kysely";
import type { csvRowChunks, CsvRow } from "#app/domain/import/csv.ts";
import { db } from "#app/utils/db.server.ts";
import {
  addAccountCounts,
  ChunkRefused,
  recordChunk,
  RejectionList,
  stopRefused,
  writeChunk,
} from "./chunk-writes.server.ts";
import { holdJob, ownJob, type Lease } from "./job-lease.server.ts";
import type { CheckedRow, ImportWriter, Resolve, RowRejection, WriteContext, WrittenRow } from "./shared.server.ts";

// The passes of one try of an import job over its file (worker.server.ts says
// the whole and runs them in turn): every chunk tried and rolled back
// (all-or-nothing), every chunk written, and the links between rows made.

/** How far a running job has come. */
export interface Progress {
  phase: "checking" | "writing" | "finishing";
  done: number;
  total: number;
}

/** One try of a job: the job's row, what its rows are checked and written with, and its progress. */
export interface Run {
  lease: Lease;
  job: Job;
  ctx: WriteContext;
  writer: ImportWriter<unknown, { line: number }>;
  allOrNothing: boolean;
  batchSize: number;
  /** When this try must have ended (Date.now() time). */
  deadline: number;
  /** The file's rows a chunk at a time, from the first or after `skip`. */
  chunks(skip?: number): ReturnType<typeof csvRowChunks>;
  /** Every row of a chunk through its schema; the refused ones are added to `rejections`. */
  check(rows: CsvRow[], rejections: RowRejection[] | null): Promise<CheckedRow<unknown>[]>;
  /** Between chunks: the time limit, the live progress, and now and then the job row (which also tells a cancel). */
  progress(phase: Progress["phase"], done: number): Promise<void>;
  /** What the writer's scan found in the whole file (see ImportWriter.scan). */
  scanned?: unknown;
}

/** A resolver for the file, from its first chunk (it remembers what earlier chunks named). */
const resolverOf = (run: Run) => run.writer.resolver(db(), run.ctx, run.scanned);

/** The job's row and who started it. */
export async function loadJob(jobId: string) {
  return db()
    .selectFrom("import_jobs as j")
    .innerJoin("users as u", "u.id", "j.created_by")
    .select([
      "j.id",
      "j.kind",
      "j.mode",
      "j.status",
      "j.file_text",
      "j.delimiter",
      "j.headers",
      "j.mapping",
      "j.file_name",
    ])
    .select(["j.total", "j.phase", "j.checkpoint", "j.started_at"])
    .select(["u.id as user_id", "u.role", "u.locale", "u.disabled_at"])
    .where("j.id", "=", jobId)
    .executeTakeFirstOrThrow();
}
export type Job = Awaited<ReturnType<typeof loadJob>>;

class RolledBack extends Error {
  constructor() {
    super("Tried, then rolled back.");
  }
}

/** A chunk of the file read and checked, its refusals so far in `found`; `ready()` resolves it (once, in file order). */
interface StagedChunk {
  start: number;
  end: number;
  found: RowRejection[];
  ready(): Promise<{ line: number }[]>;
  /** The statement's parameters, made ahead (see ImportWriter.prepare), when the chunk is one batch. */
  prepared?: unknown;
}

/**
 * The file's chunks, each read and checked while the caller writes the one
 * before: the database writes on one core while this process checks on the
 * other, instead of each waiting for the other. A writer whose resolver reads
 * nothing an import writes (`resolvesAhead`) has the next chunk resolved and its
 * statement made ahead too (from `prepareFrom`, the rows to write); any other
 * resolver runs in turn, when the caller asks, after the chunk before is written.
 */
async function* stagedChunks(run: Run, resolve: Resolve<unknown, { line: number }>, prepareFrom = 0) {
  const { writer, ctx } = run;
  const chunks = run.chunks()[Symbol.asyncIterator]();
  const stage = async (): Promise<StagedChunk | null> => {
    const next = await chunks.next();
    if (next.done) return null;
    const { start, rows } = next.value;
    const end = start + rows.length;
    const found: RowRejection[] = [];
    const checked = await run.check(rows, found);
    const resolveNow = async () => {
      const { ready, rejected } = await resolve(checked);
      for (const r of rejected) found.push(r);
      return ready;
    };
    if (!writer.resolvesAhead) {
      let resolved: Promise<{ line: number }[]> | undefined;
      return { start, end, found, ready: () => (resolved ??= resolveNow()) };
    }
    const ready = await resolveNow();
    const prepared =
      writer.prepare && end > prepareFrom && ready.length > 0 && ready.length <= run.batchSize
        ? writer.prepare(ctx, ready)
        : undefined;
    return { start, end, found, ready: () => Promise.resolve(ready), prepared };
  };
  let pending = stage();
  try {
    for (;;) {
      const chunk = await pending;
      if (!chunk) return;
      pending = stage();
      // A failure of the chunk ahead is thrown when the caller reaches it (or never, if it stops first).
      pending.catch(() => {});
      yield chunk;
    }
  } finally {
    await pending.catch(() => null);
    await chunks.return?.(undefined);
  }
}

/**
 * All-or-nothing, before anything is written: every chunk tried in a
 * transaction that is rolled back, to list every bad row. Returns true when
 * the job was rejected (and so has ended).
 */
export async function tryEveryChunk(run: Run): Promise<boolean> {
  const { lease, ctx, writer, batchSize } = run;
  const resolve = resolverOf(run);
  const rejections = new RejectionList();
  for await (const chunk of stagedChunks(run, resolve)) {
    const { found, prepared } = chunk;
    const ready = await chunk.ready();
    // After the first refusal the rest is only checked, to list every bad row.
    if (!found.length && !rejections.lines) {
      try {
        await db()
          .transaction()
          .execute(async (trx) => {
            const result = await writeChunk(trx, writer, ctx, ready, { allOrNothing: true, batchSize, prepared });
            for (const r of result.refused) found.push(r);
            throw new RolledBack();
          });
      } catch (error) {
        if (!(error instanceof RolledBack)) throw error;
      }
    }
    rejections.add(found);
    await run.progress("checking", chunk.end);
  }
  if (!rejections.lines) return false;
  await holdJob(db(), lease, {
    status: "rejected",
    phase: "checking",
    done: run.job.total,
    inserted: 0,
    updated: 0,
    unchanged: 0,
    rejected: rejections.lines,
    errors: sql`${JSON.stringify(rejections.stored(ctx.mapping))}::jsonb`,
    finished_at: sql`now()`,
    heartbeat_at: sql`now()`,
  });
  return true;
}

/**
 * Writes the file a chunk at a time, each chunk in its own transaction with
 * the job's record of it. Rows before the checkpoint were written by an earlier
 * try: read and resolved (the resolver remembers what they named), not written
 * again. Returns true when an all-or-nothing job was refused while writing (and
 * so has ended).
 */
export async function writeChunks(run: Run, checkpoint: number): Promise<boolean> {
  const { lease, ctx, writer, allOrNothing, batchSize } = run;
  const { mapping } = ctx;
  const resolve = resolverOf(run);
  for await (const chunk of stagedChunks(run, resolve, checkpoint)) {
    const { end, found, prepared } = chunk;
    const ready = await chunk.ready();
    if (end <= checkpoint) {
      await run.progress("writing", end);
      continue;
    }
    const stop = await db()
      .transaction()
      .execute(async (trx) => {
        // The job row first: locks it for this chunk (a cancel waits for the commit) and proves the job is still ours.
        await holdJob(trx, lease);
        // All-or-nothing after the check passed: a refusal now means the data changed meanwhile.
        const refusedEarly = allOrNothing && found.length > 0;
        const result = refusedEarly
          ? { outcomes: [] as WrittenRow[], refused: [] as RowRejection[] }
          : await writeChunk(trx, writer, ctx, ready, { allOrNothing, batchSize, prepared });
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
    if (stop) return true;
    await run.progress("writing", end);
  }
  return false;
}

/** Links between rows of the file (a stakeholder's manager), now that every row exists. */
export async function linkRows(run: Run, finishChunk: NonNullable<Run["writer"]["finishChunk"]>) {
  const { lease, ctx } = run;
  const since = run.job.started_at ?? new Date();
  const resolve = resolverOf(run);
  for await (const chunk of run.chunks()) {
    const { ready } = await resolve(await run.check(chunk.rows, null));
    await db()
      .transaction()
      .execute(async (trx) => {
        await holdJob(trx, lease);
        const changed = await finishChunk(trx, ctx, ready, since);
        if (!changed.length) return;
        // A row the file left as it was, whose manager link changed: updated after all.
        const counts = changed.map((c) => ({ line: c.line, accountId: c.accountId, outcome: "updated" as const }));
        await addAccountCounts(trx, lease.jobId, counts);
        await ownJob(trx, lease)
          .set({
            updated: sql`updated + ${changed.length}`,
            unchanged: sql`greatest(unchanged - ${changed.length}, 0)`,
          })
          .execute();
      });
    await run.progress("finishing", chunk.start + chunk.rows.length);
  }
}
