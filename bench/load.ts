// npm run bench:load [-- --duration 30 --server postgres://… --port 3391 --database kohtaamo_bench_load]
//
// Mixed read and write traffic against the built production server on loopback,
// for a bounded time, then a check against the database that nothing was lost.
// Expects `npm run build` done. Works in a scratch database (--database, default kohtaamo_bench_load)
// on the PostgreSQL server (--server, or LOAD_DATABASE_URL), made fresh, migrated
// and seeded with the demo data each run, and left for inspection until the next;
// the server's other databases are not touched. Each kind of request has its own autocannon instance and connections;
// every write carries a unique marker, and every write the server acknowledged
// (302) must then be in the database exactly once, whole (with its audit event).
// Prints throughput, latency percentiles per kind and overall, and errors; writes
// bench/LOAD.md; exits 1 on any error or lost write.
import { randomBytes } from "node:crypto";
import fs from "node:fs";
import os from "node:os";
import path from "node:path";
import { parseArgs } from "node:util";
import autocannon, { type Context, type Request } from "autocannon";
import { fmt, percentile, query, run, signIn, startServer, watchRss } from "./lib.ts";

const root = path.resolve(import.meta.dirname, "..");
const { values: args } = parseArgs({
  options: {
    duration: { type: "string", default: "30" },
    server: { type: "string", default: process.env.LOAD_DATABASE_URL ?? "postgres://postgres@127.0.0.1:5432/postgres" },
    port: { type: "string", default: "3391" },
    /** The scratch database's name: another name (and --port) runs a second load test beside the first. */
    database: { type: "string", default: "kohtaamo_bench_load" },
  },
});
if (!/^[a-z_][a-z0-9_]{0,62}$/.test(args.database)) {
  console.error("--database: lower-case letters, digits and underscores, starting with a letter.");
  process.exit(1);
}
const duration = Number(args.duration);
const baseUrl = `http://127.0.0.1:${args.port}`;
const scratch = Object.assign(new URL(args.server), { pathname: `/${args.database}` }).toString();
const runId = randomBytes(3).toString("hex");
const tsx = path.join(root, "node_modules/.bin/tsx");

if (!fs.existsSync(path.join(root, "build/index.js"))) {
  console.error("No server build: run `npm run build` first.");
  process.exit(1);
}

// ------------------------------------------------------------ the database

console.log(`# Kohtaamo load test (run ${runId})`);
await query(args.server, `DROP DATABASE IF EXISTS ${args.database} WITH (FORCE)`);
await query(args.server, `CREATE DATABASE ${args.database}`);
const env = { ...process.env, DATABASE_URL: scratch };
run(tsx, ["db/migrate.ts"], env);
console.log(`Seeded the demo data in ${run(tsx, ["db/seed.ts", "--size", "demo"], env).seconds.toFixed(0)} s.`);

interface Kam {
  id: string;
  email: string;
  accounts: string[];
}
const kams = await query<Kam>(
  scratch,
  `select u.id, u.email, array_agg(a.id order by a.name) as accounts from users u join accounts a on a.owner_id = u.id
   where u.role = 'kam' group by u.id, u.email order by u.email`,
);
const kestila = (
  await query<{ id: string; owner_id: string }>(
    scratch,
    "select id, owner_id from accounts where name = 'Kestilä Logistics Oy'",
  )
)[0]!;
const timelinePages = await query<{ at: Date; id: string }>(
  scratch,
  `select occurred_at as at, id from touchpoints where account_id = $1 order by occurred_at desc, id desc`,
  [kestila.id],
);
const cursors = timelinePages
  .filter((_, i) => i % 25 === 24)
  .slice(0, 20)
  .map((t) => Buffer.from(JSON.stringify([t.at.toISOString(), t.id])).toString("base64url"));
const openExpectations = await query<{ id: string; account_id: string; version: number; owner_id: string }>(
  scratch,
  `select e.id, e.account_id, e.version, a.owner_id from expectations e join accounts a on a.id = e.account_id
   where e.status = 'open' order by e.id limit 40`,
);
const stakeholders = await query<Record<string, string | number | null>>(
  scratch,
  `select s.id, s.account_id, s.version, a.owner_id, s.name, s.email, s.phone, s.committee_role, s.influence, s.stance, s.reports_to_id
   from stakeholders s join accounts a on a.id = s.account_id where s.left_on is null order by s.id limit 40`,
);
const startVersions = new Map(stakeholders.map((s) => [String(s.id), Number(s.version)]));
const ratable = await query<{ id: string }>(
  scratch,
  `select id from touchpoints where account_id = $1 and shared_with_customer and kind not in ('invoice', 'survey', 'committee_change')`,
  [kestila.id],
);
const auditStart =
  (await query<{ max: string | null }>(scratch, "select max(id)::text as max from audit_events"))[0]!.max ?? "0";

