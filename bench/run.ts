// npm run bench [-- --sizes small,large --duration 10 --connections 8 --reseed]
//
// Seeds each size into its own database on a real PostgreSQL server (with the
// same generator as the demo), starts the built production server on it, and
// drives each page with concurrent requests for a bounded time. Per page it
// prints p50/p95/p99 latency and requests per second, the page's own loaders
// (its database work) timed when run directly in-process, and the ratio of the
// page's median to its floor (a trivial Remix route + those loaders). It also
// prints the server's peak memory under load, and writes bench/RESULTS.md.
import { spawn, type ChildProcess } from "node:child_process";
import fs from "node:fs";
import os from "node:os";
import path from "node:path";
import { parseArgs } from "node:util";
import { pathToFileURL } from "node:url";
import pg from "pg";
import { fmt, percentile, run, watchRss } from "./lib.ts";

const root = path.resolve(import.meta.dirname, "..");
const { values: args } = parseArgs({
  options: {
    sizes: { type: "string", default: "small,large" },
    duration: { type: "string", default: "10" },
    connections: { type: "string", default: "8" },
    reseed: { type: "boolean", default: false },
    server: { type: "string", default: process.env.BENCH_DATABASE_URL ?? "postgres://postgres@127.0.0.1:5432/postgres" },
    port: { type: "string", default: "3390" },
  },
});
const sizes = args.sizes.split(",").map((s) => s.trim()).filter(Boolean);
const durationMs = Number(args.duration) * 1000;
const connections = Number(args.connections);
const port = Number(args.port);
const baseUrl = `http://127.0.0.1:${port}`;

interface Page {
  name: string;
  path: string;
  who: "director" | "kam" | "customer" | null;
  /** Route ids whose loaders make up the page (root first), run directly for the floor. */
  routes: string[];
  params?: Record<string, string>;
}

interface Figures {
  page: string;
  p50: number;
  p95: number;
  p99: number;
  rps: number;
  errors: number;
  requests: number;
  directP50: number | null;
  ratio: number | null;
}

const tsx = path.join(root, "node_modules/.bin/tsx");

function databaseUrl(size: string) {
  const url = new URL(args.server);
  url.pathname = `/kohtaamo_bench_${size}`;
  return url.toString();
}

async function ensureDataset(size: string): Promise<string> {
  const admin = new pg.Client({ connectionString: args.server });
  await admin.connect();
  const name = `kohtaamo_bench_${size}`;
  try {
    const exists = (await admin.query("select 1 from pg_database where datname = $1", [name])).rowCount! > 0;
    let seeded = false;
    if (exists && !args.reseed) {
      const probe = new pg.Client({ connectionString: databaseUrl(size) });
      await probe.connect();
      try {
        const r = await probe.query("select count(*)::int as n from accounts").catch(() => ({ rows: [{ n: 0 }] }));
        seeded = r.rows[0].n > 0;
      } finally {
        await probe.end();
      }
    }
    if (seeded) return `reused the existing ${name}`;
    await admin.query(`DROP DATABASE IF EXISTS ${name} WITH (FORCE)`);
    await admin.query(`CREATE DATABASE ${name}`);
  } finally {
    await admin.end();
  }
  const env = { ...process.env, DATABASE_URL: databaseUrl(size) };
  run(tsx, ["db/migrate.ts"], env);
  console.log(`  seeding ${size} (this takes a while for large)…`);
  const seeded = run(tsx, ["db/seed.ts", "--size", size], env);
  const summary = seeded.out.split("\n").filter((l) => /^\s+\w+\s+[\d,]+$/.test(l)).join("\n");
  console.log(summary);
  return `seeded in ${seeded.seconds.toFixed(0)} s`;
}

async function startServer(size: string): Promise<ChildProcess> {
  const server = spawn(process.execPath, ["scripts/server.mjs"], {
    cwd: root,
    env: {
      ...process.env,
      DATABASE_URL: databaseUrl(size),
      PORT: String(port),
      NODE_ENV: "production",
      SESSION_SECRET: "bench-session-secret-0123456789",
      REQUEST_LOG: "off",
      SIGN_IN_RATE_LIMIT: "1000000",
      SCORE_REFRESH: "off",
    },
    stdio: ["ignore", "pipe", "pipe"],
  });
  let output = "";
  server.stdout!.on("data", (d) => (output += d));
  server.stderr!.on("data", (d) => (output += d));
  const deadline = Date.now() + 60_000;
  while (Date.now() < deadline) {
    if (server.exitCode !== null) throw new Error(`server exited:\n${output}`);
    const ok = await fetch(`${baseUrl}/livez`).then((r) => r.ok, () => false);
    if (ok) return server;
    await new Promise((r) => setTimeout(r, 200));
  }
  throw new Error(`server did not start:\n${output}`);
}

