// npm run bench [-- --sizes small,large --duration 10 --connections 8 --reseed]
//
// Seeds each size into its own database on a real PostgreSQL server (with the
// same generator as the demo), starts the built production server on it, and
// drives each page with autocannon for a bounded time. Per page it prints
// p50/p95/p99 latency and requests per second, the page's own loaders (its
// database work) timed when run directly in-process, and the ratio of the
// page's median to its floor (a trivial Remix route + those loaders). It also
// prints the server's peak memory under load, how the account page grows from
// the smallest to the largest size, and the CSV import figure against a plain
// COPY. The figures go into bench/RESULTS.md between its markers; the notes
// around them are kept.
import type { ChildProcess } from "node:child_process";
import fs from "node:fs";
import os from "node:os";
import path from "node:path";
import { pathToFileURL } from "node:url";
import { parseArgs } from "node:util";
import autocannon from "autocannon";
import { fmt, percentile, query, run as runCommand, signIn as signInAt, startServer as startServerAt, watchRss } from "./lib.ts";

const root = path.resolve(import.meta.dirname, "..");
const { values: args } = parseArgs({
  options: {
    sizes: { type: "string", default: "small,large" },
    duration: { type: "string", default: "10" },
    connections: { type: "string", default: "8" },
    reseed: { type: "boolean", default: false },
    server: { type: "string", default: process.env.BENCH_DATABASE_URL ?? "postgres://postgres@127.0.0.1:5432/postgres" },
    port: { type: "string", default: "3390" },
    "import-rows": { type: "string", default: "100000" },
  },
});
const sizes = args.sizes.split(",").map((s) => s.trim()).filter(Boolean);
const durationS = Number(args.duration);
const connections = Number(args.connections);
const port = Number(args.port);
const baseUrl = `http://127.0.0.1:${port}`;
const importRows = Number(args["import-rows"]);

interface Page {
  name: string;
  path: string;
  who: "director" | "kam" | "customer" | null;
  /** Route ids whose loaders make up the page (root first), run directly for the floor. */
  routes: string[];
  params?: Record<string, string>;
}

interface Load {
  p50: number;
  p95: number;
  p99: number;
  rps: number;
  requests: number;
  errors: number;
  bytes: number;
}

interface Figures extends Load {
  page: string;
  /** One client alone: the page's own time, without queueing behind the others. */
  alone: Load;
  directP50: number;
  ratio: number;
}

interface SizeResult {
  size: string;
  counts: Record<string, number>;
  dataset: string;
  floor: Load;
  results: Figures[];
  peakRss: number;
}

const tsx = path.join(root, "node_modules/.bin/tsx");
const run = (argv: string[], env: NodeJS.ProcessEnv) => runCommand(tsx, argv, env);

function databaseUrl(size: string) {
  const url = new URL(args.server);
  url.pathname = `/kohtaamo_bench_${size}`;
  return url.toString();
}

/** The one row a query must return. */
async function one<T>(url: string, text: string, values: unknown[] = []): Promise<T> {
  const rows = await query<T>(url, text, values);
  if (!rows[0]) throw new Error(`no row from: ${text}`);
  return rows[0];
}


/** The size's database, migrated; seeded when new, empty or --reseed. */
async function ensureDataset(size: string): Promise<string> {
  const name = `kohtaamo_bench_${size}`;
  const exists = (await query(args.server, "select 1 from pg_database where datname = $1", [name])).length > 0;
  if (!exists || args.reseed) {
    await query(args.server, `DROP DATABASE IF EXISTS ${name} WITH (FORCE)`);
    await query(args.server, `CREATE DATABASE ${name}`);
  }
  const env = { ...process.env, DATABASE_URL: databaseUrl(size) };
  // A kept dataset may predate the newest migrations: the server refuses a schema that is behind.
  run(["db/migrate.ts"], env);
  const { n } = await one<{ n: number }>(databaseUrl(size), "select count(*)::int as n from accounts");
  if (n > 0) {
    // Fresh statistics and a settled table after whatever ran before (migrations, an earlier run's writes).
    await query(databaseUrl(size), "VACUUM ANALYZE");
    return `reused the existing ${name}`;
  }
  console.log(`  seeding ${size} (the large size takes several minutes)…`);
  const seeded = run(["db/seed.ts", "--size", size], env);
  await query(databaseUrl(size), "VACUUM ANALYZE");
  return `seeded in ${seeded.seconds.toFixed(0)} s`;
}