// ------------------------------------------------------------ the workload

const wall = (ms = Date.now()) =>
  new Date(ms).toLocaleString("sv-SE", { timeZone: "Europe/Helsinki" }).slice(0, 16).replace(" ", "T");
const today = () => wall().slice(0, 10);
const pick = <T>(list: T[]) => list[Math.floor(Math.random() * list.length)]!;
let markers = 0;
const marker = (kind: string) => `LOAD-${runId}-${kind}-${++markers}`;
/** Every marker sent, and the status the server acknowledged it with (none: no answer). */
const sent = new Map<string, { kind: string; status: number | null }>();

interface Kind {
  name: string;
  connections: number;
  write?: boolean;
  /** The next request; `context` lives until its response. */
  next(context: Context): Request;
  /** After a response: for writes, the status recorded against the marker. */
  done?(context: Context, status: number): void;
}

const cookies: Record<string, string> = {};
const form = (cookie: string, fields: Record<string, string>): Request => ({
  method: "POST",
  headers: {
    cookie,
    "content-type": "application/x-www-form-urlencoded",
    origin: baseUrl,
    "sec-fetch-site": "same-origin",
  },
  body: new URLSearchParams(fields).toString(),
});
const get = (path: string, cookie: string): Request => ({ method: "GET", path, headers: { cookie } });
const ownerCookie = (ownerId: string) => cookies[kams.find((k) => k.id === ownerId)!.email]!;
/** A record one connection works on at a time, its version followed across writes. */
function lease<T extends { version: number }>(pool: T[], context: Context): T {
  const item = pool.shift();
  if (!item) throw new Error("Pool exhausted: more connections than records.");
  context.item = item;
  return item;
}

const KINDS: Kind[] = [
  { name: "account list", connections: 2, next: () => get("/accounts", cookies[pick(kams).email]!) },
  {
    name: "account page",
    connections: 2,
    next: () => {
      const kam = pick(kams);
      return get(`/accounts/${pick(kam.accounts)}`, cookies[kam.email]!);
    },
  },
  {
    name: "timeline page",
    connections: 1,
    next: () => get(`/accounts/${kestila.id}/timeline?cursor=${pick(cursors)}`, ownerCookie(kestila.owner_id)),
  },
  { name: "portfolio", connections: 1, next: () => get("/portfolio", cookies["director@pohjola.example"]!) },
  { name: "risk inbox", connections: 1, next: () => get("/risks", cookies["director@pohjola.example"]!) },
  { name: "portal home", connections: 1, next: () => get("/portal", cookies["customer@kestila.example"]!) },
  {
    name: "log a touchpoint",
    connections: 2,
    write: true,
    next: (context) => {
      const kam = pick(kams);
      const title = (context.marker = marker("tp")) as string;
      const at = wall(Date.now() - 5 * 60_000);
      return {
        ...form(cookies[kam.email]!, { kind: "meeting", occurred_at: at, title, summary: title, user_ids: kam.id }),
        path: `/accounts/${pick(kam.accounts)}/touchpoints/new`,
      };
    },
  },
  {
    name: "record a delivery",
    connections: 2,
    write: true,
    next: (context) => {
      const e = lease(openExpectations as ((typeof openExpectations)[number] & { reopen?: boolean })[], context);
      const note = (context.marker = marker(e.reopen ? "reopen" : "deliver")) as string;
      const fields: Record<string, string> = e.reopen
        ? { intent: "reopen", version: String(e.version), reason: note }
        : {
            intent: "deliver",
            version: String(e.version),
            outcome: "partial",
            delivered_on: today(),
            delivery_note: note,
          };
      return { ...form(ownerCookie(e.owner_id), fields), path: `/accounts/${e.account_id}/expectations/${e.id}` };
    },
    done: (context, status) => {
      const e = context.item as { version: number; reopen?: boolean };
      if (status === 302) Object.assign(e, { version: e.version + 1, reopen: !e.reopen });
      openExpectations.push(e as (typeof openExpectations)[number]);
    },
  },
  {
    name: "edit a stakeholder",
    connections: 2,
    write: true,
    next: (context) => {
      const s = lease(stakeholders as (Record<string, string | number | null> & { version: number })[], context);
      const title = (context.marker = marker("stakeholder")) as string;
      const text = (k: string) => (s[k] === null ? "" : String(s[k]));
      const fields = {
        intent: "edit",
        version: String(s.version),
        name: text("name"),
        title,
        email: text("email"),
        phone: text("phone"),
      };
      const rest = {
        committee_role: text("committee_role"),
        influence: text("influence"),
        stance: text("stance"),
        reports_to_id: text("reports_to_id"),
      };
      return {
        ...form(ownerCookie(String(s.owner_id)), { ...fields, ...rest }),
        path: `/accounts/${s.account_id}/committee/${s.id}`,
      };
    },
    done: (context, status) => {
      const s = context.item as { version: number };
      if (status === 302) s.version += 1;
      stakeholders.push(s as (typeof stakeholders)[number]);
    },
  },
  {
    // CSAT for each shared touchpoint once, then proposals (a customer's wish) for the rest of the run.
    name: "portal feedback",
    connections: 1,
    write: true,
    next: (context) => {
      const cookie = cookies["customer@kestila.example"]!;
      const touchpoint = ratable.shift();
      if (touchpoint) {
        const comment = (context.marker = marker("csat")) as string;
        return {
          ...form(cookie, { intent: "csat", touchpoint_id: touchpoint.id, score: "4", comment }),
          path: "/portal/feedback",
        };
      }
      const title = (context.marker = marker("proposal")) as string;
      const due = new Date(Date.now() + 30 * 86_400_000).toISOString().slice(0, 10);
      return {
        ...form(cookie, { title, description: title, category: "delivery", due_date: due }),
        path: "/portal/commitments/new",
      };
    },
  },
];

