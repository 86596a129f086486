// npm run bench [-- --sizes small,large[,xlarge] --duration 10 --connections 8 --rounds 4 --reseed --no-pglite]
//
// Seeds each size into its own database on a real PostgreSQL server (with the
// same generator as the demo), starts the built production server on each (all
// at once, each on a free port), and drives each page with autocannon for a
// bounded time, in interleaved rounds: a page is measured on every size in
// turn, round after round, so the small-to-large growth comes from one moment
// of a shared machine, not from two measurements minutes apart. The account
// page at the demo size is also measured on the embedded database (PGlite)
// beside PostgreSQL, interleaved the same way. Per page it prints
// p50/p95/p99 latency and requests per second, the page's own loaders (its
// database work) timed when run directly in-process, and the ratio of the
// page's median to its floor (a trivial Remix route + those loaders). It also
// prints the server's peak memory under load, each size's database on disk
// (the database and every index or table over 50 MB), how each page grows from
// one size to the next, and the CSV import figure against a plain COPY. The
// xlarge size (10,000,000 touchpoints) is seeded with COPY in tens of minutes
// on this machine and kept between runs like the others: `--sizes
// small,large,xlarge`. The figures go into bench/RESULTS.md between its markers; the notes
// around them are kept.
import type { ChildProcess } from "node:child_process";
import fs from "node:fs";
import os from "node:os";
import path from "node:path";
import { pathToFileURL } from "node:url";
import net from "node:net";
import { parseArgs } from "node:util";
import autocannon from "autocannon";
import { SEED_SIZES } from "#db/seed/generate.ts";
import {
  fmt,
  percentile,
  processCpuMs,
  query,
  run as runCommand,
  signIn as signInAt,
  startServer as startServerAt,
  watchRss,
} from "./lib.ts";

const root = path.resolve(import.meta.dirname, "..");
const { values: args } = parseArgs({
  allowNegative: true,
  options: {
    // --no-write: print the figures without writing them into bench/RESULTS.md (a trial run).
    write: { type: "boolean", default: true },
    // Databases are named <prefix>_<size> on the server.
    "db-prefix": { type: "string", default: "kohtaamo_bench" },
    sizes: { type: "string", default: "small,large" },
    duration: { type: "string", default: "10" },
    connections: { type: "string", default: "8" },
    reseed: { type: "boolean", default: false },
    server: {
      type: "string",
      default: process.env.BENCH_DATABASE_URL ?? "postgres://postgres@127.0.0.1:5432/postgres",
    },
    // 0: a free port for each server, chosen by the system (outside any fixed range the tests use).
    port: { type: "string", default: "0" },
    rounds: { type: "string", default: "4" },
    pglite: { type: "boolean", default: true },
    "pglite-dir": { type: "string", default: ".data/bench-pglite-demo" },
    "import-rows": { type: "string", default: "100000" },
  },
});
const sizes = args.sizes
  .split(",")
  .map((s) => s.trim())
  .filter(Boolean);
const durationS = Number(args.duration);
const connections = Number(args.connections);
const firstPort = Number(args.port);
const rounds = Math.max(1, Number(args.rounds));
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
  /** Every response's latency, ascending (kept so interleaved rounds can be merged). */
  latencies: number[];
  /** Seconds measured. */
  seconds: number;
  p50: number;
  p95: number;
  p99: number;
  rps: number;
  requests: number;
  errors: number;
  bytes: number;
  /** The server process's own CPU time (user + system) over the measurement, ms; null where it cannot be read. */
  cpuMs: number | null;
}

interface Figures extends Load {
  page: string;
  /** One client alone: the page's own time, without queueing behind the others. */
  alone: Load;
  directP50: number;
  ratio: number;
}

interface DiskSizes {
  /** pg_database_size, bytes. */
  database: number;
  /** Indexes and tables over 50 MB, largest first (pg_relation_size: the relation's main fork). */
  relations: { name: string; kind: "index" | "table"; table: string; bytes: number }[];
}

interface SizeResult {
  size: string;
  counts: Record<string, number>;
  dataset: string;
  disk: DiskSizes;
  floor: Load;
  results: Figures[];
  peakRss: number;
}

