// npm run db:restart-drill [-- --version 15 --port 5499 --app-port 3392 --database kohtaamo_drill --outage 3 --keep]
//
// Restarts PostgreSQL under the production server while it takes writes, and
// prints what the users saw: requests answered 503 during the outage (and any
// other failure or hang), the time from the stop to the first write that
// succeeded again, and a check that no write is half there.
//
// It runs on a cluster of its own (pg_createcluster <version> <--database> on
// --port, local trust authentication), created for the drill and dropped at the
// end (--keep leaves it), so other users of the machine's main cluster are not
// disturbed. Run as root (pg_ctlcluster); expects `npm run build` done.
import { execFileSync } from "node:child_process";
import fs from "node:fs";
import path from "node:path";
import { parseArgs } from "node:util";
// eslint-disable-next-line no-restricted-imports -- the benchmark helpers have no import alias
import { query, run, signIn, startServer } from "../bench/lib.ts";

const root = path.resolve(import.meta.dirname, "..");
const { values: args } = parseArgs({
  options: {
    version: { type: "string", default: "15" },
    port: { type: "string", default: "5499" },
    "app-port": { type: "string", default: "3392" },
    outage: { type: "string", default: "3" },
    /** The drill's cluster and database name: another name (and ports) runs a second drill beside the first. */
    database: { type: "string", default: "kohtaamo_drill" },
    keep: { type: "boolean", default: false },
  },
});
if (!/^[a-z_][a-z0-9_]{0,62}$/.test(args.database)) {
  console.error("--database: lower-case letters, digits and underscores, starting with a letter.");
  process.exit(1);
}
const cluster = [args.version, args.database] as const;
const serverUrl = `postgres://postgres@127.0.0.1:${args.port}/postgres`;
const dbUrl = `postgres://postgres@127.0.0.1:${args.port}/${args.database}`;
const baseUrl = `http://127.0.0.1:${args["app-port"]}`;
const WRITERS = 6;
const sh = (cmd: string, argv: string[]) => execFileSync(cmd, argv, { stdio: ["ignore", "pipe", "pipe"] }).toString();

if (!fs.existsSync(path.join(root, "build/index.js"))) {
  console.error("No server build: run `npm run build` first.");
  process.exit(1);
}
if (
  sh("pg_lsclusters", ["--no-header"])
    .split("\n")
    .some((l) => l.split(/\s+/)[1] === cluster[1])
) {
  sh("pg_dropcluster", ["--stop", ...cluster]);
}
sh("pg_createcluster", [...cluster, "--port", args.port, "--start", "--", "--auth-local=trust", "--auth-host=trust"]);
console.log(`Cluster ${cluster.join("/")} on port ${args.port}.`);

const server = await (async () => {
  await query(serverUrl, `CREATE DATABASE ${args.database}`);
  const env = { ...process.env, DATABASE_URL: dbUrl };
  run(path.join(root, "node_modules/.bin/tsx"), ["db/migrate.ts"], env);
  run(path.join(root, "node_modules/.bin/tsx"), ["db/seed.ts", "--size", "demo"], env);
  return startServer({ ...env, PORT: args["app-port"], SIGN_IN_RATE_LIMIT: "1000000" }, baseUrl);
})();

