import { sql } from "kysely";
import { describe, expect, it } from "vitest";
import { getImportJob } from "#app/models/import/jobs.server.ts";
import {
  importProgress,
  processNextImportJob,
  requeueStaleJobs,
  settleStoppedJobs,
  STALE_AFTER_MS,
  type Progress,
} from "#app/models/import/worker.server.ts";
import { loader as jobLoader } from "#app/routes/_app.import.$jobId.tsx";
import { database, db } from "#app/utils/db.server.ts";
import { queueImport, runImport } from "#tests/factories/imports.ts";
import { createAccount, createExpectation, createUser } from "#tests/factories/index.ts";
import { request, run, sessionCookieFor } from "#tests/setup/requests.ts";

// Import jobs as a whole: importing what is already there changes nothing at
// all, a running job shows how far it has come, and a job whose worker died is
// run again.

/** Everything an import can touch, in a stable order. */
async function everything() {
  const all = async (table: keyof typeof ORDER) =>
    (await sql`select * from ${sql.table(table)} order by ${sql.raw(ORDER[table])}`.execute(db())).rows;
  const ORDER = {
    accounts: "external_id",
    stakeholders: "external_id",
    touchpoints: "external_id",
    touchpoint_invoices: "number",
    touchpoint_support_cases: "opened_at",
    touchpoint_stakeholders: "touchpoint_id, stakeholder_id",
    expectations: "external_id",
    expectation_changes: "id",
    audit_events: "id",
    account_scores: "account_id",
    health_snapshots: "account_id, day",
    risk_signals: "id",
  } as const;
  const tables = Object.keys(ORDER) as (keyof typeof ORDER)[];
  const rows = await Promise.all(tables.map((t) => all(t)));
  return Object.fromEntries(tables.map((t, i) => [t, rows[i]!])) as Record<keyof typeof ORDER, unknown[]>;
}

const FILES = {
  accounts: [
    "Asiakasnumero;Nimi;Toimiala;Taso;Vaihe;Asiakkuus alkanut;Sopimuksen arvo;Valuutta;Uusimispäivä;Omistaja",
    "C-1;Acme Oy;Logistiikka;key;adoption;1.3.2021;125 000,50;EUR;30.6.2027;kaisa@pohjola.example",
    "C-2;Beta Ab;Retail;strategic;expansion;2020-01-15;80000;SEK;2026-12-31;kaisa@pohjola.example",
  ],
  stakeholders: [
    "account;id;name;title;email;phone;role;influence;stance;reports to;left on",
    "C-1;P-1;Maija Meikäläinen;CEO;maija@acme.example;+358 40 123;decision maker;5;supporter;;",
    "C-1;P-2;Pekka Puu;CFO;;;economic_buyer;4;neutral;P-1;",
    "C-1;P-3;Liisa Lehto;IT;;;champion;3;advocate;P-2;31.12.2024",
  ],
  expectations: [
    "account;id;title;description;category;importance;due date;original due date;holder;source;outcome;delivered on;delivery note",
    "C-1;E-1;Monthly report;By the 5th;communication;3;31.1.2025;15.1.2025;P-2;contract;late;3.2.2025;Two days late",
    "C-1;E-2;Response within 4 h;;response_time;2;2025-12-31;;P-1;customer;;;",
    "C-2;E-3;Delivery on time;;delivery;1;1.6.2025;;;internal;kept;1.6.2025;",
  ],
  touchpoints: [
    "account;id;kind;when;title;summary;participants;sentiment;amount;due date;number;sla hours;status;resolved at",
    "C-1;T-1;meeting;2.1.2025 10.00;Kick-off;Went well;P-1,P-2;1;;;;;;",
    "C-1;T-2;invoice;3.1.2025;;;;;1 250,00;2.2.2025;INV-1;;;",
    "C-1;T-3;support_case;4.1.2025 9.15;Login broken;;P-3;-1;;;;8;resolved;4.1.2025 15.00",
  ],
} as const;

describe("importing what is already there", () => {
  it("changes nothing at all for accounts, stakeholders, expectations and touchpoints: no rows, versions, audit events or scores", async () => {
    const kam = await createUser(db(), { role: "kam", email: "kaisa@pohjola.example" });
    const kinds = ["accounts", "stakeholders", "expectations", "touchpoints"] as const;
    for (const kind of kinds) {
      const job = await runImport(kam, kind, FILES[kind].join("\n"));
      expect([kind, job.errors]).toEqual([kind, []]);
      expect(job).toMatchObject({ status: "done", inserted: FILES[kind].length - 1 });
    }
    const before = await everything();
    // The first imports left an audit trail and scores: the second must not add to them.
    expect(before.audit_events.length).toBeGreaterThan(0);
    expect(before.account_scores).toHaveLength(2);

    for (const kind of kinds) {
      const again = await runImport(kam, kind, FILES[kind].join("\n"));
      expect([kind, again.status, again.inserted, again.updated, again.unchanged]).toEqual([kind, "done", 0, 0, FILES[kind].length - 1]);
    }
    expect(await everything()).toEqual(before);
  });
});

