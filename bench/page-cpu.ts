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
import { mkdir, writeFile } from "node:fs/promises";
import path from "node:path";
import { fmt, percentile } from "./lib.ts";
import { FLOORS, loadBuild, pagesToMeasure, signInUsers, setProductionConfig, type Who } from "./in-process.ts";
import { args, rounds, sizes } from "./options.ts";

// The bench's command line (bench/options.ts): the first of --sizes, --pages, --rounds, --requests.
const size = sizes[0] ?? "large";
const requests = Number(args.requests);

setProductionConfig(size, "page-cpu");
const pages = await pagesToMeasure(size, [FLOORS.livez, FLOORS.signIn, FLOORS.shell]);
const { fetchPage, closeDatabase } = await loadBuild(
  path.resolve(import.meta.dirname, "../build"),
  await signInUsers(pages),
);

/** One request as the server hands it on; its size. */
async function get(pagePath: string, who: Who): Promise<number> {
  return (await fetchPage(pagePath, who)).byteLength;
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
await closeDatabase();

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