const tsx = path.join(root, "node_modules/.bin/tsx");
const run = (argv: string[], env: NodeJS.ProcessEnv) => runCommand(tsx, argv, env);

function databaseUrl(size: string) {
  const url = new URL(args.server);
  url.pathname = `/${args["db-prefix"]}_${size}`;
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
  const name = `${args["db-prefix"]}_${size}`;
  const exists = (await query(args.server, "select 1 from pg_database where datname = $1", [name])).length > 0;
  if (!exists || args.reseed) {
    await query(args.server, `DROP DATABASE IF EXISTS ${name} WITH (FORCE)`);
    await query(args.server, `CREATE DATABASE ${name}`);
  }
  const env = { ...process.env, DATABASE_URL: databaseUrl(size) };
  // A kept dataset may predate the newest migrations: the server refuses a schema that is behind.
  run(["db/migrate.ts"], env);
  const { n, scored } = await one<{ n: number; scored: number }>(
    databaseUrl(size),
    "select (select count(*) from accounts)::int as n, (select count(*) from account_scores)::int as scored",
  );
  // A seed stopped half-way (the xlarge one runs for tens of minutes) leaves fewer accounts, or accounts
  // without scores: that is seeded again, never measured as if it were the size.
  const expected = (SEED_SIZES as Record<string, { accounts: number }>)[size]?.accounts;
  if (n > 0 && (n !== expected || scored < n)) {
    console.log(
      `  ${name} holds ${n} accounts (${scored} scored) of ${expected ?? "?"}: an unfinished seed; seeding it again`,
    );
    await query(args.server, `DROP DATABASE IF EXISTS ${name} WITH (FORCE)`);
    await query(args.server, `CREATE DATABASE ${name}`);
    run(["db/migrate.ts"], env);
  } else if (n > 0) {
    // Fresh statistics and a settled table after whatever ran before (migrations, an earlier run's writes).
    await query(databaseUrl(size), "VACUUM ANALYZE");
    return `reused the existing ${name}`;
  }
  console.log(`  seeding ${size} (the large size takes several minutes, xlarge tens of minutes)…`);
  const seeded = run(["db/seed.ts", "--size", size], env);
  const summary = /^Seeded .*$/m.exec(seeded.out)?.[0];
  if (summary) console.log(`  ${summary}`);
  await query(databaseUrl(size), "VACUUM ANALYZE");
  return `seeded in ${seeded.seconds.toFixed(0)} s`;
}

const MB = 1024 * 1024;

/** The size's database on disk: the whole, and each index and table over 50 MB. */
async function diskSizes(size: string): Promise<DiskSizes> {
  const url = databaseUrl(size);
  const { bytes: database } = await one<{ bytes: number }>(
    url,
    "select pg_database_size(current_database())::bigint as bytes",
  );
  const relations = await query<DiskSizes["relations"][number]>(
    url,
    `select c.relname as name, case c.relkind when 'i' then 'index' else 'table' end as kind,
            coalesce(t.relname, c.relname) as "table", pg_relation_size(c.oid)::bigint as bytes
       from pg_class c
       join pg_namespace n on n.oid = c.relnamespace and n.nspname = current_schema()
       left join pg_index i on i.indexrelid = c.oid
       left join pg_class t on t.oid = i.indrelid
      where c.relkind in ('i', 'r') and pg_relation_size(c.oid) > $1
      order by bytes desc`,
    [50 * MB],
  );
  return { database: Number(database), relations: relations.map((r) => ({ ...r, bytes: Number(r.bytes) })) };
}

const mib = (bytes: number) =>
  bytes >= 1024 * MB ? `${(bytes / 1024 / MB).toFixed(2)} GiB` : `${Math.round(bytes / MB)} MiB`;

function describeDisk(d: DiskSizes): string[] {
  const indexes = d.relations.filter((r) => r.kind === "index");
  const tables = d.relations.filter((r) => r.kind === "table");
  return [
    `Database on disk: ${mib(d.database)} (pg_database_size).`,
    `Tables over 50 MB (heap only): ${tables.length ? tables.map((r) => `${r.name} ${mib(r.bytes)}`).join(", ") : "none"}.`,
    `Indexes over 50 MB: ${indexes.length ? indexes.map((r) => `${r.name} ${mib(r.bytes)}`).join(", ") : "none"}.`,
  ];
}

