// Times a CSV import of 100,000 invoice touchpoints through the app's own import
// code (parse, check, resolve, batched upserts, facts, scores) on a real
// PostgreSQL server, and a plain COPY of the same rows into the same table as the floor.
//
//   npm run bench:import [-- --server postgres://… --rows 20000]
//
// The server comes from --server, else BENCH_DATABASE_URL, else DATABASE_URL,
// else postgres://postgres@127.0.0.1:5432/postgres. The work happens in a
// scratch database on that server (kohtaamo_bench_import, or
// BENCH_IMPORT_DATABASE), made fresh and dropped at the end; the server URL's
// own database is not touched.
//
// From another script: `await runImportBench({ serverUrl, rows })` resolves to
// an ImportBenchResult. It points this process's database handle at the scratch
// database while it runs and gives back whatever handle was open before.
import fs from "node:fs";
import { performance } from "node:perf_hooks";
import { Writable } from "node:stream";
import { pipeline } from "node:stream/promises";
import { pathToFileURL } from "node:url";
import { parseArgs } from "node:util";
// postgres.js is used here only for administration and COPY … FROM STDIN (the
// app's driver, pg, has no COPY support without another package).
import postgres from "postgres";
import { createDatabase } from "#db/connection.ts";
import { migrateToLatest } from "#db/migrator.ts";
import { createImportJob, getImportJob, queueImportJob, saveImportMapping } from "#app/models/import/jobs.server.ts";
import { processNextImportJob } from "#app/models/import/worker.server.ts";
import { closeDatabase, db, replaceDatabase } from "#app/utils/db.server.ts";

export const DEFAULT_SERVER = "postgres://postgres@127.0.0.1:5432/postgres";
const ACCOUNTS = 20;

export interface ImportBenchOptions {
  /** A PostgreSQL server whose user may create databases. Default: DEFAULT_SERVER. */
  serverUrl?: string;
  /** Rows in the file. Default 100,000. */
  rows?: number;
  /** The scratch database's name. Default: BENCH_IMPORT_DATABASE or kohtaamo_bench_import. */
  database?: string;
  /** Where progress lines go. Default: nowhere. */
  log?: (line: string) => void;
}

export interface Rate {
  seconds: number;
  rowsPerSecond: number;
}

export interface ImportBenchResult {
  rows: number;
  fileMegabytes: number;
  /** Uploading the file: read, counted and stored as a draft job (before the import proper). */
  upload: Rate;
  /** The import proper: the worker's run of the queued job (check, write, facts, scores, one transaction). */
  import: Rate;
  /** The same file imported again: every row found unchanged, nothing written. */
  reimport: Rate;
  /** A plain COPY of the same rows into touchpoints: the floor. */
  copy: Rate;
  /** CPU seconds spent by this process and by the server's backends during the first import (null when /proc cannot be read). */
  cpu: { node: number; postgres: number | null };
}

const rate = (rows: number, seconds: number): Rate => ({ seconds, rowsPerSecond: Math.round(rows / seconds) });

/** The file as a Finnish ERP writes it: semicolons, comma decimals, d.m.yyyy dates, a byte-order mark, CRLF. */
function invoiceFile(rows: number): string {
  const lines = ["Asiakas;Laskunumero;Laskun pvm;Eräpäivä;Summa;Maksettu;Kuvaus"];
  for (let i = 0; i < rows; i++) {
    const day = (i % 28) + 1;
    const month = (i % 12) + 1;
    lines.push(
      `B-${i % ACCOUNTS};INV-${i};${day}.${month}.2024;${day}.${month}.2025;${1000 + (i % 9000)},${String(i % 100).padStart(2, "0")};` +
        `${i % 3 ? "" : `${day}.${month}.2025`};Lasku ${i}`,
    );
  }
  return `\uFEFF${lines.join("\r\n")}\r\n`;
}

