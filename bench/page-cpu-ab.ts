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
import { loadBuildsAB } from "./in-process.ts";
import { args, rounds, sizes } from "./options.ts";

const size = sizes[0] ?? "small";
const requests = Number(args.requests);
const { pages, A, B, dirs: builds } = await loadBuildsAB(size, "page-cpu-ab");
const handlers = {
  A: async (pagePath: string, who: (typeof pages)[number]["who"]) => (await A.fetchPage(pagePath, who)).byteLength,
  B: async (pagePath: string, who: (typeof pages)[number]["who"]) => (await B.fetchPage(pagePath, who)).byteLength,
};

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