interface Sent {
  marker: string;
  status: number | null;
  at: number;
  ms: number;
}
const sent: Sent[] = [];
try {
  const kams = await query<{ id: string; email: string; account: string }>(
    dbUrl,
    "select distinct on (u.id) u.id, u.email, a.id as account from users u join accounts a on a.owner_id = u.id where u.role = 'kam' order by u.id, a.name",
  );
  const cookies = await Promise.all(kams.map((k) => signIn(baseUrl, k.email)));
  const wall = () =>
    new Date(Date.now() - 5 * 60_000)
      .toLocaleString("sv-SE", { timeZone: "Europe/Helsinki" })
      .slice(0, 16)
      .replace(" ", "T");
  let n = 0;
  let stop = false;
  // Each writer logs touchpoints back to back, each with its own marker, as browsers would post the form.
  const writer = async (w: number) => {
    const kam = kams[w % kams.length]!;
    while (!stop) {
      const marker = `DRILL-${++n}`;
      const t0 = Date.now();
      const status = await fetch(`${baseUrl}/accounts/${kam.account}/touchpoints/new`, {
        method: "POST",
        redirect: "manual",
        signal: AbortSignal.timeout(20_000),
        headers: { cookie: cookies[w % kams.length]!, origin: baseUrl, "sec-fetch-site": "same-origin" },
        body: new URLSearchParams({ kind: "meeting", occurred_at: wall(), title: marker, user_ids: kam.id }),
      }).then(
        async (r) => (await r.arrayBuffer(), r.status),
        () => null,
      );
      sent.push({ marker, status, at: t0, ms: Date.now() - t0 });
      if (status !== 302) await new Promise((r) => setTimeout(r, 100));
    }
  };
  const writers = Array.from({ length: WRITERS }, (_, w) => writer(w));
  await new Promise((r) => setTimeout(r, 3_000));
  const stopped = Date.now();
  sh("pg_ctlcluster", [...cluster, "stop", "--mode", "fast"]);
  console.log(`Stopped PostgreSQL; starting it again in ${args.outage} s.`);
  await new Promise((r) => setTimeout(r, Number(args.outage) * 1000));
  sh("pg_ctlcluster", [...cluster, "start"]);
  const started = Date.now();
  await new Promise((r) => setTimeout(r, 5_000));
  stop = true;
  await Promise.all(writers);

  // ------------------------------------------------------------- figures
  const during = sent.filter((s) => s.at >= stopped && s.at < started);
  const recovered = sent.find((s) => s.at >= stopped && s.status === 302 && s.at + s.ms > started);
  const failed = sent.filter((s) => s.status !== 302 && s.status !== 503);
  const slowest = Math.max(...sent.map((s) => s.ms));
  const found = await query<{ title: string; whole: boolean }>(
    dbUrl,
    `select t.title, exists (select 1 from audit_events a where a.entity = 'touchpoint' and a.entity_id = t.id::text) as whole
     from touchpoints t where t.title like 'DRILL-%'`,
  );
  const present = new Map<string, number>();
  for (const f of found) present.set(f.title, (present.get(f.title) ?? 0) + 1);
  const acked = sent.filter((s) => s.status === 302);
  const lost = acked.filter((s) => !present.has(s.marker));
  const refusedButWritten = sent.filter((s) => s.status === 503 && present.has(s.marker));
  const partial = found.filter((f) => !f.whole);
  const twice = [...present.values()].filter((c) => c > 1).length;
  console.log(
    [
      `${sent.length} writes by ${WRITERS} writers; PostgreSQL down for ${((started - stopped) / 1000).toFixed(1)} s.`,
      `During the outage: ${during.length} requests, ${during.filter((s) => s.status === 503).length} answered 503.`,
      `Other failures (not 302 or 503, or no answer): ${failed.length}. Slowest answer: ${slowest} ms.`,
      `Time to recovery (stop to the first write that succeeded after the start): ${recovered ? ((recovered.at + recovered.ms - stopped) / 1000).toFixed(1) : "never"} s.`,
      `Acknowledged writes: ${acked.length}; lost: ${lost.length}; twice: ${twice}; without their audit event: ${partial.length}.`,
      `Answered 503 yet written (the commit reached the server, the answer did not): ${refusedButWritten.length}.`,
    ].join("\n"),
  );
  if (failed.length || lost.length || twice || partial.length || !recovered) process.exitCode = 1;
} finally {
  server.kill("SIGTERM");
  await new Promise((r) => server.once("exit", r));
  if (!args.keep) sh("pg_dropcluster", ["--stop", ...cluster]);
}
