import { sql } from "kysely";
import postgres from "postgres";
import { afterAll, beforeAll, describe, expect, it, vi } from "vitest";
import { calendarDate, instantToWallTime } from "#app/domain/time.ts";
import { processNextImportJob } from "#app/models/import/worker.server.ts";
import { database, db, isDatabaseUnavailable } from "#app/utils/db.server.ts";
import { createDatabase, type Database } from "#db/connection.ts";
import { readDatabaseEnv } from "#db/env.ts";
import {
  createAccount,
  createExpectation,
  createPortalUser,
  createStakeholder,
  createUser,
} from "#tests/factories/index.ts";
import { handle } from "#tests/setup/app-handler.ts";
import { request, sessionCookieFor } from "#tests/setup/requests.ts";

// Faults on a real PostgreSQL server (this file runs only with TEST_DATABASE_URL;
// tests/vitest.config.ts leaves it out otherwise). The app's own connection is
// ended with pg_terminate_backend in the middle of a write: a form action through
// the whole app (tests/setup/app-handler.ts), and a CSV import job in the worker.
// To end it at a known point, the test holds a lock on audit_events, which every
// write touches last, inside its transaction: the app's backend waits there with
// its rows written but not committed, and is terminated while it waits.

const appUrl = process.env.DATABASE_URL!;
let admin: postgres.Sql;

beforeAll(() => {
  admin = postgres(appUrl, { max: 3, onnotice: () => {} });
});
afterAll(async () => {
  await admin.end();
});

/** Console errors the app logs on purpose during a fault; the test says which it expects. */
function expectedErrors() {
  const logged: string[] = [];
  vi.spyOn(console, "error").mockImplementation((...args: unknown[]) => {
    logged.push(args.map((a) => (a instanceof Error ? a.message : String(a))).join(" "));
  });
  vi.spyOn(console, "warn").mockImplementation(() => {});
  return logged;
}

/** Holds a lock on `table` until release() is called. */
async function holdLock(table: string, mode = "SHARE ROW EXCLUSIVE") {
  let release!: () => void;
  const released = new Promise<void>((resolve) => (release = resolve));
  let locked!: () => void;
  const isLocked = new Promise<void>((resolve) => (locked = resolve));
  const tx = admin.begin(async (t) => {
    await t.unsafe(`LOCK TABLE ${table} IN ${mode} MODE`);
    locked();
    await released;
  });
  await isLocked;
  return { release: async () => (release(), await tx) };
}

/** Waits until one of the app's connections waits for a lock, then ends it; its pid. */
async function terminateWaitingBackend(timeoutMs = 10_000): Promise<number> {
  const deadline = Date.now() + timeoutMs;
  while (Date.now() < deadline) {
    const rows = await admin<{ pid: number }[]>`
      select pid from pg_stat_activity
      where datname = current_database() and application_name = 'kohtaamo' and wait_event_type = 'Lock'`;
    if (rows[0]) {
      await admin`select pg_terminate_backend(${rows[0].pid})`;
      return rows[0].pid;
    }
    await new Promise((r) => setTimeout(r, 10));
  }
  throw new Error("No connection of the app waited for the lock.");
}

function formPost(path: string, fields: Record<string, string>, cookie: string): Request {
  return request(path, {
    method: "POST",
    body: new URLSearchParams(fields),
    headers: { "Content-Type": "application/x-www-form-urlencoded" },
    cookie,
  });
}

const auditCount = async (entity: string) =>
  Number(
    (
      await db()
        .selectFrom("audit_events")
        .select((eb) => eb.fn.countAll().as("n"))
        .where("entity", "=", entity)
        .executeTakeFirstOrThrow()
    ).n,
  );

interface WriteCase {
  name: string;
  /** Sets up the record and returns the request to send and the checks of "not written" and "written once". */
  prepare(): Promise<{ send: () => Request; absent: () => Promise<void>; once: () => Promise<void> }>;
}