describe("a running import", () => {
  const invoices = (count: number) =>
    ["account;id;kind;when;amount;due date;number", ...Array.from({ length: count }, (_, i) => `C-1;I-${i};invoice;1.1.2025;${i},50;1.2.2025;N-${i}`)].join("\n");

  it("shows rows checked, then written, out of the total while it runs, on its page", async () => {
    const kam = await createUser(db(), { role: "kam" });
    await createAccount(db(), { owner_id: kam.id, external_id: "C-1" });
    const jobId = await queueImport(kam, "touchpoints", invoices(450));
    const cookie = await sessionCookieFor(kam.id);
    const seen: Progress[] = [];
    const pages: { progress: Progress; checkpoint: number }[] = [];
    // Each chunk is its own transaction: between two, the page reads the job's row on
    // either database (the embedded one's single connection is free then).
    await processNextImportJob({
      batchSize: 100,
      persistEveryMs: 0,
      async onChunk() {
        seen.push(importProgress(jobId)!);
        const page = (await run(jobLoader, request(`/import/${jobId}`, { cookie }), { jobId })).value as Awaited<ReturnType<typeof jobLoader>>;
        expect(page.job.status).toBe("running");
        const row = await db().selectFrom("import_jobs").select(["phase", "done", "total"]).where("id", "=", jobId).executeTakeFirstOrThrow();
        expect(row).toEqual(page.progress);
        pages.push({ progress: row, checkpoint: page.job.checkpoint });
      },
    });
    // All-or-nothing: every row is tried first (nothing kept), then written chunk by chunk.
    const steps = [100, 200, 300, 400, 450];
    const expected = [...steps.map((done) => ({ phase: "checking", done, total: 450 })), ...steps.map((done) => ({ phase: "writing", done, total: 450 }))];
    expect(seen).toEqual(expected);
    expect(pages.map((p) => p.progress)).toEqual(expected);
    // While writing, the page's count of rows committed is the checkpoint a resumed job would go on from.
    expect(pages.map((p) => p.checkpoint)).toEqual([0, 0, 0, 0, 0, ...steps]);
    expect(await getImportJob(db(), kam, jobId)).toMatchObject({ status: "done", done: 450, inserted: 450, checkpoint: 450 });
    expect(importProgress(jobId)).toBeNull();
  });

  it("is run again when its worker died, going on after its last committed chunk, and completes; a live one is left alone", async () => {
    const kam = await createUser(db(), { role: "kam" });
    await createAccount(db(), { owner_id: kam.id, external_id: "C-1" });
    const dead = await queueImport(kam, "touchpoints", invoices(30));
    const live = await queueImport(kam, "touchpoints", invoices(5));
    // Both claimed by a worker: one has not been heard from for longer than STALE_AFTER_MS, the other just now.
    await db()
      .updateTable("import_jobs")
      .set({ status: "running", attempts: 1, started_at: sql`now()`, heartbeat_at: new Date(Date.now() - STALE_AFTER_MS - 1_000), done: 10, checkpoint: 0, phase: "writing" })
      .where("id", "=", dead)
      .execute();
    await db().updateTable("import_jobs").set({ status: "running", attempts: 1, started_at: sql`now()`, heartbeat_at: sql`now()` }).where("id", "=", live).execute();
    await requeueStaleJobs();
    const states = await db().selectFrom("import_jobs").select(["id", "status", "done"]).where("id", "in", [dead, live]).execute();
    const state = (id: string) => states.find((s) => s.id === id);
    expect(state(dead)).toMatchObject({ status: "queued" });
    // On a server, another process may still be running the fresh one. The embedded database is one
    // process: a job marked running that this process is not running was cut short, whatever its heartbeat.
    expect(state(live)!.status).toBe(database().driver === "postgres" ? "running" : "queued");

    expect(await processNextImportJob()).toBe(dead);
    expect(await getImportJob(db(), kam, dead)).toMatchObject({ status: "done", inserted: 30, done: 30, attempts: 2 });
  });
});

