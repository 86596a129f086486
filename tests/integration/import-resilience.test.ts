import { spawn } from "node:child_process";
import fs from "node:fs";
import os from "node:os";
import path from "node:path";
import { fileURLToPath } from "node:url";
import { sql } from "kysely";
import { describe, expect, it } from "vitest";
import { MAX_IMPORT_ROWS } from "#app/domain/import/csv.ts";
import { getImportJob, retryImportJob } from "#app/models/import/jobs.server.ts";
import {
  importProgress,
  MAX_STORED_ERRORS,
  processNextImportJob,
  requeueStaleJobs,
  settleStoppedJobs,
  STALE_AFTER_MS,
} from "#app/models/import/worker.server.ts";
import { action as jobAction, loader as jobLoader } from "#app/routes/_app.import.$jobId.tsx";
import { action as uploadAction } from "#app/routes/_app.import._index.tsx";
import { loader as accountsLoader } from "#app/routes/_app.accounts._index.tsx";
import { loader as healthz } from "#app/routes/healthz.tsx";
import { database, db, replaceDatabase } from "#app/utils/db.server.ts";
import { createDatabase } from "#db/connection.ts";
import { migrateToLatest } from "#db/migrator.ts";
import { queueImport, runImport } from "#tests/factories/imports.ts";
import { createAccount, createUser } from "#tests/factories/index.ts";
import { formRequest, locationOf, request, run, sessionCookieFor, statusOf } from "#tests/setup/requests.ts";

// Imports that cannot hurt the app: odd file names and oversized files are
// refused with a message, never a 500; huge files stream; a job that kills its
// worker twice is failed, not retried forever; a job can be cancelled and
// retried from its last committed chunk; and pages answer while one runs.

const root = path.resolve(path.dirname(fileURLToPath(import.meta.url)), "../..");

const invoices = (count: number, from = 0) =>
  ["account;id;kind;when;amount;due date;number", ...Array.from({ length: count }, (_, i) => `C-1;I-${from + i};invoice;1.1.2025;${i},50;1.2.2025;N-${from + i}`)].join("\n");

const upload = (cookie: string, text: string, fileName: string) => {
  const form = new FormData();
  form.set("kind", "touchpoints");
  form.set("source", "");
  form.set("file", new Blob([text]), fileName);
  return request("/import", { method: "POST", body: form, cookie });
};

describe("uploading", () => {
  it("takes file names with =, ; and quotes in them (no 500)", async () => {
    const kam = await createUser(db(), { role: "kam" });
    const cookie = await sessionCookieFor(kam.id);
    for (const name of ["sales=2026.csv", "a;b=c.csv", 'kvartaali "Q1".csv', "myynti ä=ö.csv"]) {
      const res = await run(uploadAction, upload(cookie, invoices(2), name));
      expect([name, statusOf(res)]).toEqual([name, 302]);
      const id = locationOf(res)!.split("/").pop()!;
      expect((await getImportJob(db(), kam, id)).file_name).toBe(name);
    }
  });

  it(`refuses a file of more than ${MAX_IMPORT_ROWS} rows (a 1,000,000-row file too) with a message, storing nothing`, async () => {
    const kam = await createUser(db(), { role: "kam" });
    const cookie = await sessionCookieFor(kam.id);
    const million = `a;b\n${"1;2\n".repeat(1_000_000)}`;
    const res = await run(uploadAction, upload(cookie, million, "million.csv"));
    expect(statusOf(res)).toBe(400);
    const error = (res.value as { data: { error: string } }).data.error;
    expect(error).toBe("The file has more than 500,000 rows. Split it into files of at most 500,000 rows and import them one after another.");
    expect(await db().selectFrom("import_jobs").select("id").execute()).toEqual([]);
    // At the limit it is taken.
    const most = await run(uploadAction, upload(cookie, `a;b\n${"1;2\n".repeat(MAX_IMPORT_ROWS)}`, "most.csv"));
    expect(statusOf(most)).toBe(302);
  }, 120_000);
});