const WRITES: WriteCase[] = [
  {
    name: "logging a touchpoint",
    async prepare() {
      const kam = await createUser(db(), { role: "kam" });
      const account = await createAccount(db(), { owner_id: kam.id });
      const cookie = await sessionCookieFor(kam.id);
      const title = `Fault probe ${Date.now()}`;
      const fields = {
        kind: "meeting",
        occurred_at: instantToWallTime(new Date(Date.now() - 3_600_000), "Europe/Helsinki"),
        title,
        user_ids: kam.id,
      };
      const rows = () => db().selectFrom("touchpoints").select("id").where("title", "=", title).execute();
      return {
        send: () => formPost(`/accounts/${account.id}/touchpoints/new`, fields, cookie),
        absent: async () => {
          expect(await rows()).toEqual([]);
          expect(await auditCount("touchpoint")).toBe(0);
        },
        once: async () => {
          expect(await rows()).toHaveLength(1);
          expect(await auditCount("touchpoint")).toBe(1);
        },
      };
    },
  },
  {
    name: "recording a delivery",
    async prepare() {
      const kam = await createUser(db(), { role: "kam" });
      const account = await createAccount(db(), { owner_id: kam.id });
      const expectation = await createExpectation(db(), { account_id: account.id });
      const cookie = await sessionCookieFor(kam.id);
      const fields = {
        intent: "deliver",
        version: String(expectation.version),
        outcome: "kept",
        delivered_on: calendarDate(),
      };
      const stored = () =>
        db()
          .selectFrom("expectations")
          .select(["status", "version"])
          .where("id", "=", expectation.id)
          .executeTakeFirstOrThrow();
      const changes = () =>
        db().selectFrom("expectation_changes").select("kind").where("expectation_id", "=", expectation.id).execute();
      return {
        send: () => formPost(`/accounts/${account.id}/expectations/${expectation.id}`, fields, cookie),
        absent: async () => {
          expect(await stored()).toEqual({ status: "open", version: expectation.version });
          expect(await changes()).toEqual([]);
          expect(await auditCount("expectation")).toBe(0);
        },
        once: async () => {
          expect(await stored()).toEqual({ status: "resolved", version: expectation.version + 1 });
          expect(await changes()).toHaveLength(1);
          expect(await auditCount("expectation")).toBe(1);
        },
      };
    },
  },
  {
    name: "a customer's NPS answer in the portal",
    async prepare() {
      const kam = await createUser(db(), { role: "kam" });
      const account = await createAccount(db(), { owner_id: kam.id });
      const person = await createStakeholder(db(), { account_id: account.id });
      const customer = await createPortalUser(db(), account.id, person.id);
      const cookie = await sessionCookieFor(customer.id);
      const answers = () =>
        db().selectFrom("survey_responses").select("score").where("account_id", "=", account.id).execute();
      return {
        send: () => formPost("/portal/feedback", { intent: "nps", score: "9", comment: "Steady" }, cookie),
        absent: async () => expect(await answers()).toEqual([]),
        once: async () => expect(await answers()).toEqual([{ score: 9 }]),
      };
    },
  },
];

describe("when the server ends the app's connection in the middle of a form's write", () => {
  // The app's modules loaded before any clock starts.
  beforeAll(async () => void (await handle(request("/livez"))));

  it.each(WRITES.map((w) => [w.name, w] as const))(
    "%s: nothing half-written, a clear 503, and the next request works",
    async (_name, write) => {
      const { send, absent, once } = await write.prepare();
      const logged = expectedErrors();
      const lock = await holdLock("audit_events");
      const pending = handle(send());
      try {
        await terminateWaitingBackend();
      } finally {
        await lock.release();
      }
      const res = await pending;
      expect(res.status).toBe(503);
      expect(res.headers.get("Retry-After")).toBe("10");
      const html = await res.text();
      expect(html).toContain("cannot reach its database");
      expect(html).not.toContain("An unexpected error");
      // The ended connection fails the write (or the rollback after it): either way, reported as unavailability.
      expect(logged.join("\n")).toMatch(
        /Database unreachable: (terminating connection|Connection terminated|read ECONNRESET)/,
      );
      await absent();

      // No restart: the pool dropped the dead connection, and the same request now succeeds once.
      const again = await handle(send());
      expect(again.status).toBe(302);
      await once();
    },
  );

  it("leaves no partial write in a model transaction, and reports it as unavailability", async () => {
    const owner = await createUser(db(), { role: "kam" });
    const failure = await db()
      .transaction()
      .execute(async (trx) => {
        await createAccount(trx, { owner_id: owner.id, name: "Half Written Oy" });
        const { rows } = await sql<{ pid: number }>`select pg_backend_pid() as pid`.execute(trx);
        await admin`select pg_terminate_backend(${rows[0]!.pid})`;
        await createAccount(trx, { owner_id: owner.id, name: "Second Half Oy" });
      })
      .then(
        () => null,
        (e: unknown) => e,
      );
    expect(failure).not.toBeNull();
    expect(isDatabaseUnavailable(failure)).toBe(true);
    expect(await db().selectFrom("accounts").select("name").execute()).toEqual([]);
    expect(database().driver).toBe("postgres");
  });
});

