// Times a CSV import of 100,000 invoice touchpoints through the app's own import
// code (parse, check, resolve, batched upserts, scores) on a real PostgreSQL
// server, and a plain COPY of the same rows into the same table as the floor.
//
//   DATABASE_URL=postgres://postgres@127.0.0.1:5432/postgres npm run bench:import
//
// It works in a scratch database (kohtaamo_bench_import) on that server, made
// fresh and dropped at the end; DATABASE_URL's own database is not touched.
// ROWS=20000 runs a smaller file.
import { performance } from "node:perf_hooks";
import { Writable } from "node:stream";
import { pipeline } from "node:stream/promises";
// postgres.js is used here only for COPY … FROM STDIN (the app's driver, pg, has
// no COPY support without another package); it is already a dependency.
import postgres from "postgres";

const ROWS = Number(process.env.ROWS ?? 100_000);
const ACCOUNTS = 20;
const serverUrl = process.env.DATABASE_URL;
if (!serverUrl?.startsWith("postgres")) {
  console.error("Set DATABASE_URL to a PostgreSQL server whose user may create databases.");
  process.exit(1);
}
const scratch = new URL(serverUrl);
scratch.pathname = "/kohtaamo_bench_import";
const admin = postgres(serverUrl, { max: 1, onnotice: () => {} });
await admin.unsafe("DROP DATABASE IF EXISTS kohtaamo_bench_import WITH (FORCE)");
await admin.unsafe("CREATE DATABASE kohtaamo_bench_import");
process.env.DATABASE_URL = scratch.toString();
process.env.DATABASE_STATEMENT_TIMEOUT_MS = "120000";

const { migrateToLatest } = await import("#db/migrator.ts");
const { db, closeDatabase } = await import("#app/utils/db.server.ts");
const { createImportJob, getImportJob, queueImportJob, saveImportMapping } = await import("#app/models/import/jobs.server.ts");
const { processNextImportJob } = await import("#app/models/import/worker.server.ts");

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

  // The file as a Finnish ERP writes it: semicolons, comma decimals, d.m.yyyy dates.
  const lines = ["Asiakas;Laskunumero;Laskun pvm;Eräpäivä;Summa;Maksettu;Kuvaus"];
  for (let i = 0; i < ROWS; i++) {
    const day = (i % 28) + 1;
    const month = (i % 12) + 1;
    lines.push(
      `B-${i % ACCOUNTS};INV-${i};${day}.${month}.2024;${day}.${month}.2025;${1000 + (i % 9000)},${String(i % 100).padStart(2, "0")};` +
        `${i % 3 ? "" : `${day}.${month}.2025`};Lasku ${i}`,
    );
  }
  const text = `\uFEFF${lines.join("\r\n")}\r\n`;
  console.log(`File: ${ROWS.toLocaleString("en")} rows, ${(text.length / 1e6).toFixed(1)} MB, ${ACCOUNTS} accounts.`);

  const actor = { id: user.id, role: user.role };
  const id = await createImportJob(db(), actor, { kind: "touchpoints", source: "bench", fileName: "bench.csv", text });
  const draft = await getImportJob(db(), actor, id);
  const mapping = { ...draft.mapping, kind: "=invoice", external_id: "Laskunumero", summary: "Kuvaus" };
  await saveImportMapping(db(), actor, id, { mapping, mode: "all_or_nothing", source: "bench" });
  await queueImportJob(db(), actor, id);
  const started = performance.now();
  await processNextImportJob();
  const importSeconds = (performance.now() - started) / 1000;
  const job = await getImportJob(db(), actor, id);
  if (job.status !== "done" || job.inserted !== ROWS) throw new Error(`Import ended ${job.status}: ${JSON.stringify(job.errors.slice(0, 3))}`);

  const againStarted = performance.now();
  const again = await createImportJob(db(), actor, { kind: "touchpoints", source: "bench", fileName: "bench.csv", text });
  await queueImportJob(db(), actor, again);
  await processNextImportJob();
  const againSeconds = (performance.now() - againStarted) / 1000;
  const second = await getImportJob(db(), actor, again);
  if (second.unchanged !== ROWS) throw new Error(`Re-import changed rows: ${JSON.stringify(second)}`);

  // The floor: the same rows COPYed straight into touchpoints (other accounts, no checks, no facts, no scores).
  const copyClient = postgres(scratch.toString(), { max: 1, onnotice: () => {} });
  const copyStarted = performance.now();
  const writable = await copyClient`COPY touchpoints (account_id, external_id, kind, occurred_at, author_id, source, title, summary) FROM STDIN`.writable();
  const target = accounts.slice(ACCOUNTS).map((a) => a.id);
  const escape = (v: string) => v.replace(/[\\\t\n\r]/g, (c) => ({ "\\": "\\\\", "\t": "\\t", "\n": "\\n", "\r": "\\r" })[c]!);
  const copyRows = async function* () {
    const chunk: string[] = [];
    for (let i = 0; i < ROWS; i++) {
      const day = (i % 28) + 1;
      const month = (i % 12) + 1;
      const at = `2024-${String(month).padStart(2, "0")}-${String(day).padStart(2, "0")} 00:00:00+02`;
      chunk.push([target[i % ACCOUNTS], `INV-${i}`, "invoice", at, user.id, "import", `Invoice INV-${i}`, escape(`Lasku ${i}`)].join("\t"));
      if (chunk.length === 5_000) yield `${chunk.splice(0).join("\n")}\n`;
    }
    if (chunk.length) yield `${chunk.join("\n")}\n`;
  };
  await pipeline(copyRows, writable as Writable);
  const copySeconds = (performance.now() - copyStarted) / 1000;
  await copyClient.end();

  const rate = (seconds: number) => `${Math.round(ROWS / seconds).toLocaleString("en")} rows/s`;
  console.log(`Import (check + write + facts + scores): ${importSeconds.toFixed(2)} s, ${rate(importSeconds)}`);
  console.log(`Same file again (all unchanged):        ${againSeconds.toFixed(2)} s, ${rate(againSeconds)}`);
  console.log(`Plain COPY of the same rows (floor):     ${copySeconds.toFixed(2)} s, ${rate(copySeconds)}`);
} finally {
  await closeDatabase();
  await admin.unsafe("DROP DATABASE IF EXISTS kohtaamo_bench_import WITH (FORCE)");
  await admin.end();
}