describe("a big file", () => {
  it("150,000 stakeholder rows, every one refused: no stack overflow, every row counted, the first reasons kept", async () => {
    const kam = await createUser(db(), { role: "kam" });
    const rows = 150_000;
    const file = ["account;id;name;reports to", ...Array.from({ length: rows }, (_, i) => `NOPE;P-${i};Person ${i};P-${i + 1}`)].join("\n");
    const job = await runImport(kam, "stakeholders", file);
    expect(job).toMatchObject({ status: "rejected", rejected: rows, total: rows, inserted: 0 });
    expect(job.errors).toHaveLength(MAX_STORED_ERRORS);
    expect(job.errors[0]).toMatchObject({ line: 2, field: "account", reason: "No account has this external id or name." });
  }, 300_000);

  it("stakeholders whose managers come later in the file, in chunks: every link set", async () => {
    const kam = await createUser(db(), { role: "kam" });
    await createAccount(db(), { owner_id: kam.id, external_id: "C-1" });
    const rows = 95;
    // Each reports to the next one: the manager's row is in a later chunk.
    const file = ["account;id;name;reports to", ...Array.from({ length: rows }, (_, i) => `C-1;P-${i};Person ${i};${i + 1 < rows ? `P-${i + 1}` : ""}`)].join("\n");
    const job = await runImport(kam, "stakeholders", file, { run: { batchSize: 10 } });
    expect(job).toMatchObject({ status: "done", inserted: rows, rejected: 0 });
    const linked = await sql<{ n: number }>`
      select count(*)::int as n from stakeholders s join stakeholders boss on boss.id = s.reports_to_id
      where boss.external_id = 'P-' || (substr(s.external_id, 3)::int + 1)`.execute(db());
    expect(linked.rows[0]!.n).toBe(rows - 1);
    // Again: nothing changes, links included.
    const again = await runImport(kam, "stakeholders", file, { run: { batchSize: 10 } });
    expect(again).toMatchObject({ status: "done", inserted: 0, updated: 0, unchanged: rows });
    // A manager link changed on rows the file otherwise leaves as they are: those rows count as updated.
    await db().updateTable("stakeholders").set({ reports_to_id: null }).where("external_id", "in", ["P-3", "P-40"]).execute();
    const relinked = await runImport(kam, "stakeholders", file, { run: { batchSize: 10 } });
    expect(relinked).toMatchObject({ status: "done", inserted: 0, updated: 2, unchanged: rows - 2 });
  });
});