describe("when the server ends the import worker's connection in the middle of a job", () => {
  // Stakeholders of one account: several batches of rows, one audit event and one re-scoring at the end.
  const ROWS = 2_500;
  const file = () =>
    `account;external_id;name\n${Array.from({ length: ROWS }, (_, i) => `fault-acc;fault-${i};Fault Probe ${i}`).join("\n")}\n`;

  async function uploadAndStart(cookie: string): Promise<string> {
    const form = new FormData();
    form.append("kind", "stakeholders");
    form.append("source", "fault drill");
    form.append("file", new Blob([file()], { type: "text/csv" }), "people.csv");
    const uploaded = await handle(request("/import", { method: "POST", body: form, cookie }));
    expect(uploaded.status).toBe(302);
    const jobId = uploaded.headers.get("Location")!.split("/").pop()!;
    const mapping = { "map.account": "account", "map.external_id": "external_id", "map.name": "name" };
    const started = await handle(
      formPost(`/import/${jobId}`, { intent: "start", mode: "all_or_nothing", ...mapping }, cookie),
    );
    expect(started.status).toBe(302);
    return jobId;
  }

  const imported = async () =>
    Number(
      (
        await db()
          .selectFrom("stakeholders")
          .select((eb) => eb.fn.countAll().as("n"))
          .where("external_id", "like", "fault-%")
          .executeTakeFirstOrThrow()
      ).n,
    );

  it("keeps the chunks it committed, marks the job failed, and a retry finishes it: every row once, one audit event", async () => {
    const kam = await createUser(db(), { role: "kam" });
    await createAccount(db(), { owner_id: kam.id, external_id: "fault-acc" });
    const cookie = await sessionCookieFor(kam.id);
    const jobId = await uploadAndStart(cookie);
    const logged = expectedErrors();

    // The job checks and writes all its chunks (each committed), then waits for the audit lock in its finishing step.
    const lock = await holdLock("audit_events");
    const running = processNextImportJob();
    try {
      await terminateWaitingBackend(30_000);
    } finally {
      await lock.release();
    }
    expect(await running).toBe(jobId);
    expect(logged.join("\n")).toContain(`Import ${jobId} failed.`);

    const job = await db()
      .selectFrom("import_jobs")
      .select(["status", "failure", "inserted", "checkpoint", "phase"])
      .where("id", "=", jobId)
      .executeTakeFirstOrThrow();
    expect(job).toMatchObject({ status: "failed", inserted: ROWS, checkpoint: ROWS, phase: "finishing" });
    expect(job.failure).toMatch(/terminat|ECONNRESET|connection/i);
    expect(await imported()).toBe(ROWS);
    expect(await auditCount("import_job")).toBe(0);

    // No restart: the job's page answers and offers a retry, which goes on with the finishing step only.
    const page = await handle(request(`/import/${jobId}`, { cookie }));
    expect(page.status).toBe(200);
    const retried = await handle(formPost(`/import/${jobId}`, { intent: "retry" }, cookie));
    expect(retried.status).toBe(302);
    expect(await processNextImportJob()).toBe(jobId);
    const done = await db()
      .selectFrom("import_jobs")
      .select(["status", "inserted"])
      .where("id", "=", jobId)
      .executeTakeFirstOrThrow();
    expect(done).toEqual({ status: "done", inserted: ROWS });
    expect(await imported()).toBe(ROWS);
    expect(await auditCount("import_job")).toBe(1);
  }, 60_000);
});

describe("when a query runs longer than DATABASE_STATEMENT_TIMEOUT_MS", () => {
  const store = globalThis as typeof globalThis & { __kohtaamoDatabase?: Database };

  it("answers with the 503 page at the timeout instead of hanging, and the next request works", async () => {
    const kam = await createUser(db(), { role: "kam" });
    await createAccount(db(), { owner_id: kam.id, name: "Slow Answer Oy" });
    const cookie = await sessionCookieFor(kam.id);
    const real = store.__kohtaamoDatabase;
    const quick = createDatabase(readDatabaseEnv({ ...process.env, DATABASE_STATEMENT_TIMEOUT_MS: "300" }));
    store.__kohtaamoDatabase = quick;
    const logged = expectedErrors();
    // The account list's query waits for this lock until the statement times out.
    const lock = await holdLock("accounts", "ACCESS EXCLUSIVE");
    try {
      // The lock is held until after the answer: only the statement timeout can end the wait.
      const res = await handle(request("/accounts", { cookie }));
      expect(res.status).toBe(503);
      // The server answered, but not in time: busy, not unreachable.
      expect(await res.text()).toContain("is busy right now");
      expect(logged.join("\n")).toMatch(/Database busy: .*statement timeout/);
    } finally {
      await lock.release();
      store.__kohtaamoDatabase = real;
      await quick.close();
    }
    const after = await handle(request("/accounts", { cookie }));
    expect(after.status).toBe(200);
    expect(await after.text()).toContain("Slow Answer Oy");
  });
});

describe("the health endpoint on a real server", () => {
  it("reports the database reachable, and again right after every app connection was ended", async () => {
    const first = await handle(request("/healthz"));
    expect(first.status).toBe(200);
    expect(await first.json()).toMatchObject({ status: "ok", database: "reachable" });
    expectedErrors();
    const ended = await admin<{ n: number }[]>`
      select count(pg_terminate_backend(pid))::int as n from pg_stat_activity
      where datname = current_database() and application_name = 'kohtaamo'`;
    expect(ended[0]!.n).toBeGreaterThan(0);
    // The pool hears of each ended connection and drops it; give those events a moment to arrive.
    await new Promise((r) => setTimeout(r, 100));
    const second = await handle(request("/healthz"));
    expect(second.status).toBe(200);
    expect(await second.json()).toMatchObject({ database: "reachable" });
  });
});