async function signIn(email: string): Promise<string> {
  const res = await fetch(`${baseUrl}/login`, {
    method: "POST",
    body: new URLSearchParams({ email, password: "kohtaamo-demo" }),
    redirect: "manual",
  });
  if (res.status !== 302) throw new Error(`sign-in as ${email} failed: ${res.status}`);
  return res.headers.get("set-cookie")!.split(";")[0]!;
}

/** `connections` workers request the page back to back for `ms`; every latency is kept. */
async function load(url: string, cookie: string | null, ms: number) {
  const latencies: number[] = [];
  let errors = 0;
  const until = performance.now() + ms;
  const headers: Record<string, string> = cookie ? { cookie } : {};
  await Promise.all(
    Array.from({ length: connections }, async () => {
      while (performance.now() < until) {
        const t0 = performance.now();
        try {
          const res = await fetch(url, { headers, redirect: "manual" });
          await res.arrayBuffer();
          if (res.status !== 200) errors++;
        } catch {
          errors++;
        }
        latencies.push(performance.now() - t0);
      }
    }),
  );
  latencies.sort((a, b) => a - b);
  return {
    p50: percentile(latencies, 50),
    p95: percentile(latencies, 95),
    p99: percentile(latencies, 99),
    rps: latencies.length / (ms / 1000),
    requests: latencies.length,
    errors,
  };
}

type Build = { routes: Record<string, { module: { loader?: (a: unknown) => unknown } }> };

/** Runs the page's loaders in-process, as Remix does for a document request (in parallel), many times. */
async function timeLoaders(build: Build, page: Page, cookie: string | null, ms: number): Promise<number> {
  const times: number[] = [];
  const until = performance.now() + ms;
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
          if (!(thrown instanceof Response) || thrown.status >= 400) throw thrown;
        }
      }),
    );
    times.push(performance.now() - t0);
  }
  times.sort((a, b) => a - b);
  return percentile(times, 50);
}

async function pagesFor(size: string): Promise<Page[]> {
  const client = new pg.Client({ connectionString: databaseUrl(size) });
  await client.connect();
  try {
    const largest = (
      await client.query(
        `select a.id from accounts a where a.name = 'Kestilä Logistics Oy'`,
      )
    ).rows[0].id as string;
    const page50 = (
      await client.query(
        `select occurred_at, id from touchpoints where account_id = $1
         order by occurred_at desc, id desc offset ${49 * 25 - 1} limit 1`,
        [largest],
      )
    ).rows[0];
    const cursor = Buffer.from(JSON.stringify([page50.occurred_at.toISOString(), page50.id])).toString("base64url");
    const account = { accountId: largest };
    return [
      { name: "portfolio, first page", path: "/portfolio", who: "director", routes: ["root", "routes/_app", "routes/_app.portfolio._index"] },
      { name: "portfolio sorted by health", path: "/portfolio?sort=health&dir=asc", who: "director", routes: ["root", "routes/_app", "routes/_app.portfolio._index"] },
      { name: "largest account page", path: `/accounts/${largest}`, who: "kam", routes: ["root", "routes/_app", "routes/_app.accounts.$accountId"], params: account },
      { name: "its timeline, page 50", path: `/accounts/${largest}?cursor=${cursor}`, who: "kam", routes: ["root", "routes/_app", "routes/_app.accounts.$accountId"], params: account },
      { name: "risk inbox", path: "/risks", who: "director", routes: ["root", "routes/_app", "routes/_app.risks"] },
      { name: "portal home", path: "/portal", who: "customer", routes: ["root", "routes/portal", "routes/portal._index"] },
    ];
  } finally {
    await client.end();
  }
}