/** CPU milliseconds of the server's backends on `database`, when the server runs on this machine (Linux). */
async function backendCpuMs(admin: postgres.Sql, database: string): Promise<Map<number, number> | null> {
  const pids = await admin<{ pid: number }[]>`select pid from pg_stat_activity where datname = ${database}`;
  const ticks = new Map<number, number>();
  try {
    for (const { pid } of pids) {
      const fields = fs.readFileSync(`/proc/${pid}/stat`, "utf8").split(") ")[1]!.split(" ");
      ticks.set(pid, (Number(fields[11]) + Number(fields[12])) * 10); // utime + stime, in 10 ms ticks
    }
  } catch {
    return null;
  }
  return ticks;
}

function cpuDelta(before: Map<number, number> | null, after: Map<number, number> | null): number | null {
  if (!before || !after) return null;
  let ms = 0;
  for (const [pid, t] of after) ms += t - (before.get(pid) ?? 0);
  return ms / 1000;
}

export async function runImportBench(options: ImportBenchOptions = {}): Promise<ImportBenchResult> {
  const rows = options.rows ?? 100_000;
  const name = options.database ?? process.env.BENCH_IMPORT_DATABASE ?? "kohtaamo_bench_import";
  if (!/^[a-z_][a-z0-9_]*$/.test(name)) throw new Error(`Not a plain database name: ${name}`);
  const log = options.log ?? (() => {});
  const serverUrl = options.serverUrl ?? DEFAULT_SERVER;
  const scratch = new URL(serverUrl);
  scratch.pathname = `/${name}`;
  const admin = postgres(serverUrl, { max: 1, onnotice: () => {} });
  await admin.unsafe(`DROP DATABASE IF EXISTS ${name} WITH (FORCE)`);
  await admin.unsafe(`CREATE DATABASE ${name}`);
  const previous = replaceDatabase(createDatabase({ url: scratch.toString(), statementTimeoutMs: 120_000 }));
  try {
    await migrateToLatest(db());
    const user = await db()
      .insertInto("users")
      .values({ email: "bench@pohjola.example", name: "Bench KAM", role: "kam" })
      .returning(["id", "role"])
      .executeTakeFirstOrThrow();
    const accounts = await db()
      .insertInto("accounts")
      .values(Array.from({ length: ACCOUNTS * 2 }, (_, i) => ({ name: `Bench ${i} Oy`, external_id: `B-${i}`, owner_id: user.id })))
      .returning("id")
      .execute();

    const text = invoiceFile(rows);
    const fileMegabytes = Number((Buffer.byteLength(text) / 1e6).toFixed(1));
    log(`File: ${rows.toLocaleString("en")} rows, ${fileMegabytes} MB, ${ACCOUNTS} accounts.`);
    const actor = { id: user.id, role: user.role };
    const upload = async () => {
      const started = performance.now();
      const id = await createImportJob(db(), actor, { kind: "touchpoints", source: "bench", fileName: "bench.csv", text });
      return { id, seconds: (performance.now() - started) / 1000 };
    };

    const first = await upload();
    const draft = await getImportJob(db(), actor, first.id);
    const mapping = { ...draft.mapping, kind: "=invoice", external_id: "Laskunumero", summary: "Kuvaus" };
    await saveImportMapping(db(), actor, first.id, { mapping, mode: "all_or_nothing", source: "bench" });
    await queueImportJob(db(), actor, first.id);
    const cpuBefore = process.cpuUsage();
    const pgBefore = await backendCpuMs(admin, name);
    const started = performance.now();
    await processNextImportJob();
    const importSeconds = (performance.now() - started) / 1000;
    const nodeCpu = process.cpuUsage(cpuBefore);
    const pgCpu = cpuDelta(pgBefore, await backendCpuMs(admin, name));
    const job = await getImportJob(db(), actor, first.id);
    if (job.status !== "done" || job.inserted !== rows) throw new Error(`Import ended ${job.status}: ${JSON.stringify(job.errors.slice(0, 3))}`);

    // The same file again, from the same source: the remembered mapping applies.
    const again = await upload();
    await queueImportJob(db(), actor, again.id);
    const againStarted = performance.now();
    await processNextImportJob();
    const againSeconds = (performance.now() - againStarted) / 1000;
    const second = await getImportJob(db(), actor, again.id);
    if (second.unchanged !== rows) throw new Error(`Re-import changed rows: ${JSON.stringify({ ...second, errors: second.errors.slice(0, 3) })}`);

    // The floor: the same rows COPYed straight into touchpoints (other accounts, no checks, no facts, no scores).
    const copyClient = postgres(scratch.toString(), { max: 1, onnotice: () => {} });
    const copyStarted = performance.now();
    try {
      const writable = await copyClient`COPY touchpoints (account_id, external_id, kind, occurred_at, author_id, source, title, summary) FROM STDIN`.writable();
      const target = accounts.slice(ACCOUNTS).map((a) => a.id);
      const copyRows = async function* () {
        const chunk: string[] = [];
        for (let i = 0; i < rows; i++) {
          const day = (i % 28) + 1;
          const month = (i % 12) + 1;
          const at = `2024-${String(month).padStart(2, "0")}-${String(day).padStart(2, "0")} 00:00:00+02`;
          chunk.push([target[i % ACCOUNTS], `INV-${i}`, "invoice", at, user.id, "import", `Invoice INV-${i}`, `Lasku ${i}`].join("\t"));
          if (chunk.length === 5_000) yield `${chunk.splice(0).join("\n")}\n`;
        }
        if (chunk.length) yield `${chunk.join("\n")}\n`;
      };
      await pipeline(copyRows, writable as Writable);
    } finally {
      await copyClient.end();
    }
    const copySeconds = (performance.now() - copyStarted) / 1000;

    return {
      rows,
      fileMegabytes,
      upload: rate(rows, first.seconds),
      import: rate(rows, importSeconds),
      reimport: rate(rows, againSeconds),
      copy: rate(rows, copySeconds),
      cpu: { node: (nodeCpu.user + nodeCpu.system) / 1e6, postgres: pgCpu },
    };
  } finally {
    await closeDatabase();
    replaceDatabase(previous);
    await admin.unsafe(`DROP DATABASE IF EXISTS ${name} WITH (FORCE)`);
    await admin.end();
  }
}