const connections = KINDS.reduce((n, k) => n + k.connections, 0);
const workload = `${connections} connections (${KINDS.map((k) => `${k.name} ×${k.connections}`).join(", ")})`;
const server = await startServer({ ...env, PORT: args.port, SIGN_IN_RATE_LIMIT: "1000000" }, baseUrl);
const rss = watchRss(server.pid!);
const latencies = new Map<string, number[]>(KINDS.map((k) => [k.name, []]));
const statuses = new Map<string, Map<number, number>>(KINDS.map((k) => [k.name, new Map()]));
let failures = 0;
try {
  for (const email of [...kams.map((k) => k.email), "director@pohjola.example", "customer@kestila.example"])
    cookies[email] = await signIn(baseUrl, email);
  console.log(`${duration} s of mixed traffic on ${workload}…`);
  const started = performance.now();
  const results = await Promise.all(
    KINDS.map((kind) => {
      const instance = autocannon({
        url: baseUrl,
        connections: kind.connections,
        duration,
        timeout: 30,
        requests: [
          {
            // Keeps autocannon's defaults (the Host header among them: the same-origin check compares Origin with it).
            setupRequest: (request, context) => ({ ...request, ...kind.next(context) }),
            onResponse: (status, _body, context) => {
              if (kind.write) sent.set(context.marker as string, { kind: kind.name, status });
              kind.done?.(context, status);
            },
          },
        ],
      });
      instance.on("response", (_client: unknown, status: number, _bytes: number, ms: number) => {
        latencies.get(kind.name)!.push(ms);
        const counts = statuses.get(kind.name)!;
        counts.set(status, (counts.get(status) ?? 0) + 1);
      });
      return instance;
    }),
  );
  const seconds = (performance.now() - started) / 1000;
  for (const r of results) failures += r.errors + r.timeouts;
  const peak = rss.stop();

  // ------------------------------------------------------------ figures
  const all = [...latencies.values()].flat().sort((a, b) => a - b);
  const ok = (kind: Kind, status: number) => (kind.write ? status === 302 : status === 200);
  const rows = KINDS.map((kind) => {
    const l = latencies.get(kind.name)!.sort((a, b) => a - b);
    const bad = [...statuses.get(kind.name)!].filter(([s]) => !ok(kind, s)).reduce((n, [, c]) => n + c, 0);
    failures += bad;
    if (bad > 0) {
      const odd = [...statuses.get(kind.name)!].filter(([s]) => !ok(kind, s)).map(([s, c]) => `${c}× ${s}`).join(", ");
      console.log(`${kind.name}: unexpected answers ${odd}`);
    }
    return {
      name: kind.name,
      n: l.length,
      rps: l.length / seconds,
      p50: percentile(l, 50),
      p95: percentile(l, 95),
      p99: percentile(l, 99),
      bad,
    };
  });
  const table = [
    "| request | requests | req/s | p50 ms | p95 ms | p99 ms | errors |",
    "|---|---:|---:|---:|---:|---:|---:|",
    ...rows.map(
      (r) => `| ${r.name} | ${r.n} | ${fmt(r.rps)} | ${fmt(r.p50)} | ${fmt(r.p95)} | ${fmt(r.p99)} | ${r.bad} |`,
    ),
    `| **all** | ${all.length} | ${fmt(all.length / seconds)} | ${fmt(percentile(all, 50))} | ${fmt(percentile(all, 95))} | ${fmt(percentile(all, 99))} | ${failures} |`,
  ];
  console.log(
    `\n${table.join("\n")}\n\nServer peak RSS: ${peak.toFixed(0)} MiB. Connection errors and timeouts: ${results.reduce((n, r) => n + r.errors + r.timeouts, 0)}.`,
  );

  // ------------------------------------------------- nothing lost, nothing half
  server.kill("SIGTERM");
  await new Promise((r) => server.once("exit", r));
  const like = `LOAD-${runId}-%`;
  // Each marker found, with whether the write is whole (its audit event written with it).
  const found = await query<{ marker: string; whole: boolean }>(
    scratch,
    `select t.title as marker, exists (select 1 from audit_events a where a.entity = 'touchpoint' and a.entity_id = t.id::text) as whole
       from touchpoints t where t.title like $1 and t.source <> 'portal'
     union all
     select c.reason, exists (select 1 from audit_events a where a.entity = 'expectation' and a.entity_id = c.expectation_id::text
       and a.id > $2::bigint and a.action = case c.kind when 'delivered' then 'deliver' else 'reopen' end)
       from expectation_changes c where c.reason like $1 and c.kind in ('delivered', 'reopened')
     union all
     select a.after->>'title', true from audit_events a where a.entity = 'stakeholder' and a.action = 'update' and a.after->>'title' like $1
     union all
     select r.comment, exists (select 1 from audit_events a where a.entity = 'survey_response' and a.entity_id = r.id::text)
       from survey_responses r where r.comment like $1
     union all
     select e.title, exists (select 1 from audit_events a where a.entity = 'expectation' and a.entity_id = e.id::text)
       from expectations e where e.title like $1`,
    [like, auditStart],
  );
  // Every stakeholder's version moved once per audited edit: no edit without its audit event.
  const unaudited = await query<{ id: string }>(
    scratch,
    `select s.id from stakeholders s join unnest($1::uuid[], $2::int[]) as start(id, version) on start.id = s.id
     where s.version - start.version <> (select count(*) from audit_events a where a.entity = 'stakeholder' and a.entity_id = s.id::text and a.id > $3::bigint)`,
    [[...startVersions.keys()], [...startVersions.values()], auditStart],
  );
  const counts = new Map<string, number>();
  for (const f of found) counts.set(f.marker, (counts.get(f.marker) ?? 0) + 1);
  const acked = [...sent].filter(([, s]) => s.status === 302).map(([m]) => m);
  const lost = acked.filter((m) => !counts.has(m));
  const twice = [...counts].filter(([, n]) => n > 1).map(([m]) => m);
  const partial = found.filter((f) => !f.whole).map((f) => f.marker);
  const unacknowledged = [...counts.keys()].filter((m) => sent.get(m)?.status !== 302);
  const check = [
    `Writes acknowledged: ${acked.length}; in the database: ${acked.length - lost.length}; lost: ${lost.length}. Markers found in all: ${counts.size}.`,
    `Written twice: ${twice.length}. Half-written (no audit event, or a version moved without one): ${partial.length + unaudited.length}.`,
    `Written without an acknowledgement (the answer cut off at the end): ${unacknowledged.length}.`,
  ];
  console.log(`\n${check.join("\n")}`);
  for (const m of [...lost, ...twice, ...partial].slice(0, 10)) console.log(`  problem: ${m}`);
  const broken = lost.length + twice.length + partial.length + unaudited.length;

  const load = os.loadavg()[0]!.toFixed(1);
  const machine = `${os.cpus().length} × ${os.cpus()[0]?.model ?? "CPU"}, ${(os.totalmem() / 2 ** 30).toFixed(0)} GiB RAM, Node ${process.version}, ${os.type()} ${os.release()}`;
  const pgVersion = (await query<{ server_version: string }>(args.server, "show server_version"))[0]!.server_version;
  const report = [
    "# Load test",
    "",
    `Run on ${new Date().toISOString().slice(0, 10)} with \`npm run bench:load -- --duration ${duration}\` (the production build, REQUEST_LOG=off, on PostgreSQL ${pgVersion}, demo data).`,
    "",
    `Machine: ${machine}. autocannon runs in the same process on the same machine: it competes with the server and PostgreSQL for the cores. Load average (1 min) when the run ended: ${load}${Number(load) > os.cpus().length ? ", so other work shared the machine" : ""}.`,
    "",
    `${duration} s of mixed traffic on ${workload}: ${all.length} requests, ${fmt(all.length / seconds)} req/s overall. Errors are responses other than 200 (reads) or 302 (writes), connection errors and timeouts. Server peak RSS ${peak.toFixed(0)} MiB.`,
    "",
    ...table,
    "",
    ...check,
    "",
  ];
  fs.writeFileSync(path.join(root, "bench/LOAD.md"), report.join("\n"));
  console.log("\nWrote bench/LOAD.md");
  if (failures > 0 || broken > 0) process.exitCode = 1;
} finally {
  rss.stop();
  if (server.exitCode === null) {
    server.kill("SIGTERM");
    await new Promise((r) => server.once("exit", r));
  }
}