/** The built server on a database (null: the embedded PGlite in `pgliteDir`), on a free port or --port. */
async function startServer(url: string | null, pgliteDir?: string): Promise<{ server: ChildProcess; baseUrl: string }> {
  const port = firstPort > 0 ? firstPort + started++ : await freePort();
  const baseUrl = `http://127.0.0.1:${port}`;
  const database = url ? { DATABASE_URL: url } : { DATABASE_URL: "", PGLITE_DATA_DIR: pgliteDir! };
  const server = await startServerAt(
    {
      ...process.env,
      ...database,
      PORT: String(port),
      SESSION_SECRET: "bench-session-secret-0123456789",
      SIGN_IN_RATE_LIMIT: "1000000",
    },
    baseUrl,
  );
  return { server, baseUrl };
}
let started = 0;

/**
 * `connections` closed-loop clients (autocannon) request the page back to back
 * for `seconds`, asking for compressed responses as a browser does. Every
 * response's latency is kept, so p95 is exact.
 */
async function load(
  url: string,
  cookie: string | null,
  seconds: number,
  clients = connections,
  serverPid?: number,
): Promise<Load> {
  seconds = Math.max(1, Math.round(seconds));
  const cpuBefore = processCpuMs(serverPid);
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
  const cpuAfter = processCpuMs(serverPid);
  const cpuMs = cpuBefore !== null && cpuAfter !== null ? cpuAfter - cpuBefore : null;
  return figuresOf(latencies, seconds, errors + result.errors + result.timeouts, result.throughput.average, cpuMs);
}

/** The server's CPU per response, ms (null when not read). */
const cpuPerRequest = (l: Load) => (l.cpuMs === null || l.requests === 0 ? null : l.cpuMs / l.requests);

function figuresOf(
  latencies: number[],
  seconds: number,
  errors: number,
  bytes: number,
  cpuMs: number | null = null,
): Load {
  latencies.sort((a, b) => a - b);
  return {
    latencies,
    seconds,
    p50: percentile(latencies, 50),
    p95: percentile(latencies, 95),
    p99: percentile(latencies, 99),
    rps: latencies.length / seconds,
    requests: latencies.length,
    errors,
    bytes,
    cpuMs,
  };
}

/** One page's rounds on one server, as one measurement. */
function merge(parts: Load[]): Load {
  const seconds = parts.reduce((n, p) => n + p.seconds, 0);
  const bytes = parts.reduce((n, p) => n + p.bytes * p.seconds, 0) / Math.max(seconds, 1e-9);
  const cpuMs = parts.some((p) => p.cpuMs === null) ? null : parts.reduce((n, p) => n + p.cpuMs!, 0);
  return figuresOf(
    parts.flatMap((p) => p.latencies),
    seconds,
    parts.reduce((n, p) => n + p.errors, 0),
    bytes,
    cpuMs,
  );
}

/** A port nobody listens on now, from the system. */
function freePort(): Promise<number> {
  return new Promise((resolve, reject) => {
    const probe = net.createServer();
    probe.once("error", reject);
    probe.listen(0, "127.0.0.1", () => {
      const { port } = probe.address() as net.AddressInfo;
      probe.close(() => resolve(port));
    });
  });
}

type Build = {
  routes: Record<string, { module: { loader?: (a: unknown) => unknown } }>;
  entry: { module: { closeDatabase: () => Promise<void> } };
};

