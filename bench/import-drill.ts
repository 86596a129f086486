// npm run bench:import-drill [-- --databases pglite,postgres --rows 500000 --server postgres://… --port 3392]
//
// Big imports against the built production server (`npm start`'s 384 MB heap),
// on each database: a 1,000,000-row file must be refused at upload with a
// message, and a file at the row limit (500,000 stakeholders over the demo
// accounts, all-or-nothing) must import while the server's memory stays bounded
// and other pages keep answering. Prints, per database: the refusal, the
// import's time and outcome, the server's peak resident memory, and how
// /healthz and the accounts page answered while the import ran (answers, worst
// and 95th-percentile latency). Exits 1 when a check fails.
//
// Works in scratch places it makes fresh each run: a temporary PGlite folder,
// and the database kohtaamo_bench_import_drill on the PostgreSQL server (--server,
// or DRILL_DATABASE_URL). Expects `npm run build` done.
import fs from "node:fs";
import os from "node:os";
import path from "node:path";
import { parseArgs } from "node:util";
import { fmt, percentile, query, run, signIn, startServer, watchRss } from "./lib.ts";

const root = path.resolve(import.meta.dirname, "..");
const { values: args } = parseArgs({
  options: {
    databases: { type: "string", default: "pglite,postgres" },
    rows: { type: "string", default: "500000" },
    server: { type: "string", default: process.env.DRILL_DATABASE_URL ?? "postgres://postgres@127.0.0.1:5432/postgres" },
    port: { type: "string", default: "3392" },
  },
});
const rows = Number(args.rows);
const baseUrl = `http://127.0.0.1:${args.port}`;
const tsx = path.join(root, "node_modules/.bin/tsx");
const SCRATCH = "kohtaamo_bench_import_drill";

if (!fs.existsSync(path.join(root, "build/index.js"))) {
  console.error("No server build: run `npm run build` first.");
  process.exit(1);
}

let failed = false;
const check = (ok: boolean, what: string) => {
  console.log(`  ${ok ? "ok  " : "FAIL"} ${what}`);
  if (!ok) failed = true;
};

async function upload(cookie: string, kind: string, fileName: string, text: string) {
  const form = new FormData();
  form.set("kind", kind);
  form.set("source", "");
  form.set("file", new Blob([text], { type: "text/csv" }), fileName);
  return fetch(`${baseUrl}/import`, { method: "POST", body: form, headers: { cookie }, redirect: "manual" });
}

/** The outcome a job's page shows (English titles), or null while it waits or runs. */
function outcomeOf(html: string): string | null {
  if (/is imported<\/h1>/.test(html)) return "done";
  if (/Nothing was imported from/.test(html)) return "rejected";
  if (/was cancelled<\/h1>/.test(html)) return "cancelled";
  if (/The import of .* failed<\/h1>/.test(html)) return "failed";
  return null;
}