describe("an import written in chunks", () => {
  it("all-or-nothing: a row the database refuses in a later chunk undoes the chunks written before it, and every bad row is listed", async () => {
    const kam = await createUser(db(), { role: "kam" });
    const account = await createAccount(db(), { owner_id: kam.id, external_id: "C-1" });
    // Confirmed by the customer: a file without its outcome cannot reopen it (the database refuses).
    await createExpectation(db(), { account_id: account.id, external_id: "E-4", status: "resolved", outcome: "kept", delivered_on: "2025-01-01", customer_response: "confirmed", due_date: "2025-01-01" });
    const ledger = [
      "account;id;title;due date;outcome",
      "C-1;E-1;One;2025-12-31;",
      "C-1;E-2;Two;2025-12-31;",
      "C-1;E-3;Three;2025-12-31;",
      "C-1;E-4;Reopened;2025-01-01;",
      "C-1;E-5;Five;2025-12-31;",
      "C-1;E-6;Six;31.2.2025;",
    ].join("\n");
    const strict = await runImport(kam, "expectations", ledger, { run: { batchSize: 2 } });
    expect(strict).toMatchObject({ status: "rejected", inserted: 0, updated: 0, rejected: 2 });
    expect(strict.errors.map((e) => [e.line, e.field])).toEqual([
      [5, "outcome"],
      [7, "due_date"],
    ]);
    expect(await db().selectFrom("expectations").select("external_id").execute()).toEqual([{ external_id: "E-4" }]);
    expect(await db().selectFrom("expectation_changes").select("id").execute()).toEqual([]);

    const lenient = await runImport(kam, "expectations", ledger, { mode: "valid_rows", run: { batchSize: 2 } });
    expect(lenient).toMatchObject({ status: "done", inserted: 4, rejected: 2 });
  });
});

describe("the finishing step", () => {
  const invoices = [
    "account;id;kind;when;amount;due date;number",
    ...["F-1", "F-2", "F-3", "F-1", "F-2", "F-3", "F-1"].map((account, i) => `${account};I-${i};invoice;1.1.2025;10,00;1.2.2025;N-${i}`),
  ];

  it("checks each chunk ahead of the one being written and still lists every bad row in order; each account gets one audit event with its counts", async () => {
    const kam = await createUser(db(), { role: "kam" });
    const accounts = await Promise.all(["F-1", "F-2", "F-3"].map((external_id) => createAccount(db(), { owner_id: kam.id, external_id })));
    const file = [...invoices, "F-9;I-7;invoice;1.1.2025;10,00;1.2.2025;N-7", "F-2;I-1;invoice;1.1.2025;10,00;1.2.2025;N-1"].join("\n");
    const strict = await runImport(kam, "touchpoints", file, { run: { batchSize: 2 } });
    expect(strict).toMatchObject({ status: "rejected", inserted: 0, rejected: 2 });
    expect(strict.errors.map((e) => [e.line, e.field])).toEqual([
      [9, "account"],
      [10, "external_id"],
    ]);

    const lenient = await runImport(kam, "touchpoints", file, { mode: "valid_rows", run: { batchSize: 2 } });
    expect(lenient).toMatchObject({ status: "done", inserted: 7, rejected: 2 });
    const audits = await db()
      .selectFrom("audit_events")
      .select(["account_id", "after"])
      .where("entity", "=", "import_job")
      .where("entity_id", "=", lenient.id)
      .execute();
    const expected = accounts.map((a, i) => [a.id, { file_name: "touchpoints.csv", inserted: i === 0 ? 3 : 2, updated: 0 }]);
    expect(audits.map((a) => [a.account_id, a.after]).sort()).toEqual(expected.sort());
    expect(await db().selectFrom("import_job_accounts").select("account_id").execute()).toEqual([]);
    expect(await db().selectFrom("account_scores").select("account_id").execute()).toHaveLength(3);
  });

  it("settles each account of a stopped job once, however many settle it at the same time", async () => {
    const kam = await createUser(db(), { role: "kam" });
    const accounts = await Promise.all(["F-1", "F-2", "F-3"].map((external_id) => createAccount(db(), { owner_id: kam.id, external_id })));
    const jobId = await queueImport(kam, "touchpoints", invoices.join("\n"));
    // Stopped after writing: the accounts it changed still wait for their audit event and scores.
    await db().updateTable("import_jobs").set({ status: "failed" }).where("id", "=", jobId).execute();
    await db()
      .insertInto("import_job_accounts")
      .values(accounts.map((a) => ({ job_id: jobId, account_id: a.id, inserted: 2, updated: 1 })))
      .execute();
    await Promise.all([settleStoppedJobs(), settleStoppedJobs()]);
    const audits = await db().selectFrom("audit_events").select(["account_id", "after"]).where("entity_id", "=", jobId).execute();
    expect(audits.map((a) => a.account_id).sort()).toEqual(accounts.map((a) => a.id).sort());
    expect(audits.map((a) => a.after)).toEqual(accounts.map(() => ({ file_name: "touchpoints.csv", inserted: 2, updated: 1 })));
    expect(await db().selectFrom("import_job_accounts").select("account_id").execute()).toEqual([]);
  });
});