/** The result as the lines `npm run bench:import` prints. */
export function formatImportBench(r: ImportBenchResult): string[] {
  const line = (label: string, x: Rate) => `${label.padEnd(44)} ${x.seconds.toFixed(2).padStart(6)} s  ${x.rowsPerSecond.toLocaleString("en").padStart(7)} rows/s`;
  const cpu = `CPU during the import: this process ${r.cpu.node.toFixed(2)} s, PostgreSQL ${r.cpu.postgres === null ? "n/a" : `${r.cpu.postgres.toFixed(2)} s`}`;
  return [
    line("Upload (read, count and store the file):", r.upload),
    line("Import (check + write + facts + scores):", r.import),
    line("Same file again (all unchanged):", r.reimport),
    line("Plain COPY of the same rows (floor):", r.copy),
    cpu,
  ];
}

if (import.meta.url === pathToFileURL(process.argv[1] ?? "").href) {
  const { values } = parseArgs({
    options: {
      server: { type: "string", default: process.env.BENCH_DATABASE_URL ?? process.env.DATABASE_URL ?? DEFAULT_SERVER },
      rows: { type: "string", default: process.env.ROWS ?? "100000" },
    },
  });
  if (!values.server.startsWith("postgres")) {
    console.error("--server (or BENCH_DATABASE_URL) must be the postgres:// URL of a server whose user may create databases.");
    process.exit(1);
  }
  const result = await runImportBench({ serverUrl: values.server, rows: Number(values.rows), log: console.log });
  for (const l of formatImportBench(result)) console.log(l);
}