async function drill(database: "pglite" | "postgres") {
  console.log(`\n## ${database === "pglite" ? "Embedded database (PGlite)" : "PostgreSQL server"}`);
  let env: NodeJS.ProcessEnv;
  let folder: string | null = null;
  if (database === "pglite") {
    folder = fs.mkdtempSync(path.join(os.tmpdir(), "kohtaamo-import-drill-"));
    env = { ...process.env, DATABASE_URL: "", PGLITE_DATA_DIR: path.join(folder, "pglite") };
  } else {
    await query(args.server, `DROP DATABASE IF EXISTS ${SCRATCH} WITH (FORCE)`);
    await query(args.server, `CREATE DATABASE ${SCRATCH}`);
    env = { ...process.env, DATABASE_URL: Object.assign(new URL(args.server), { pathname: `/${SCRATCH}` }).toString() };
  }
  run(tsx, ["db/migrate.ts"], env);
  console.log(`Seeded the demo data in ${run(tsx, ["db/seed.ts", "--size", "demo"], env).seconds.toFixed(0)} s.`);
  // The demo accounts' external ids, read before the server holds the embedded database.
  const accounts =
    database === "postgres"
      ? (await query<{ external_id: string }>(env.DATABASE_URL!, "select external_id from accounts where external_id is not null order by external_id")).map((a) => a.external_id)
      : JSON.parse(
          run(tsx, ["-e", `import { createDatabase } from "./db/connection.ts"; const d = createDatabase({ dataDir: process.env.PGLITE_DATA_DIR }); const r = await d.db.selectFrom("accounts").select("external_id").where("external_id", "is not", null).orderBy("external_id").execute(); console.log(JSON.stringify(r.map((x) => x.external_id))); await d.close();`], env).out.trim().split("\n").pop()!,
        ) as string[];

  const server = await startServer(env, baseUrl);
  const rss = watchRss(server.pid!);
  try {
    const cookie = await signIn(baseUrl, "admin@pohjola.example");

    // 1. A million rows: refused at upload, with a message.
    const million = `account;id;name\n${"x;1;y\n".repeat(1_000_000)}`;
    let started = performance.now();
    const refused = await upload(cookie, "stakeholders", "million.csv", million);
    const body = await refused.text();
    check(refused.status === 400 && /more than 500[ ,\u00a0]000 rows/.test(body), `1,000,000-row file refused at upload (${refused.status}, ${fmt((performance.now() - started) / 1000)} s)`);

    // 2. A file at the limit: uploaded, mapped, started.
    const text = ["account;id;name;reports to", ...Array.from({ length: rows }, (_, i) => `${accounts[i % accounts.length]};DRILL-${i};Drill Person ${i};${i % 10 === 0 ? "" : `DRILL-${i - (i % 10)}`}`)].join("\n");
    console.log(`  ${rows.toLocaleString("en")} stakeholder rows, ${fmt(Buffer.byteLength(text) / 1024 / 1024)} MB, over ${accounts.length} accounts`);
    started = performance.now();
    const uploaded = await upload(cookie, "stakeholders", "drill.csv", text);
    const location = uploaded.headers.get("location");
    check(uploaded.status === 302 && Boolean(location), `file at the limit taken (${uploaded.status}, ${fmt((performance.now() - started) / 1000)} s)`);
    if (!location) return;
    const mapping = { "map.account": "account", "map.external_id": "id", "map.name": "name", "map.reports_to": "reports to" };
    const start = await fetch(`${baseUrl}${location}`, {
      method: "POST",
      body: new URLSearchParams({ intent: "start", mode: "all_or_nothing", source: "", ...mapping }),
      headers: { cookie },
      redirect: "manual",
    });
    check(start.status === 302, `import started (${start.status})`);

    // 3. While it runs: other pages, once a second.
    const latencies: number[] = [];
    let errors = 0;
    let outcome: string | null = null;
    started = performance.now();
    while (!outcome) {
      await new Promise((r) => setTimeout(r, 1_000));
      for (const url of ["/healthz", "/accounts"]) {
        const t0 = performance.now();
        const res = await fetch(`${baseUrl}${url}`, { headers: { cookie } }).catch(() => null);
        latencies.push(performance.now() - t0);
        if (!res || res.status !== 200) errors += 1;
        await res?.arrayBuffer();
      }
      outcome = outcomeOf(await (await fetch(`${baseUrl}${location}`, { headers: { cookie } })).text());
    }
    const seconds = (performance.now() - started) / 1000;
    check(outcome === "done", `import ${outcome} in ${fmt(seconds)} s (${fmt(rows / seconds, 0)} rows/s)`);
    const sorted = [...latencies].sort((a, b) => a - b);
    check(errors === 0, `pages during the import: ${latencies.length} answers, ${errors} errors, p95 ${fmt(percentile(sorted, 95), 0)} ms, worst ${fmt(sorted.at(-1) ?? NaN, 0)} ms`);
  } finally {
    const peak = rss.stop();
    check(peak < 500, `server peak resident memory ${fmt(peak, 0)} MiB (heap limit 384 MB)`);
    server.kill("SIGTERM");
    await new Promise((r) => server.once("exit", r));
    if (folder) fs.rmSync(folder, { recursive: true, force: true });
  }
}

console.log(`# Kohtaamo import drill (${new Date().toISOString()})`);
for (const database of args.databases.split(",") as ("pglite" | "postgres")[]) await drill(database);
process.exit(failed ? 1 : 0);