function startServer(size: string): Promise<ChildProcess> {
  return startServerAt(
    { ...process.env, DATABASE_URL: databaseUrl(size), PORT: String(port), SESSION_SECRET: "bench-session-secret-0123456789", SIGN_IN_RATE_LIMIT: "1000000" },
    baseUrl,
  );
}

const signIn = (email: string) => signInAt(baseUrl, email);

/**
 * `connections` closed-loop clients (autocannon) request the page back to back
 * for `seconds`, asking for compressed responses as a browser does. Every
 * response's latency is kept, so p95 is exact.
 */
async function load(url: string, cookie: string | null, seconds: number, clients = connections): Promise<Load> {
  const latencies: number[] = [];
  let errors = 0;
  const instance = autocannon({
    url,
    connections: clients,
    duration: seconds,
    headers: { "accept-encoding": "gzip", ...(cookie ? { cookie } : {}) },
  });
  instance.on("response", (_client: unknown, status: number, _bytes: number, ms: number) => {
    latencies.push(ms);
    if (status !== 200) errors++;
  });
  const result = await instance;
  latencies.sort((a, b) => a - b);
  return {
    p50: percentile(latencies, 50),
    p95: percentile(latencies, 95),
    p99: percentile(latencies, 99),
    rps: latencies.length / seconds,
    requests: latencies.length,
    errors: errors + result.errors + result.timeouts,
    bytes: result.throughput.average,
  };
}


type Build = {
  routes: Record<string, { module: { loader?: (a: unknown) => unknown } }>;
  entry: { module: { closeDatabase: () => Promise<void> } };
};

/** Runs the page's loaders in-process, as Remix does for a document request (in parallel), for ~2 s. */
async function timeLoaders(build: Build, page: Page, cookie: string | null): Promise<number> {
  const times: number[] = [];
  const until = performance.now() + 2000;
  while (performance.now() < until || times.length < 5) {
    const request = new Request(`${baseUrl}${page.path}`, { headers: cookie ? { cookie } : {} });
    const t0 = performance.now();
    await Promise.all(
      page.routes.map(async (id) => {
        const loader = build.routes[id]?.module.loader;
        if (!loader) throw new Error(`no loader for route ${id}`);
        try {
          await loader({ request, params: page.params ?? {}, context: {} });
        } catch (thrown) {
          // A redirect would mean the loader did not do the page's work: that is a broken benchmark.
          throw thrown instanceof Response ? new Error(`${page.name}: ${id} answered ${thrown.status}`) : thrown;
        }
      }),
    );
    times.push(performance.now() - t0);
  }
  times.sort((a, b) => a - b);
  return percentile(times, 50);
}

async function pagesFor(size: string): Promise<Page[]> {
  const url = databaseUrl(size);
  const { id: largest } = await one<{ id: string }>(url, `select id from accounts where name = 'Kestilä Logistics Oy'`);
  const page50 = await one<{ occurred_at: Date; id: string }>(
    url,
    `select occurred_at, id from touchpoints where account_id = $1
     order by occurred_at desc, id desc offset ${49 * 25 - 1} limit 1`,
    [largest],
  );
  const cursor = Buffer.from(JSON.stringify([page50.occurred_at.toISOString(), page50.id])).toString("base64url");
  const { id: kam } = await one<{ id: string }>(url, `select id from users where email = 'kam@pohjola.example'`);
  const account = { accountId: largest };
  const app = (route: string) => ["root", "routes/_app", route];
  return [
    { name: "portfolio, first page", path: "/portfolio", who: "director", routes: app("routes/_app.portfolio._index") },
    { name: "portfolio sorted by health", path: "/portfolio?sort=health&dir=asc", who: "director", routes: app("routes/_app.portfolio._index") },
    { name: "largest account page", path: `/accounts/${largest}`, who: "kam", routes: app("routes/_app.accounts.$accountId"), params: account },
    { name: "its timeline, page 50", path: `/accounts/${largest}?cursor=${cursor}`, who: "kam", routes: app("routes/_app.accounts.$accountId"), params: account },
    { name: "risk inbox", path: "/risks", who: "director", routes: app("routes/_app.risks") },
    { name: "portal home", path: "/portal", who: "customer", routes: ["root", "routes/portal", "routes/portal._index"] },
    { name: "portfolio trends", path: "/portfolio/trends", who: "director", routes: app("routes/_app.portfolio.trends") },
    { name: "one KAM's view", path: `/portfolio/kams/${kam}`, who: "director", routes: app("routes/_app.portfolio.kams.$userId"), params: { userId: kam } },
  ];
}