describe("a job that stops its worker", () => {
  it("is failed with the reason after its worker is killed twice, goes on after its last committed chunk in between, and a retry completes it", async () => {
    const rows = 100;
    const batch = 10;
    const server = database().driver === "postgres";
    // On the embedded database the child process needs the database in a folder of its own
    // (one process at a time): this test moves the app to a fresh one while it runs.
    const folder = server ? null : fs.mkdtempSync(path.join(os.tmpdir(), "kohtaamo-crash-"));
    const suiteDb = server ? undefined : replaceDatabase(undefined);
    const open = async () => {
      if (!folder) return;
      const d = createDatabase({ dataDir: folder });
      replaceDatabase(d);
      await migrateToLatest(d.db);
    };
    const close = async () => {
      if (!folder) return;
      await database().close();
      replaceDatabase(undefined);
    };
    /** Runs the worker in a child process that kills itself (SIGKILL) once it has written up to row `row`. */
    const crashingWorker = async (row: number) => {
      await close();
      const env: NodeJS.ProcessEnv = { ...process.env, CRASH_AT_ROW: String(row), IMPORT_BATCH_SIZE: String(batch) };
      if (folder) env.PGLITE_DATA_DIR = folder;
      const child = spawn(path.join(root, "node_modules/.bin/tsx"), [path.join(root, "tests/setup/import-crash-child.ts")], { cwd: root, env, stdio: ["ignore", "ignore", "pipe"] });
      let stderr = "";
      child.stderr.on("data", (d: Buffer) => (stderr += d.toString()));
      const [code, signal] = await new Promise<[number | null, NodeJS.Signals | null]>((resolve) => child.on("exit", (c, s) => resolve([c, s])));
      // Killed by its own SIGKILL (tsx, between, reports it as the exit code 128 + 9).
      expect([signal ?? code, stderr.slice(0, 500)]).toEqual([signal ? "SIGKILL" : 137, expect.any(String)]);
      await open();
      // A server's worker is found dead when not heard from for STALE_AFTER_MS: the time that passed.
      if (server) await db().updateTable("import_jobs").set({ heartbeat_at: new Date(Date.now() - STALE_AFTER_MS - 1_000) }).where("status", "=", "running").execute();
    };
    try {
      await open();
      const kam = await createUser(db(), { role: "kam" });
      await createAccount(db(), { owner_id: kam.id, external_id: "C-1" });
      const jobId = await queueImport(kam, "touchpoints", invoices(rows), { mode: "valid_rows" });
      const state = () => db().selectFrom("import_jobs").select(["status", "attempts", "checkpoint", "failure"]).where("id", "=", jobId).executeTakeFirstOrThrow();
      const written = async () => (await db().selectFrom("touchpoints").select(sql<number>`count(*)::int`.as("n")).executeTakeFirstOrThrow()).n;

      await crashingWorker(30);
      expect(await state()).toMatchObject({ status: "running", attempts: 1, checkpoint: 30 });
      expect(await written()).toBe(30);
      await requeueStaleJobs();
      expect(await state()).toMatchObject({ status: "queued", attempts: 1, checkpoint: 30 });

      // The second try goes on from row 31 and dies after two more chunks.
      await crashingWorker(50);
      expect(await state()).toMatchObject({ status: "running", attempts: 2, checkpoint: 50 });
      expect(await written()).toBe(50);
      await requeueStaleJobs();
      const failed = await state();
      expect(failed).toMatchObject({ status: "failed", attempts: 2, checkpoint: 50 });
      expect(JSON.parse(failed.failure)).toEqual({ key: "import.failure.workerDiedTwice", params: { tries: 2 } });
      // Never picked up again by itself.
      expect(await processNextImportJob()).toBeNull();
      // The accounts it changed get their audit event and scores.
      await settleStoppedJobs();
      expect(await db().selectFrom("audit_events").select("action").where("entity", "=", "import_job").execute()).toEqual([{ action: "import_touchpoints" }]);

      // The page says why, and offers to retry from row 51.
      const cookie = await sessionCookieFor(kam.id);
      const page = (await run(jobLoader, request(`/import/${jobId}`, { cookie }), { jobId })).value as Awaited<ReturnType<typeof jobLoader>>;
      expect(page.job.failure).toBe("The server stopped while running this import 2 times, so it was not started again.");
      expect(await retryImportJob(db(), kam, jobId)).toBe(true);
      expect(await processNextImportJob({ batchSize: batch })).toBe(jobId);
      expect(await getImportJob(db(), kam, jobId)).toMatchObject({ status: "done", done: rows, checkpoint: rows, inserted: rows, rejected: 0 });
      expect(await written()).toBe(rows);
    } finally {
      if (folder) {
        await database()
          .close()
          .catch(() => {});
        replaceDatabase(suiteDb);
        fs.rmSync(folder, { recursive: true, force: true });
      }
    }
  }, 300_000);

  it("is failed with the reason after running out of time twice", async () => {
    const kam = await createUser(db(), { role: "kam" });
    await createAccount(db(), { owner_id: kam.id, external_id: "C-1" });
    const jobId = await queueImport(kam, "touchpoints", invoices(30));
    expect(await processNextImportJob({ batchSize: 10, timeLimitMs: 0 })).toBe(jobId);
    expect(await getImportJob(db(), kam, jobId)).toMatchObject({ status: "queued", attempts: 1 });
    expect(await processNextImportJob({ batchSize: 10, timeLimitMs: 0 })).toBe(jobId);
    const job = await getImportJob(db(), kam, jobId);
    expect(job).toMatchObject({ status: "failed", attempts: 2 });
    expect(JSON.parse(job.failure)).toEqual({ key: "import.failure.timedOutTwice", params: { minutes: 0 } });
    expect(await processNextImportJob()).toBeNull();
  });
});

