// npm run bench:profile -- [--size small] [--page account|timeline|portfolio|kam|portal|trends|risks|experience|account-experience|settings] [--seconds 10] [--connections 4] [--pglite-dir .data/bench-pglite-demo]
//
// Where a page's server CPU goes. Starts the built production server under
// V8's CPU profiler (--cpu-prof) on a size's benchmark database (seeded by
// `npm run bench`, named <db-prefix>_<size>), drives one page for a while,
// stops the server so it writes its profile, and prints the server's CPU per
// page (from /proc) and the profile's self time grouped by where the code
// lives: React's server renderer, Remix, the database driver, compression,
// garbage collection, the app's own code, Node's internals. Shares are of the
// profiled time, so they hold on a busy machine even when milliseconds do not.
// With --pglite-dir the server runs on that embedded database instead (the one
// `npm run bench` seeds at the demo size, .data/bench-pglite-demo), where the
// database itself runs in the server's thread and is in the profile too.
import fs from "node:fs";
import os from "node:os";
import path from "node:path";
import { parseArgs } from "node:util";
import autocannon from "autocannon";
import { fmt, processCpuMs, query, signIn, startServer } from "./lib.ts";

const root = path.resolve(import.meta.dirname, "..");
const { values: args } = parseArgs({
  options: {
    size: { type: "string", default: "small" },
    page: { type: "string", default: "account" },
    seconds: { type: "string", default: "10" },
    connections: { type: "string", default: "4" },
    "db-prefix": { type: "string", default: "kohtaamo_bench" },
    server: {
      type: "string",
      default: process.env.BENCH_DATABASE_URL ?? "postgres://postgres@127.0.0.1:5432/postgres",
    },
    top: { type: "string", default: "25" },
    "pglite-dir": { type: "string" },
  },
});

interface ProfileNode {
  id: number;
  callFrame: { functionName: string; url: string; lineNumber: number };
  children?: number[];
}
interface CpuProfile {
  /** Microseconds on the monotonic clock (the one process.hrtime reads). */
  startTime: number;
  nodes: ProfileNode[];
  samples: number[];
  timeDeltas: number[];
}

const PGLITE_GROUP = "PGlite (the embedded PostgreSQL and its JavaScript)";

/** Where a frame's code lives, as a reader of the figures would name it. */
export function groupOf(frame: ProfileNode["callFrame"]): string {
  const { url, functionName } = frame;
  if (functionName === "(garbage collector)") return "garbage collection";
  if (functionName === "(idle)") return "(idle)";
  if (functionName === "(program)") return "(program: V8 and native code outside JavaScript)";
  if (!url) return functionName.startsWith("(") ? functionName : "native / builtins";
  // The only WebAssembly in the server is PGlite's PostgreSQL.
  if (url.startsWith("wasm://")) return PGLITE_GROUP;
  if (url.startsWith("node:zlib") || url.includes("internal/zlib")) return "compression (zlib)";
  if (url.startsWith("node:") || url.startsWith("internal/")) return "Node.js internals (streams, http, crypto…)";
  const pkg = /node_modules\/((?:@[^/]+\/)?[^/]+)/.exec(url)?.[1];
  if (pkg) {
    if (pkg.startsWith("react-dom") || pkg === "react") return "React (server rendering)";
    if (pkg.startsWith("@remix-run") || pkg === "react-router" || pkg === "turbo-stream")
      return "Remix (routing, data, serialization)";
    if (pkg === "pg" || pkg === "pg-protocol" || pkg === "pg-types" || pkg === "postgres-array" || pkg === "kysely")
      return "database driver + Kysely";
    if (pkg === "@electric-sql/pglite") return PGLITE_GROUP;
    if (pkg === "compression" || pkg === "express" || pkg.startsWith("body-parser") || pkg === "router")
      return `Express (${pkg})`;
    return `package ${pkg}`;
  }
  if (url.includes("/build/")) return "app code (build)";
  if (url.includes("/scripts/")) return "server script";
  return "other";
}

/** Self time per group and per function, in ms, from a V8 CPU profile; only samples within [from, to] µs when given. */
export function summarize(profile: CpuProfile, from = -Infinity, to = Infinity) {
  const byId = new Map(profile.nodes.map((n) => [n.id, n]));
  const self = new Map<number, number>();
  let at = profile.startTime;
  for (let i = 0; i < profile.samples.length; i++) {
    const id = profile.samples[i]!;
    const delta = profile.timeDeltas[i] ?? 0;
    at += delta;
    if (at < from || at > to) continue;
    self.set(id, (self.get(id) ?? 0) + delta / 1000);
  }
  const groups = new Map<string, number>();
  const functions = new Map<string, number>();
  for (const [id, ms] of self) {
    const frame = byId.get(id)!.callFrame;
    const group = groupOf(frame);
    groups.set(group, (groups.get(group) ?? 0) + ms);
    const where = frame.url
      ? `${frame.url.replace(/^.*node_modules\//, "").replace(root, "")}:${frame.lineNumber + 1}`
      : "";
    const name = `${frame.functionName || "(anonymous)"} ${where}`.trim();
    functions.set(name, (functions.get(name) ?? 0) + ms);
  }
  return { groups, functions };
}