async function benchSize(size: string) {
  console.log(`\n## ${size}`);
  const dataset = await ensureDataset(size);
  console.log(`  dataset: ${dataset}`);
  const counts = await (async () => {
    const c = new pg.Client({ connectionString: databaseUrl(size) });
    await c.connect();
    try {
      const r = await c.query(`select (select count(*) from accounts)::int as accounts, (select count(*) from stakeholders)::int as stakeholders,
        (select count(*) from touchpoints)::int as touchpoints, (select count(*) from expectations)::int as expectations`);
      return r.rows[0] as Record<string, number>;
    } finally {
      await c.end();
    }
  })();
  console.log(`  ${Object.entries(counts).map(([k, v]) => `${v.toLocaleString("en")} ${k}`).join(", ")}`);
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

    const floor = await load(`${baseUrl}/livez`, null, Math.min(durationMs, 5000));
    console.log(`  trivial Remix route (/livez): p50 ${fmt(floor.p50)} ms, ${fmt(floor.rps, 0)} req/s`);
    const results: Figures[] = [];
    for (const page of await pagesFor(size)) {
      const cookie = page.who ? cookies[page.who] : null;
      await load(`${baseUrl}${page.path}`, cookie, 1000); // warm-up
      const f = await load(`${baseUrl}${page.path}`, cookie, durationMs);
      const direct = await timeLoaders(build, page, cookie, 2000);
      const ratio = f.p50 / (floor.p50 + direct);
      results.push({ page: page.name, ...f, directP50: direct, ratio });
      console.log(
        `  ${page.name.padEnd(28)} p50 ${fmt(f.p50).padStart(7)}  p95 ${fmt(f.p95).padStart(7)}  p99 ${fmt(f.p99).padStart(7)} ms  ` +
          `${fmt(f.rps, 0).padStart(5)} req/s  errors ${f.errors}  | loaders direct p50 ${fmt(direct)} ms  page/floor ${fmt(ratio, 2)}×`,
      );
    }
    const peak = rss.stop();
    console.log(`  server peak RSS under load: ${peak.toFixed(0)} MiB`);
    const { closeDatabase } = (build as unknown as { entry: { module: { closeDatabase: () => Promise<void> } } }).entry.module;
    await closeDatabase();
    return { size, counts, floor, results, peakRss: peak, dataset };
  } finally {
    rss.stop();
    server.kill("SIGTERM");
    await new Promise((r) => server.once("exit", r));
  }
}

if (!fs.existsSync(path.join(root, "build/index.js"))) {
  console.error("No server build: run `npm run build` first (npm run bench does).");
  process.exit(1);
}
const pgVersion = await (async () => {
  const c = new pg.Client({ connectionString: args.server });
  await c.connect();
  try {
    return (await c.query("show server_version")).rows[0].server_version as string;
  } finally {
    await c.end();
  }
})();
const machine = `${os.cpus().length} × ${os.cpus()[0]?.model ?? "CPU"}, ${(os.totalmem() / 2 ** 30).toFixed(0)} GiB RAM, Node ${process.version}, PostgreSQL ${pgVersion}, ${os.type()} ${os.release()}`;
console.log(`# Kohtaamo benchmark\n${machine}\n${connections} concurrent connections, ${durationMs / 1000} s per page, load generator on the same machine.`);
const all = [];
for (const size of sizes) all.push(await benchSize(size));

const lines = [
  "# Benchmark results",
  "",
  `Run on ${new Date().toISOString().slice(0, 10)} with \`npm run bench -- --sizes ${args.sizes} --duration ${args.duration} --connections ${connections}\`.`,
  "",
  `Machine: ${machine}. The load generator runs on the same machine, so it competes with the server and the database for the two cores.`,
  "",
  "Latencies are in milliseconds. *Loaders direct* is the page's own loaders (its database work) run in-process; *page/floor* is the page's median over (trivial route median + loaders direct).",
  "",
];
for (const r of all) {
  lines.push(`## ${r.size}: ${Object.entries(r.counts).map(([k, v]) => `${v.toLocaleString("en")} ${k}`).join(", ")}`, "");
  lines.push(`Trivial Remix route (/livez): p50 ${fmt(r.floor.p50)} ms, ${fmt(r.floor.rps, 0)} req/s. Server peak RSS under load: ${r.peakRss.toFixed(0)} MiB.`, "");
  lines.push("| page | p50 | p95 | p99 | req/s | errors | loaders direct p50 | page/floor |", "|---|---:|---:|---:|---:|---:|---:|---:|");
  for (const f of r.results) {
    lines.push(`| ${f.page} | ${fmt(f.p50)} | ${fmt(f.p95)} | ${fmt(f.p99)} | ${fmt(f.rps, 0)} | ${f.errors} | ${fmt(f.directP50)} | ${fmt(f.ratio, 2)}× |`);
  }
  lines.push("");
}
fs.writeFileSync(path.join(root, "bench/RESULTS.md"), lines.join("\n"));
console.log("\nWrote bench/RESULTS.md");