async function benchSize(size: string): Promise<SizeResult> {
  console.log(`\n## ${size}`);
  const dataset = await ensureDataset(size);
  const counts = await one<Record<string, number>>(
    databaseUrl(size),
    `select (select count(*) from accounts)::int as accounts, (select count(*) from stakeholders)::int as stakeholders,
            (select count(*) from touchpoints)::int as touchpoints, (select count(*) from expectations)::int as expectations,
            (select count(*) from touchpoints where account_id = (select id from accounts where name = 'Kestilä Logistics Oy'))::int as largest_account_touchpoints`,
  );
  console.log(`  dataset: ${dataset}; ${describeCounts(counts)}`);
  const server = await startServer(size);
  const rss = watchRss(server.pid!);
  try {
    const cookies = {
      director: await signIn("director@pohjola.example"),
      kam: await signIn("kam@pohjola.example"),
      customer: await signIn("customer@kestila.example"),
    };
    process.env.DATABASE_URL = databaseUrl(size);
    process.env.NODE_ENV = "production";
    process.env.SESSION_SECRET = "bench-session-secret-0123456789";
    const build = (await import(`${pathToFileURL(path.join(root, "build/index.js")).href}?size=${size}`)) as Build;

    await load(`${baseUrl}/livez`, null, 1);
    const floor = await load(`${baseUrl}/livez`, null, Math.min(durationS, 5));
    console.log(`  trivial Remix route (/livez): p50 ${fmt(floor.p50)} ms, ${fmt(floor.rps, 0)} req/s`);
    const results: Figures[] = [];
    for (const page of await pagesFor(size)) {
      const cookie = page.who ? cookies[page.who] : null;
      await load(`${baseUrl}${page.path}`, cookie, 2); // warm-up
      const f = await load(`${baseUrl}${page.path}`, cookie, durationS);
      const alone = await load(`${baseUrl}${page.path}`, cookie, Math.max(2, Math.round(durationS / 3)), 1);
      const directP50 = await timeLoaders(build, page, cookie);
      const ratio = f.p50 / (floor.p50 + directP50);
      results.push({ page: page.name, ...f, alone, directP50, ratio });
      console.log(
        `  ${page.name.padEnd(28)} p50 ${fmt(f.p50).padStart(7)}  p95 ${fmt(f.p95).padStart(7)}  p99 ${fmt(f.p99).padStart(7)} ms  ` +
          `${fmt(f.rps, 0).padStart(5)} req/s  errors ${f.errors}  | alone p50 ${fmt(alone.p50)} p95 ${fmt(alone.p95)} ms  ` +
          `| loaders direct p50 ${fmt(directP50)} ms  page/floor ${fmt(ratio, 2)}×`,
      );
    }
    const peakRss = rss.stop();
    console.log(`  server peak RSS under load: ${peakRss.toFixed(0)} MiB`);
    await build.entry.module.closeDatabase();
    return { size, counts, floor, results, peakRss, dataset };
  } finally {
    rss.stop();
    server.kill("SIGTERM");
    await new Promise((r) => server.once("exit", r));
  }
}

function describeCounts(c: Record<string, number>) {
  return `${Object.entries(c)
    .filter(([k]) => k !== "largest_account_touchpoints")
    .map(([k, v]) => `${v.toLocaleString("en")} ${k}`)
    .join(", ")}; the largest account has ${c.largest_account_touchpoints?.toLocaleString("en")} touchpoints`;
}