/** Runs the page's loaders in-process, as Remix does for a document request (in parallel), for ~2 s. */
async function timeLoaders(build: Build, baseUrl: string, page: Page, cookie: string | null): Promise<number> {
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
     order by occurred_at desc, id desc
     offset least(${49 * 25 - 1}, (select count(*) / 2 from touchpoints where account_id = $1)) limit 1`,
    [largest],
  );
  const cursor = Buffer.from(JSON.stringify([page50.occurred_at.toISOString(), page50.id])).toString("base64url");
  const { id: kam } = await one<{ id: string }>(url, `select id from users where email = 'kam@pohjola.example'`);
  const account = { accountId: largest };
  const app = (route: string) => ["root", "routes/_app", route];
  return [
    { name: "portfolio, first page", path: "/portfolio", who: "director", routes: app("routes/_app.portfolio._index") },
    {
      name: "portfolio sorted by health",
      path: "/portfolio?sort=health&dir=asc",
      who: "director",
      routes: app("routes/_app.portfolio._index"),
    },
    {
      name: "largest account page",
      path: `/accounts/${largest}`,
      who: "kam",
      routes: app("routes/_app.accounts.$accountId"),
      params: account,
    },
    {
      name: "its timeline, page 50",
      path: `/accounts/${largest}/timeline?cursor=${cursor}`,
      who: "kam",
      routes: app("routes/_app.accounts.$accountId_.timeline"),
      params: account,
    },
    { name: "risk inbox", path: "/risks", who: "director", routes: app("routes/_app.risks") },
    {
      name: "portal home",
      path: "/portal",
      who: "customer",
      routes: ["root", "routes/portal", "routes/portal._index"],
    },
    {
      name: "portfolio trends",
      path: "/portfolio/trends",
      who: "director",
      routes: app("routes/_app.portfolio.trends"),
    },
    {
      name: "one KAM's view",
      path: `/portfolio/kams/${kam}`,
      who: "director",
      routes: app("routes/_app.portfolio.kams.$userId"),
      params: { userId: kam },
    },
  ];
}

/** A size's server, running: its database, sign-ins and pages. */
interface Target {
  size: string;
  disk: DiskSizes | null;
  /** null: the embedded database. */
  url: string | null;
  baseUrl: string;
  server: ChildProcess;
  rss: ReturnType<typeof watchRss>;
  cookies: Record<"director" | "kam" | "customer", string>;
  pages: Page[];
  counts: Record<string, number>;
  dataset: string;
}

async function startTarget(size: string, withPages = true): Promise<Target> {
  console.log(`\n## ${size}`);
  const dataset = await ensureDataset(size);
  const url = databaseUrl(size);
  const counts = await one<Record<string, number>>(
    url,
    `select (select count(*) from accounts)::int as accounts, (select count(*) from stakeholders)::int as stakeholders,
            (select count(*) from touchpoints)::int as touchpoints, (select count(*) from expectations)::int as expectations,
            (select count(*) from touchpoints where account_id = (select id from accounts where name = 'Kestilä Logistics Oy'))::int as largest_account_touchpoints`,
  );
  console.log(`  dataset: ${dataset}; ${describeCounts(counts)}`);
  const disk = withPages ? await diskSizes(size) : null;
  if (disk) for (const line of describeDisk(disk)) console.log(`  ${line}`);
  const pages = withPages ? await pagesFor(size) : [];
  const { server, baseUrl } = await startServer(url);
  try {
    return {
      size,
      disk,
      url,
      baseUrl,
      server,
      rss: watchRss(server.pid!),
      cookies: await signInAll(baseUrl),
      pages,
      counts,
      dataset,
    };
  } catch (error) {
    server.kill("SIGTERM");
    throw error;
  }
}

async function signInAll(baseUrl: string) {
  return {
    director: await signInAt(baseUrl, "director@pohjola.example"),
    kam: await signInAt(baseUrl, "kam@pohjola.example"),
    customer: await signInAt(baseUrl, "customer@kestila.example"),
  };
}

async function stopTarget(t: Target) {
  t.rss.stop();
  if (t.server.exitCode !== null) return;
  t.server.kill("SIGTERM");
  await new Promise((r) => t.server.once("exit", r));
}

/**
 * One page on every target, interleaved: a warm-up on each, then `rounds`
 * rounds in which each target gets its share of the time under load and then
 * alone, in turn. Returns each target's merged figures, in target order.
 */
async function measureInterleaved(targets: Target[], pageOf: (t: Target) => Page) {
  for (const t of targets) {
    const page = pageOf(t);
    await load(`${t.baseUrl}${page.path}`, page.who ? t.cookies[page.who] : null, 2);
  }
  const loaded: Load[][] = targets.map(() => []);
  const alone: Load[][] = targets.map(() => []);
  for (let r = 0; r < rounds; r++) {
    // Alternate the order too, so neither target always follows the other.
    const order = targets.map((_, i) => i);
    if (r % 2 === 1) order.reverse();
    for (const i of order) {
      const t = targets[i]!;
      const page = pageOf(t);
      const cookie = page.who ? t.cookies[page.who] : null;
      loaded[i]!.push(await load(`${t.baseUrl}${page.path}`, cookie, durationS / rounds, connections, t.server.pid));
      alone[i]!.push(
        await load(`${t.baseUrl}${page.path}`, cookie, Math.max(2, durationS / 3) / rounds, 1, t.server.pid),
      );
    }
  }
  return targets.map((_, i) => ({ loaded: merge(loaded[i]!), alone: merge(alone[i]!) }));
}