/** The largest account and the KAM: from the size's database on the server, or from the embedded one. */
async function benchIds(): Promise<{ database: Record<string, string>; largest?: { id: string }; kam?: { id: string } }> {
  const largestSql = `select id from accounts where name = 'Kestilä Logistics Oy'`;
  const kamSql = `select id from users where email = 'kam@pohjola.example'`;
  if (args["pglite-dir"]) {
    const dataDir = path.resolve(root, args["pglite-dir"]);
    const { createDatabase } = await import("#db/connection.ts");
    const { sql } = await import("kysely");
    const embedded = createDatabase({ dataDir });
    try {
      const [largest] = (await sql.raw<{ id: string }>(largestSql).execute(embedded.db)).rows;
      const [kam] = (await sql.raw<{ id: string }>(kamSql).execute(embedded.db)).rows;
      return { database: { DATABASE_URL: "", PGLITE_DATA_DIR: dataDir }, largest, kam };
    } finally {
      await embedded.close();
    }
  }
  const url = new URL(args.server);
  url.pathname = `/${args["db-prefix"]}_${args.size}`;
  const [largest] = await query<{ id: string }>(url.toString(), largestSql);
  const [kam] = await query<{ id: string }>(url.toString(), kamSql);
  return { database: { DATABASE_URL: url.toString() }, largest, kam };
}

async function main() {
  const { database, largest, kam } = await benchIds();
  const where = args["pglite-dir"] ? `the embedded database in ${args["pglite-dir"]}` : `${args["db-prefix"]}_${args.size}`;
  if (!largest || !kam) throw new Error(`No benchmark data in ${where}: run npm run bench first.`);
  const pages: Record<string, { path: string; who: string }> = {
    account: { path: `/accounts/${largest.id}`, who: "kam@pohjola.example" },
    timeline: { path: `/accounts/${largest.id}/timeline`, who: "kam@pohjola.example" },
    portfolio: { path: "/portfolio", who: "director@pohjola.example" },
    kam: { path: `/portfolio/kams/${kam.id}`, who: "director@pohjola.example" },
    portal: { path: "/portal", who: "customer@kestila.example" },
    trends: { path: "/portfolio/trends", who: "director@pohjola.example" },
    risks: { path: "/risks", who: "director@pohjola.example" },
    experience: { path: "/portfolio/experience", who: "director@pohjola.example" },
    "account-experience": { path: `/accounts/${largest.id}/experience`, who: "kam@pohjola.example" },
    settings: { path: "/settings/calendar", who: "kam@pohjola.example" },
  };
  const page = pages[args.page];
  if (!page) throw new Error(`Unknown --page ${args.page}; one of ${Object.keys(pages).join(", ")}.`);

  const dir = fs.mkdtempSync(path.join(os.tmpdir(), "kohtaamo-profile-"));
  const port = 3400 + Math.floor(Math.random() * 500);
  const baseUrl = `http://127.0.0.1:${port}`;
  const server = await startServer(
    {
      ...process.env,
      ...database,
      PORT: String(port),
      SIGN_IN_RATE_LIMIT: "1000000",
      NODE_OPTIONS: `--cpu-prof --cpu-prof-dir=${dir}`,
    },
    baseUrl,
  );
  let requests = 0;
  let errors = 0;
  let cpu = 0;
  let window: [number, number] = [-Infinity, Infinity];
  try {
    const cookie = await signIn(baseUrl, page.who);
    const drive = async (seconds: number) => {
      const instance = autocannon({
        url: `${baseUrl}${page.path}`,
        connections: Number(args.connections),
        duration: seconds,
        headers: { cookie, "accept-encoding": "gzip" },
      });
      let n = 0;
      instance.on("response", (_c: unknown, status: number) => {
        n++;
        if (status !== 200) errors++;
      });
      await instance;
      return n;
    };
    await drive(2); // warm-up: JIT, caches
    errors = 0;
    const before = processCpuMs(server.pid);
    const startedAt = Number(process.hrtime.bigint() / 1000n);
    requests = await drive(Number(args.seconds));
    window = [startedAt, Number(process.hrtime.bigint() / 1000n)];
    cpu = (processCpuMs(server.pid) ?? NaN) - (before ?? NaN);
  } finally {
    server.kill("SIGTERM");
    await new Promise((r) => server.once("exit", r));
  }
  const file = fs.readdirSync(dir).find((f) => f.endsWith(".cpuprofile"));
  if (!file) throw new Error("The server wrote no CPU profile.");
  const profile = JSON.parse(fs.readFileSync(path.join(dir, file), "utf8")) as CpuProfile;
  fs.rmSync(dir, { recursive: true, force: true });

  const { groups, functions } = summarize(profile, ...window);
  const busy = [...groups].filter(([g]) => g !== "(idle)").reduce((n, [, ms]) => n + ms, 0);
  console.log(
    `# ${args.page} page (${page.path.replace(/[0-9a-f-]{36}/, ":id")}) on ${args["pglite-dir"] ? where : args.size}, ${args.seconds} s, ${args.connections} connections`,
  );
  console.log(
    `${requests} responses (${errors} not 200); server CPU ${fmt(cpu / Math.max(requests, 1), 1)} ms per page (from /proc); load average ${os
      .loadavg()
      .map((l) => l.toFixed(1))
      .join(" ")}`,
  );
  console.log(
    `\nSelf time by where the code lives (share of the busy time sampled while the page was driven, ${fmt(busy / 1000, 1)} s):`,
  );
  for (const [group, ms] of [...groups].filter(([g]) => g !== "(idle)").sort((a, b) => b[1] - a[1])) {
    console.log(`  ${((100 * ms) / busy).toFixed(1).padStart(5)} %  ${group}`);
  }
  console.log(`\nTop functions by self time:`);
  for (const [name, ms] of [...functions].sort((a, b) => b[1] - a[1]).slice(0, Number(args.top))) {
    if (name.startsWith("(idle)")) continue;
    console.log(`  ${((100 * ms) / busy).toFixed(1).padStart(5)} %  ${name}`);
  }
}

if (import.meta.url === `file://${process.argv[1]}`) await main();