if (!fs.existsSync(path.join(root, "build/index.js"))) {
  console.error("No server build: run `npm run build` first (npm run bench does).");
  process.exit(1);
}
const { server_version: pgVersion } = await one<{ server_version: string }>(args.server, "show server_version");
const machine = `${os.cpus().length} × ${os.cpus()[0]?.model ?? "CPU"}, ${(os.totalmem() / 2 ** 30).toFixed(0)} GiB RAM, Node ${process.version}, PostgreSQL ${pgVersion}, ${os.type()} ${os.release()}`;
console.log(`# Kohtaamo benchmark\n${machine}\n${connections} concurrent connections, ${durationS} s per page, load generator on the same machine.`);
const all: SizeResult[] = [];
for (const size of sizes) all.push(await benchSize(size));

const lines: string[] = [
  `Run on ${new Date().toISOString().slice(0, 10)} with \`npm run bench -- --sizes ${args.sizes} --duration ${durationS} --connections ${connections}\`.`,
  "",
  `Machine: ${machine}. The load generator (autocannon, ${connections} closed-loop connections asking for gzip) runs on the same machine, so it competes with the server and the database for the cores.`,
  "",
  "Latencies are in milliseconds, measured by the client over loopback. The first columns are under load (all connections at once, back to back); *alone* is one client by itself, the page's own time without queueing. *Loaders direct* is the page's own loaders (its database work) run in-process; *page/floor* is the page's median over (trivial route median + loaders direct).",
  "",
];
for (const r of all) {
  lines.push(`### ${r.size}: ${describeCounts(r.counts)}`, "");
  lines.push(`Trivial Remix route (/livez): p50 ${fmt(r.floor.p50)} ms, ${fmt(r.floor.rps, 0)} req/s. Server peak RSS under load: ${r.peakRss.toFixed(0)} MiB.`, "");
  lines.push(
    `| page | p50 | p95 | p99 | req/s | errors | alone p50 | alone p95 | loaders direct p50 | page/floor |`,
    "|---|---:|---:|---:|---:|---:|---:|---:|---:|---:|",
  );
  for (const f of r.results) {
    lines.push(
      `| ${f.page} | ${fmt(f.p50)} | ${fmt(f.p95)} | ${fmt(f.p99)} | ${fmt(f.rps, 0)} | ${f.errors} | ${fmt(f.alone.p50)} | ${fmt(f.alone.p95)} | ${fmt(f.directP50)} | ${fmt(f.ratio, 2)}× |`,
    );
  }
  lines.push("");
}
if (all.length > 1) {
  const [first, last] = [all[0]!, all[all.length - 1]!];
  lines.push(`### Growth from ${first.size} to ${last.size}`, "", "| page | p50 ratio | p95 ratio |", "|---|---:|---:|");
  for (const f of last.results) {
    const base = first.results.find((b) => b.page === f.page);
    if (base) lines.push(`| ${f.page} | ${fmt(f.p50 / base.p50, 2)}× | ${fmt(f.p95 / base.p95, 2)}× |`);
  }
  lines.push("");
  console.log(`\n${lines.slice(-(last.results.length + 4)).join("\n")}`);
}

// The CSV import against a plain COPY of the same rows (bench/import.ts).
if (importRows > 0) {
  console.log(`\n## CSV import of ${importRows.toLocaleString("en")} invoice touchpoints`);
  const { runImportBench, formatImportBench } = await import("./import.ts");
  const figures = formatImportBench(await runImportBench({ serverUrl: args.server, rows: importRows }));
  for (const l of figures) console.log(`  ${l}`);
  lines.push(`### CSV import of ${importRows.toLocaleString("en")} invoice touchpoints`, "", "```", ...figures, "```", "");
}

writeFigures(lines.join("\n"));
console.log("\nWrote the figures into bench/RESULTS.md");

/** Replaces what lies between the markers in RESULTS.md, keeping the notes around it. */
function writeFigures(text: string) {
  const file = path.join(root, "bench/RESULTS.md");
  const start = "<!-- figures:start (written by npm run bench) -->";
  const end = "<!-- figures:end -->";
  const current = fs.existsSync(file) ? fs.readFileSync(file, "utf8") : `# Benchmark results\n\n${start}\n${end}\n`;
  const [head, rest] = current.includes(start) ? current.split(start) : [`${current.trimEnd()}\n\n`, `\n${end}\n`];
  const tail = rest!.includes(end) ? rest!.slice(rest!.indexOf(end) + end.length) : "\n";
  fs.writeFileSync(file, `${head}${start}\n${text}\n${end}${tail}`);
}