/** Every page on every size, interleaved; then each size's loaders run in-process, one size at a time. */
async function benchSizes(targets: Target[]): Promise<SizeResult[]> {
  const floors: Load[] = [];
  for (const t of targets) {
    await load(`${t.baseUrl}/livez`, null, 1);
    floors.push(await load(`${t.baseUrl}/livez`, null, Math.min(durationS, 5), connections, t.server.pid));
    console.log(
      `  ${t.size}: trivial Remix route (/livez): p50 ${fmt(floors.at(-1)!.p50)} ms, ${fmt(floors.at(-1)!.rps, 0)} req/s, server CPU ${fmt(cpuPerRequest(floors.at(-1)!), 2)} ms per request`,
    );
  }
  const results: { page: string; loaded: Load; alone: Load }[][] = targets.map(() => []);
  for (const [p, page] of targets[0]!.pages.entries()) {
    const figures = await measureInterleaved(targets, (t) => t.pages[p]!);
    for (const [i, f] of figures.entries()) {
      results[i]!.push({ page: page.name, ...f });
      console.log(
        `  ${targets[i]!.size.padEnd(7)} ${page.name.padEnd(28)} p50 ${fmt(f.loaded.p50).padStart(7)}  p95 ${fmt(f.loaded.p95).padStart(7)}  ` +
          `p99 ${fmt(f.loaded.p99).padStart(7)} ms  ${fmt(f.loaded.rps, 0).padStart(5)} req/s  errors ${f.loaded.errors}  | alone p50 ${fmt(f.alone.p50)} p95 ${fmt(f.alone.p95)} ms | server CPU ${fmt(cpuPerRequest(f.loaded), 1)} ms/page`,
      );
    }
  }
  const out: SizeResult[] = [];
  for (const [i, t] of targets.entries()) {
    const peakRss = t.rss.stop();
    process.env.DATABASE_URL = t.url!;
    process.env.NODE_ENV = "production";
    process.env.SESSION_SECRET = "bench-session-secret-0123456789";
    const build = (await import(`${pathToFileURL(path.join(root, "build/index.js")).href}?size=${t.size}`)) as Build;
    const sized: Figures[] = [];
    for (const [p, page] of t.pages.entries()) {
      const directP50 = await timeLoaders(build, t.baseUrl, page, page.who ? t.cookies[page.who] : null);
      const f = results[i]![p]!;
      sized.push({
        page: page.name,
        ...f.loaded,
        alone: f.alone,
        directP50,
        ratio: f.loaded.p50 / (floors[i]!.p50 + directP50),
      });
    }
    await build.entry.module.closeDatabase();
    console.log(
      `  ${t.size}: server peak RSS under load ${peakRss.toFixed(0)} MiB; loaders direct p50 ${sized.map((f) => fmt(f.directP50)).join(", ")} ms`,
    );
    out.push({
      size: t.size,
      counts: t.counts,
      floor: floors[i]!,
      results: sized,
      peakRss,
      dataset: t.dataset,
      disk: t.disk!,
    });
  }
  return out;
}

interface EmbeddedResult {
  postgres: { loaded: Load; alone: Load };
  pglite: { loaded: Load; alone: Load };
  pgliteDataset: string;
}

/**
 * The account page of the demo's largest account on the embedded database
 * (PGlite, in the server's own thread: the default of a new install) beside
 * the same data on PostgreSQL, both servers up, measured interleaved.
 */
