import { writeAudit } from "#app/utils/audit.server.ts";
import { database, db } from "#app/utils/db.server.ts";
import { eachInLanes, refreshAccountScores } from "#app/models/scores.server.ts";
import { holdJob, TimeLimitReached, type Lease } from "./job-lease.server.ts";

/**
 * Accounts settled at once on a PostgreSQL server, each in its own transaction
 * on its own pooled connection: one account's scores are computed here while
 * the other's rows are read there. PGlite has one connection (its transactions
 * take turns), so one at a time there.
 */
const SETTLE_LANES = 2;

/**
 * The finishing step for the accounts a job changed: per account, one audit
 * event and a rescoring, each in its own transaction that also removes the
 * account from import_job_accounts (so a resumed job does not repeat it). With
 * a lease, only while the job is still this try's; without, for a job that
 * stopped (failed, cancelled) after writing some chunks.
 */
export async function settleAccounts(
  job: { jobId: string; kind: string; fileName: string; actorId: string },
  lease: Lease | null,
  deadline = Infinity,
) {
  const pending = await db()
    .selectFrom("import_job_accounts")
    .select("account_id")
    .where("job_id", "=", job.jobId)
    .orderBy("account_id")
    .execute();
  const lanes = database().driver === "pglite" ? 1 : SETTLE_LANES;
  // Accounts never wait on each other (each locks its own rows; see rescoreAllAccounts): only the job row is shared.
  await eachInLanes(pending, lanes, undefined, async (next) => {
    await db()
      .transaction()
      .execute(async (trx) => {
        // Taken off the list first: whoever else settles the same job (another process) finds it gone and skips it.
        const taken = await trx
          .deleteFrom("import_job_accounts")
          .where("job_id", "=", job.jobId)
          .where("account_id", "=", next.account_id)
          .returning(["inserted", "updated"])
          .executeTakeFirst();
        if (!taken) return;
        const exists = await trx
          .selectFrom("accounts")
          .select("id")
          .where("id", "=", next.account_id)
          .executeTakeFirst();
        if (exists) {
          await writeAudit(trx, {
            actorId: job.actorId,
            accountId: next.account_id,
            entity: "import_job",
            entityId: job.jobId,
            action: `import_${job.kind}`,
            after: { file_name: job.fileName, inserted: taken.inserted, updated: taken.updated },
          });
          await refreshAccountScores(trx, next.account_id);
        }
        // Last, so the lanes hold the job row only from here to the commit: the account's work commits while the job is this try's.
        if (lease) await holdJob(trx, lease);
      });
    if (Date.now() > deadline) throw new TimeLimitReached();
  });
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
    .where((eb) =>
      eb.exists(eb.selectFrom("import_job_accounts as a").select("a.job_id").whereRef("a.job_id", "=", "j.id")),
    )
    .limit(20)
    .execute();
  for (const j of stopped) {
    await settleAccounts({ jobId: j.id, kind: j.kind, fileName: j.file_name, actorId: j.created_by }, null);
  }
}
