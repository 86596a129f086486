// npx tsx bench/replans.ts (--pglite-dir DIR | --url postgres://…) [--runs 300]
//
// Which of the account page's statements PostgreSQL plans again on every run.
// Runs the loaders of the demo's largest account page (the root's reads, the
// staff layout's and the overview's) in process, then each SELECT they sent,
// prepared once in one session and executed 8 times: pg_prepared_statements
// says whether the plan cache settled on a generic plan (generic_plans > 0) or
// plans each run for its values (custom_plans only). On PGlite the app's own
// connection is that session (db/pglite-queries.ts prepares every text); on a
// server the statements are replayed on one client. Then times, warm, the
// page's loaders and each statement alone. Writes a session row (sign-in).
import { parseArgs } from "node:util";
import { sql, type CompiledQuery, type KyselyPlugin } from "kysely";
import pg from "pg";
import { loader as accountLoader } from "#app/routes/_app.accounts.$accountId.tsx";
import { loader as appLoader } from "#app/routes/_app.tsx";
import { database, db, replaceDatabase } from "#app/utils/db.server.ts";
import { resolveLocale } from "#app/web/locale.server.ts";
import { createSession, getSessionUser } from "#app/web/session.server.ts";
import { createDatabase } from "#db/connection.ts";

const { values: args } = parseArgs({
  options: {
    "pglite-dir": { type: "string" },
    url: { type: "string" },
    runs: { type: "string", default: "300" },
    // Only the page's loaders (no plan cache, no statement alone): for old/new pairs.
    "page-only": { type: "boolean", default: false },
    account: { type: "string", default: "Kestilä Logistics Oy" },
  },
});
const runs = Number(args.runs);

const opened = createDatabase(args.url ? { url: args.url } : { dataDir: args["pglite-dir"] ?? ".data/pglite" });
replaceDatabase(opened);

const { id: accountId } = await db()
  .selectFrom("accounts")
  .select("id")
  .where("name", "=", args.account)
  .executeTakeFirstOrThrow();
const { id: kamId } = await db()
  .selectFrom("users")
  .select("id")
  .where("email", "=", "kam@pohjola.example")
  .executeTakeFirstOrThrow();
const cookie = (await createSession(db(), kamId)).split(";")[0]!;

/** The account page's loaders, as Remix runs them side by side (the root's reads without its message catalogue). */
async function page() {
  const request = new Request(`http://localhost/accounts/${accountId}`, { headers: { Cookie: cookie } });
  const a = { request, params: { accountId }, context: {} };
  await Promise.all([getSessionUser(request), resolveLocale(request), appLoader(a), accountLoader(a)]);
}

// The statements one page sends, as compiled.
const sent: CompiledQuery[] = [];
const recorder: KyselyPlugin = {
  transformQuery(a) {
    sent.push(opened.db.getExecutor().compileQuery(a.node, a.queryId));
    return a.node;
  },
  transformResult: async (a) => a.result,
};
replaceDatabase({ ...opened, db: opened.db.withPlugin(recorder) });
await page();
replaceDatabase(opened);
const selects = [...new Map(sent.filter((q) => /^\s*(with|select)\b/i.test(q.sql)).map((q) => [q.sql, q])).values()];

const name = (text: string) => text.replace(/\s+/g, " ").slice(0, 110);

interface Cache {
  statement: string;
  generic_plans: number;
  custom_plans: number;
}
async function planCache(): Promise<Cache[]> {
  if (!args.url) {
    for (let i = 0; i < 8; i++) await page();
    const { rows } =
      await sql<Cache>`select statement, generic_plans::int, custom_plans::int from pg_prepared_statements`.execute(
        db(),
      );
    return rows;
  }
  const client = new pg.Client({ connectionString: args.url });
  await client.connect();
  try {
    for (const [i, q] of selects.entries())
      for (let r = 0; r < 8; r++) await client.query({ name: `s${i}`, text: q.sql, values: [...q.parameters] });
    return (
      await client.query<Cache>("select statement, generic_plans::int, custom_plans::int from pg_prepared_statements")
    ).rows;
  } finally {
    await client.end();
  }
}

/** Planned for its values on every one of (at least) 6 runs: no generic plan kept. */
const replanned = (c: Cache) => c.generic_plans === 0 && c.custom_plans >= 6;
const cache = new Map(args["page-only"] ? [] : (await planCache()).map((c) => [c.statement, c]));
if (!args["page-only"]) {
  console.log(`\n${selects.length} distinct SELECTs; plan cache after 8+ runs (generic / custom):`);
  for (const q of selects) {
    const c = cache.get(q.sql);
    const flag = !c
      ? "?"
      : replanned(c)
        ? "RE-PLANNED"
        : c.custom_plans + c.generic_plans < 6
          ? "(not every page)"
          : "";
    console.log(`  ${flag.padEnd(16)} ${c ? `${c.generic_plans}/${c.custom_plans}` : "?"}\t${name(q.sql)}`);
  }
}

const median = (xs: number[]) => xs.sort((x, y) => x - y)[Math.floor(xs.length / 2)]!;
/** p50 wall time of `f` over `n` warm runs, and its mean CPU time (the process's: PGlite runs in its thread). */
async function timeOf(f: () => Promise<unknown>, n: number) {
  for (let i = 0; i < 20; i++) await f();
  const times: number[] = [];
  const cpu = process.cpuUsage();
  for (let i = 0; i < n; i++) {
    const t = performance.now();
    await f();
    times.push(performance.now() - t);
  }
  const { user, system } = process.cpuUsage(cpu);
  return { p50: median(times), cpu: (user + system) / 1000 / n };
}

if (!args["page-only"]) {
  console.log(`\nper statement alone, warm, p50 of ${runs} (ms):`);
  for (const q of selects) {
    const { p50 } = await timeOf(() => db().executeQuery(q), runs);
    const c = cache.get(q.sql);
    console.log(`  ${p50.toFixed(3).padStart(7)} ${c && replanned(c) ? "R" : " "} ${name(q.sql)}`);
  }
}
const loaders = await timeOf(page, runs);
console.log(
  `\naccount page loaders in process, warm, ${runs} runs: p50 ${loaders.p50.toFixed(2)} ms, CPU ${loaders.cpu.toFixed(2)} ms a page`,
);
await database().close();