describe("cancel and retry", () => {
  it("a running import stops at its next chunk when cancelled from its page; the rows written stay; retry goes on from there", async () => {
    const kam = await createUser(db(), { role: "kam" });
    await createAccount(db(), { owner_id: kam.id, external_id: "C-1" });
    const cookie = await sessionCookieFor(kam.id);
    const jobId = await queueImport(kam, "touchpoints", invoices(60), { mode: "valid_rows" });
    let cancelled = false;
    await processNextImportJob({
      batchSize: 10,
      async onChunk(p) {
        if (p.phase === "writing" && p.done === 20 && !cancelled) {
          cancelled = true;
          // The page's cancel button: a plain form post.
          const res = await run(jobAction, formRequest(`/import/${jobId}`, { intent: "cancel" }, cookie), { jobId });
          expect(locationOf(res)).toBe(`/import/${jobId}`);
        }
      },
    });
    const stopped = await getImportJob(db(), kam, jobId);
    expect(stopped).toMatchObject({ status: "cancelled", checkpoint: 20, inserted: 20 });
    expect((await db().selectFrom("touchpoints").select("id").execute()).length).toBe(20);
    expect(importProgress(jobId)).toBeNull();
    const page = (await run(jobLoader, request(`/import/${jobId}`, { cookie }), { jobId })).value as Awaited<ReturnType<typeof jobLoader>>;
    expect(page.job).toMatchObject({ status: "cancelled", checkpoint: 20 });

    // Retry, from the page: it goes on from row 21.
    const res = await run(jobAction, formRequest(`/import/${jobId}`, { intent: "retry" }, cookie), { jobId });
    expect(locationOf(res)).toBe(`/import/${jobId}`);
    expect((await getImportJob(db(), kam, jobId)).status).toBe("queued");
    const seen: number[] = [];
    expect(await processNextImportJob({ batchSize: 10, onChunk: (p) => void seen.push(p.done) })).toBe(jobId);
    // The first two chunks are read again (duplicates need them), not written again: their counts stay as they were.
    expect(await getImportJob(db(), kam, jobId)).toMatchObject({ status: "done", inserted: 60, updated: 0, unchanged: 0, checkpoint: 60 });
    expect((await db().selectFrom("touchpoints").select("id").execute()).length).toBe(60);
    expect(seen).toEqual([10, 20, 30, 40, 50, 60]);
  });

  it("a waiting import can be cancelled and is never started; someone else's cannot be", async () => {
    const kam = await createUser(db(), { role: "kam" });
    await createAccount(db(), { owner_id: kam.id, external_id: "C-1" });
    const jobId = await queueImport(kam, "touchpoints", invoices(5));
    const other = await createUser(db(), { role: "kam" });
    const refused = await run(jobAction, formRequest(`/import/${jobId}`, { intent: "cancel" }, await sessionCookieFor(other.id)), { jobId });
    expect(statusOf(refused)).toBe(404);
    await run(jobAction, formRequest(`/import/${jobId}`, { intent: "cancel" }, await sessionCookieFor(kam.id)), { jobId });
    expect(await processNextImportJob()).toBeNull();
    expect(await getImportJob(db(), kam, jobId)).toMatchObject({ status: "cancelled", inserted: 0 });
  });
});

describe("while an import runs", () => {
  it(`other pages answer before it ends (${process.env.TEST_DATABASE_URL ? "PostgreSQL" : "embedded database"})`, async () => {
    const kam = await createUser(db(), { role: "kam" });
    await createAccount(db(), { owner_id: kam.id, external_id: "C-1" });
    const cookie = await sessionCookieFor(kam.id);
    const rows = 20_000;
    const jobId = await queueImport(kam, "touchpoints", invoices(rows), { mode: "valid_rows" });
    let writing!: () => void;
    const started = new Promise<void>((resolve) => (writing = resolve));
    const job = processNextImportJob({ onChunk: (p) => (p.phase === "writing" ? writing() : undefined) });
    await started;
    // A generous bound, so a hang fails the test instead of stalling it (not a timing assertion).
    const within = <T,>(work: Promise<T>) =>
      Promise.race([work, new Promise<never>((_, reject) => setTimeout(() => reject(new Error("no answer within 60 s")), 60_000).unref())]);
    const health = (await within(run(healthz, request("/healthz")))).value as Response;
    expect(health.status).toBe(200);
    const accounts = await within(run(accountsLoader, request("/accounts", { cookie })));
    expect(statusOf(accounts)).toBe(200);
    const progressPage = (await within(run(jobLoader, request(`/import/${jobId}`, { cookie }), { jobId }))).value as Awaited<ReturnType<typeof jobLoader>>;
    // All three answered while the import was still writing.
    expect(progressPage.job.status).toBe("running");
    expect(progressPage.progress.done).toBeLessThan(rows);
    expect(importProgress(jobId)).not.toBeNull();
    await job;
    expect(await getImportJob(db(), kam, jobId)).toMatchObject({ status: "done", inserted: rows });
  }, 300_000);
});
