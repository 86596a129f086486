// npx tsx bench/page-cpu.ts [--sizes large (the first size named; default small)] [--pages risk,account] [--requests 200] [--rounds 4] [--db-prefix kohtaamo_bench] [--save-html DIR]
//
// A page's own server CPU, without HTTP, a load generator or compression: the
// built app's Remix request handler, wrapped as scripts/server.mjs wraps it,
// called in this process one request at a time on a size's benchmark database
// (seeded by `npm run bench`), and this process's CPU time (user + system, all
// its threads: garbage collection included) divided by the requests. Beside
// the bench's pages it measures what every page stands on: /livez (a resource
// route), the sign-in page (a document with no data and no JavaScript) and the
// calendar settings page (the signed-in shell around one small form). The pages
// are measured in turn, round after round, so one round's figures come from the
// same minutes. Needs `npm run build` first; a server is started only to sign in.
import { randomBytes, randomUUID } from "node:crypto";
import { mkdir, writeFile } from "node:fs/promises";
import path from "node:path";
import { pathToFileURL } from "node:url";
import { databaseUrl } from "./datasets.ts";
import { fmt, percentile, signIn, startServer } from "./lib.ts";
import { args, pageFilter, rounds, sizes } from "./options.ts";
import { pagesFor } from "./pages.ts";

// The bench's command line (bench/options.ts): the first of --sizes, --pages, --rounds, --requests.
const size = sizes[0] ?? "large";
const requests = Number(args.requests);

const EMAIL = {
  director: "director@pohjola.example",
  kam: "kam@pohjola.example",
  customer: "customer@kestila.example",
};
type Who = keyof typeof EMAIL | null;

// The production configuration, set before the build loads React and Remix (they pick their builds by it).
const url = databaseUrl(size);
process.env.DATABASE_URL = url;
process.env.NODE_ENV = "production";
process.env.SESSION_SECRET = `page-cpu-${randomBytes(16).toString("hex")}`;

const floors: { name: string; path: string; who: Who }[] = [
  { name: "/livez (resource route)", path: "/livez", who: null },
  { name: "sign-in page (no data, no JavaScript)", path: "/login", who: null },
  { name: "calendar settings (the signed-in shell)", path: "/settings/calendar", who: "kam" },
];
const pages = [...floors, ...(await pagesFor(size))].filter(
  (p) => !pageFilter.length || pageFilter.some((part) => p.name.toLowerCase().includes(part)),
);

// Sign in through a real server (the cookie is signed with this process's SESSION_SECRET), then stop it.
const port = 3400 + Math.floor(Math.random() * 500);
const baseUrl = `http://127.0.0.1:${port}`;
const server = await startServer({ ...process.env, PORT: String(port), SIGN_IN_RATE_LIMIT: "1000000" }, baseUrl);
const cookies: Partial<Record<string, string>> = {};
try {
  for (const who of new Set(pages.map((p) => p.who))) if (who) cookies[who] = await signIn(baseUrl, EMAIL[who]);
} finally {
  server.kill("SIGTERM");
}

const build = await import(pathToFileURL(path.resolve(import.meta.dirname, "../build/index.js")).href);
const entry = build.entry.module;
const { createRequestHandler } = await import("@remix-run/node");
const handle = createRequestHandler(entry.withPageMessages(entry.withDatabaseFaultsAs503(build)), "production");

/** One request as the server hands it on: with the request id it stamps (app/web/request.server.ts). */
async function get(pagePath: string, who: Who): Promise<number> {
  return (await fetchPage(pagePath, who)).byteLength;
}

async function fetchPage(pagePath: string, who: Who): Promise<ArrayBuffer> {
  const cookie = who ? cookies[who] : undefined;
  const headers = { "x-kohtaamo-request-id": randomUUID(), ...(cookie ? { cookie } : {}) };
  const res = await handle(
    new Request(`${baseUrl}${pagePath}`, { headers }),
    entry.pageLoadContext(new URL(pagePath, baseUrl).pathname),
  );
  if (res.status !== 200) throw new Error(`${pagePath} answered ${res.status}`);
  return res.arrayBuffer();
}

// --save-html DIR: each page's HTML as served, to see what grows with the size.
if (args["save-html"]) {
  const dir = path.resolve(args["save-html"]);
  await mkdir(dir, { recursive: true });
  for (const page of pages) {
    const file = path.join(dir, `${size}-${page.name.replace(/[^a-z0-9]+/gi, "-").toLowerCase()}.html`);
    await writeFile(file, Buffer.from(await fetchPage(page.path, page.who)));
  }
  console.log(`HTML of ${pages.length} pages written to ${dir}`);
}

const results = new Map(pages.map((p) => [p.name, { cpu: [] as number[], wall: [] as number[], bytes: 0 }]));
for (const page of pages) for (let i = 0; i < 30; i++) await get(page.path, page.who); // warm-up: JIT, caches
for (let round = 0; round < rounds; round++) {
  for (const page of round % 2 ? [...pages].reverse() : pages) {
    const cpuBefore = process.cpuUsage();
    const wallBefore = performance.now();
    let bytes = 0;
    for (let i = 0; i < requests; i++) bytes = await get(page.path, page.who);
    const cpu = process.cpuUsage(cpuBefore);
    const r = results.get(page.name)!;
    r.cpu.push((cpu.user + cpu.system) / 1000 / requests);
    r.wall.push((performance.now() - wallBefore) / requests);
    r.bytes = bytes;
  }
}
await entry.closeDatabase();

console.log(
  `\nServer CPU per request in process (${size}, ${requests} requests × ${rounds} rounds; median, min–max):\n`,
);
console.log("| page | CPU ms/request | min–max | wall ms/request | response bytes |\n|---|---:|---:|---:|---:|");
for (const [name, r] of results) {
  const cpu = [...r.cpu].sort((a, b) => a - b);
  const wall = [...r.wall].sort((a, b) => a - b);
  const range = `${fmt(cpu[0]!)}–${fmt(cpu.at(-1)!)}`;
  console.log(
    `| ${name} | ${fmt(percentile(cpu, 50))} | ${range} | ${fmt(percentile(wall, 50))} | ${r.bytes.toLocaleString("en")} |`,
  );
}
