import { sql, type UpdateObject } from "kysely";
import type { DB } from "#db/schema.ts";
import { db, type Executor } from "#app/utils/db.server.ts";

// A try of an import job holds the job row: every write of the try goes
// through `ownJob`, which changes the row only while the job is still running
// and still this try's (attempts = the try's number). A try that finds the row
// gone from under it (cancelled, or taken over after its heartbeat stopped)
// stops with LeaseLost.

/** Tries a job gets: a job that kills or outlasts its worker this many times is failed. */
export const MAX_ATTEMPTS = 2;

export interface Lease {
  jobId: string;
  attempt: number;
}

/** A failure reason the pages translate (a message key under import.failure.*). */
export const reason = (key: string, params?: Record<string, string | number>) =>
  JSON.stringify(params ? { key, params } : { key });

/** The job is no longer this try's: cancelled, or taken over after its lease ran out. */
export class LeaseLost extends Error {
  constructor() {
    super("The import job is no longer this worker's.");
  }
}
export class TimeLimitReached extends Error {
  constructor() {
    super("The import ran out of time.");
  }
}

/** An update of the job row that only this try may make (it is still running, and still this try's). */
export function ownJob(executor: Executor, lease: Lease) {
  return executor
    .updateTable("import_jobs")
    .where("id", "=", lease.jobId)
    .where("status", "=", "running")
    .where("attempts", "=", lease.attempt);
}

type JobUpdate = UpdateObject<DB, "import_jobs">;

/**
 * Writes `columns` (by default only the heartbeat) to the job row and proves
 * the job is still this try's, or throws LeaseLost. In a chunk's transaction
 * it also locks the row for the chunk (a cancel waits for the commit).
 */
export async function holdJob(executor: Executor, lease: Lease, columns: JobUpdate = { heartbeat_at: sql`now()` }) {
  const result = await ownJob(executor, lease).set(columns).executeTakeFirst();
  if (Number(result.numUpdatedRows) !== 1) throw new LeaseLost();
}

export async function beat(lease: Lease) {
  await ownJob(db(), lease)
    .set({ heartbeat_at: sql`now()` })
    .execute();
}

/** The job's status after a try that stopped its worker: queued again after the first, failed with `failure` after the last. */
export function afterStoppedTry(failure: string) {
  return {
    status: sql<"failed" | "queued">`case when attempts >= ${MAX_ATTEMPTS} then 'failed' else 'queued' end`,
    failure: sql<string>`case when attempts >= ${MAX_ATTEMPTS} then ${failure} else '' end`,
    finished_at: sql<Date | null>`case when attempts >= ${MAX_ATTEMPTS} then now() end`,
  };
}

/** Ends a try that stopped its worker: queued again after the first, failed with `key` after the last. */
export async function stopTry(lease: Lease, key: string, params: Record<string, string | number>) {
  await ownJob(db(), lease)
    .set(afterStoppedTry(reason(key, params)))
    .execute();
}