async function benchEmbedded(): Promise<EmbeddedResult> {
  console.log("\n## demo: embedded database (PGlite) beside PostgreSQL");
  const dir = path.resolve(root, args["pglite-dir"]);
  const env = { ...process.env, DATABASE_URL: "", PGLITE_DATA_DIR: dir };
  run(["db/migrate.ts"], env);
  const seeded = run(["db/seed.ts", "--size", "demo", "--if-empty"], env);
  const pgliteDataset = seeded.out.includes("leaving it as it is")
    ? `reused ${args["pglite-dir"]}`
    : `seeded ${args["pglite-dir"]} in ${seeded.seconds.toFixed(0)} s`;
  const accountId = await embeddedAccountId(dir);
  const postgres = await startTarget("demo", false);
  const { id: postgresAccountId } = await one<{ id: string }>(
    databaseUrl("demo"),
    `select id from accounts where name = 'Kestilä Logistics Oy'`,
  );
  let embedded: Target | null = null;
  try {
    const { server, baseUrl } = await startServer(null, dir);
    embedded = { ...postgres, url: null, baseUrl, server, rss: watchRss(server.pid!) };
    embedded.cookies = await signInAll(baseUrl);
    const pageOn = (t: Target): Page => {
      const id = t.url ? postgresAccountId : accountId;
      return {
        name: "largest account page",
        path: `/accounts/${id}`,
        who: "kam",
        routes: [],
        params: { accountId: id },
      };
    };
    const [pg, lite] = await measureInterleaved([postgres, embedded], pageOn);
    for (const [name, f] of [
      ["PostgreSQL", pg!],
      ["PGlite", lite!],
    ] as const) {
      console.log(
        `  account page on ${name.padEnd(10)} alone p50 ${fmt(f.alone.p50)} p95 ${fmt(f.alone.p95)} ms | ${connections} connections p50 ${fmt(f.loaded.p50)} p95 ${fmt(f.loaded.p95)} ms, ${fmt(f.loaded.rps, 0)} req/s`,
      );
    }
    return { postgres: pg!, pglite: lite!, pgliteDataset };
  } finally {
    if (embedded) await stopTarget(embedded);
    await stopTarget(postgres);
  }
}

