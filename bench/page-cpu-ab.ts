// A_BUILD=DIR B_BUILD=DIR npx tsx bench/page-cpu-ab.ts [--sizes large] [--pages account,portfolio] [--rounds 12] [--requests 10]
//
// Two builds of the app compared page by page in ONE process: each build's
// Remix request handler is loaded side by side (the server builds in A_BUILD
// and B_BUILD, e.g. a detached worktree's `build/` of the base commit and this
// checkout's), and batches of requests go to A and B in turn, A B then B A,
// round after round, measuring this process's CPU time per request (user +
// system) as bench/page-cpu.ts does. Two runs of page-cpu.ts one after the
// other move with the machine's load (on a shared 2-core host, 20–60 % from
// pair to pair); here both builds share the same minutes, caches and JIT, so a
// change of a millisecond shows. Prints each page's median for A and B, the
// difference, and in how many rounds B was lower. Both builds run against the
// size's bench database (`npm run bench` seeds it; it must be migrated to the
// newer build's schema). A server is started only to sign in. The two builds
// share one database handle (app/utils/db.server.ts keeps it on globalThis, and
// A's is made first): this compares what lies above the database layer; a
// change to the handle, its plugins or db/ is measured with page-cpu.ts.
import { randomBytes, randomUUID } from "node:crypto";
import path from "node:path";
import { pathToFileURL } from "node:url";
import { databaseUrl } from "./datasets.ts";
import { signIn, startServer } from "./lib.ts";
import { args, pageFilter, rounds, sizes } from "./options.ts";
import { pagesFor } from "./pages.ts";

const size = sizes[0] ?? "small";
const requests = Number(args.requests);
const builds = { A: process.env.A_BUILD, B: process.env.B_BUILD };
if (!builds.A || !builds.B)
  throw new Error("Set A_BUILD and B_BUILD to two server build directories (each a checkout's build/).");

// The production configuration, set before the builds load React and Remix (they pick their builds by it).
process.env.DATABASE_URL = databaseUrl(size);
process.env.NODE_ENV = "production";
process.env.SESSION_SECRET = `page-cpu-ab-${randomBytes(16).toString("hex")}`;

const EMAIL: Record<string, string> = {
  director: "director@pohjola.example",
  kam: "kam@pohjola.example",
  customer: "customer@kestila.example",
};
const floors = [
  { name: "sign-in page (no data, no JavaScript)", path: "/login", who: null as string | null },
  { name: "calendar settings (the signed-in shell)", path: "/settings/calendar", who: "kam" },
];
const pages = [...floors, ...(await pagesFor(size))].filter(
  (p) => !pageFilter.length || pageFilter.some((part) => p.name.toLowerCase().includes(part)),
);

// Sign in through a real server (the cookie is signed with this process's SESSION_SECRET), then stop it.
const port = 3400 + Math.floor(Math.random() * 500);
const baseUrl = `http://127.0.0.1:${port}`;
const server = await startServer({ ...process.env, PORT: String(port), SIGN_IN_RATE_LIMIT: "1000000" }, baseUrl);
const cookies: Record<string, string> = {};
try {
  for (const who of new Set(pages.map((p) => p.who))) if (who) cookies[who] = await signIn(baseUrl, EMAIL[who]!);
} finally {
  server.kill("SIGTERM");
}

const { createRequestHandler } = await import("@remix-run/node");

/** One build's handler, wrapped as scripts/server.mjs wraps it; a request as the server hands it on. */
async function load(dir: string) {
  const build = await import(pathToFileURL(path.resolve(dir, "index.js")).href);
  const entry = build.entry.module;
  const handle = createRequestHandler(entry.withPageMessages(entry.withDatabaseFaultsAs503(build)), "production");
  return async (pagePath: string, who: string | null) => {
    const cookie = who ? cookies[who] : undefined;
    const headers = { "x-kohtaamo-request-id": randomUUID(), ...(cookie ? { cookie } : {}) };
    const res = await handle(
      new Request(`${baseUrl}${pagePath}`, { headers }),
      entry.pageLoadContext(new URL(pagePath, baseUrl).pathname),
    );
    if (res.status !== 200) throw new Error(`${pagePath} answered ${res.status}`);
    return (await res.arrayBuffer()).byteLength;
  };
}
const handlers = { A: await load(builds.A), B: await load(builds.B) };

const results = new Map(pages.map((p) => [p.name, { A: [] as number[], B: [] as number[] }]));
// Warm-up: JIT and caches, both builds alike.
for (const p of pages) for (let i = 0; i < 20; i++) for (const h of [handlers.A, handlers.B]) await h(p.path, p.who);
for (let round = 0; round < rounds; round++) {
  for (const p of pages) {
    for (const which of round % 2 ? (["B", "A"] as const) : (["A", "B"] as const)) {
      const before = process.cpuUsage();
      for (let i = 0; i < requests; i++) await handlers[which](p.path, p.who);
      const cpu = process.cpuUsage(before);
      results.get(p.name)![which].push((cpu.user + cpu.system) / 1000 / requests);
    }
  }
}

const median = (xs: number[]) => {
  const s = [...xs].sort((a, b) => a - b);
  return s.length % 2 ? s[(s.length - 1) / 2]! : (s[s.length / 2 - 1]! + s[s.length / 2]!) / 2;
};
console.log(
  `\nServer CPU per request in process, A = ${builds.A}, B = ${builds.B} (${size}, ${rounds} rounds × ${requests} requests):\n`,
);
console.log("| page | A median ms | B median ms | B − A | B lower in |\n|---|---:|---:|---:|---:|");
for (const [name, r] of results) {
  const lower = r.A.filter((a, i) => r.B[i]! < a).length;
  const [a, b] = [median(r.A), median(r.B)];
  console.log(`| ${name} | ${a.toFixed(2)} | ${b.toFixed(2)} | ${(b - a).toFixed(2)} | ${lower} of ${r.A.length} |`);
}