/** The largest demo account's id in the embedded database (read before its server opens it). */
async function embeddedAccountId(dir: string): Promise<string> {
  const { createDatabase } = await import("#db/connection.ts");
  const database = createDatabase({ dataDir: dir });
  try {
    const row = await database.db
      .selectFrom("accounts")
      .select("id")
      .where("name", "=", "Kestilä Logistics Oy")
      .executeTakeFirstOrThrow();
    return row.id;
  } finally {
    await database.close();
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
console.log(
  `# Kohtaamo benchmark\n${machine}\n${connections} concurrent connections, ${durationS} s per page, load generator on the same machine.`,
);
const targets: Target[] = [];
let all: SizeResult[] = [];
try {
  for (const size of sizes) targets.push(await startTarget(size));
  all = await benchSizes(targets);
} finally {
  for (const t of targets) await stopTarget(t);
}
// The embedded comparison never costs the run its other figures: a failure is printed and skipped.
const embedded = args.pglite
  ? await benchEmbedded().catch((error: unknown) => {
      console.error(
        `\nThe PGlite comparison failed and is left out: ${error instanceof Error ? error.message : String(error)}`,
      );
      return null;
    })
  : null;

const lines: string[] = [
  `Run on ${new Date().toISOString().slice(0, 10)} with \`npm run bench -- --sizes ${args.sizes} --duration ${durationS} --connections ${connections}\`.`,
  "",
  `Machine: ${machine}. The load generator (autocannon, ${connections} closed-loop connections asking for gzip) runs on the same machine, so it competes with the server and the database for the cores.`,
  "",
  "Latencies are in milliseconds, measured by the client over loopback. The first columns are under load (all connections at once, back to back); *alone* is one client by itself, the page's own time without queueing. *Loaders direct* is the page's own loaders (its database work) run in-process; *page/floor* is the page's median over (trivial route median + loaders direct). *Server CPU/page* is the Node.js server process's own CPU time (user + system, from /proc) over the loaded measurement divided by the responses it served: the work the server does per page, which another process's load on the machine does not change as it changes latencies.",
  "",
  `Every size's server runs at once (each on a free port) and each page is measured on the sizes in turn, ${rounds} interleaved rounds (${fmt(durationS / rounds)} s under load and ${fmt(Math.max(2, durationS / 3) / rounds)} s alone per round and size, the order reversed every other round), so the growth from size to size comes from the same minutes of the machine.`,
  "",
];
for (const r of all) {
  lines.push(`### ${r.size}: ${describeCounts(r.counts)}`, "");
  lines.push(
    `Trivial Remix route (/livez): p50 ${fmt(r.floor.p50)} ms, ${fmt(r.floor.rps, 0)} req/s, server CPU ${fmt(cpuPerRequest(r.floor), 2)} ms per request. Server peak RSS under load: ${r.peakRss.toFixed(0)} MiB. Dataset: ${r.dataset}.`,
    "",
  );
  lines.push(...describeDisk(r.disk), "");
  lines.push(
    `| page | p50 | p95 | p99 | req/s | errors | alone p50 | alone p95 | loaders direct p50 | page/floor | server CPU/page |`,
    "|---|---:|---:|---:|---:|---:|---:|---:|---:|---:|---:|",
  );
  for (const f of r.results) {
    lines.push(
      `| ${f.page} | ${fmt(f.p50)} | ${fmt(f.p95)} | ${fmt(f.p99)} | ${fmt(f.rps, 0)} | ${f.errors} | ${fmt(f.alone.p50)} | ${fmt(f.alone.p95)} | ${fmt(f.directP50)} | ${fmt(f.ratio, 2)}× | ${fmt(cpuPerRequest(f), 1)} ms |`,
    );
  }
  lines.push("");
}
// Each size against the one before it (small → large, large → xlarge).
for (let i = 1; i < all.length; i++) {
  const [first, last] = [all[i - 1]!, all[i]!];
  lines.push(
    `### Growth from ${first.size} to ${last.size} (measured interleaved)`,
    "",
    "| page | p50 ratio | p95 ratio | alone p50 ratio |",
    "|---|---:|---:|---:|",
  );
  for (const f of last.results) {
    const base = first.results.find((b) => b.page === f.page);
    if (base)
      lines.push(
        `| ${f.page} | ${fmt(f.p50 / base.p50, 2)}× | ${fmt(f.p95 / base.p95, 2)}× | ${fmt(f.alone.p50 / base.alone.p50, 2)}× |`,
      );
  }
  lines.push(
    "",
    `Server peak RSS: ${first.size} ${first.peakRss.toFixed(0)} MiB, ${last.size} ${last.peakRss.toFixed(0)} MiB; database on disk ${mib(first.disk.database)} → ${mib(last.disk.database)}.`,
    "",
  );
  console.log(`\n${lines.slice(-(last.results.length + 6)).join("\n")}`);
}
if (embedded) {
  lines.push(
    `### Embedded database (PGlite) beside PostgreSQL: the largest account's page at the demo size`,
    "",
    `Both servers up at once, measured interleaved as above (PGlite: ${embedded.pgliteDataset}).`,
    "",
    `| database | alone p50 | alone p95 | p50 (${connections} connections) | p95 | req/s | errors | server CPU/page |`,
    "|---|---:|---:|---:|---:|---:|---:|---:|",
  );
  for (const [name, f] of [
    ["PostgreSQL", embedded.postgres],
    ["PGlite (embedded)", embedded.pglite],
  ] as const) {
    lines.push(
      `| ${name} | ${fmt(f.alone.p50)} | ${fmt(f.alone.p95)} | ${fmt(f.loaded.p50)} | ${fmt(f.loaded.p95)} | ${fmt(f.loaded.rps, 0)} | ${f.loaded.errors + f.alone.errors} | ${fmt(cpuPerRequest(f.loaded), 1)} ms |`,
    );
  }
  lines.push("");
}

// The CSV import against a plain COPY of the same rows (bench/import.ts).
if (importRows > 0) {
  console.log(`\n## CSV import of ${importRows.toLocaleString("en")} invoice touchpoints`);
  const { runImportBench, formatImportBench } = await import("./import.ts");
  const figures = formatImportBench(await runImportBench({ serverUrl: args.server, rows: importRows }));
  for (const l of figures) console.log(`  ${l}`);
  lines.push(
    `### CSV import of ${importRows.toLocaleString("en")} invoice touchpoints`,
    "",
    "```",
    ...figures,
    "```",
    "",
  );
}

if (args.write) {
  writeFigures(lines.join("\n"));
  console.log("\nWrote the figures into bench/RESULTS.md");
}

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
