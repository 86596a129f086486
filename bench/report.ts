// The figures as markdown (the tables of bench/RESULTS.md), and writing them
// into RESULTS.md between its markers, keeping the hand-written notes around them.
import fs from "node:fs";
import path from "node:path";
import { describeCounts, describeDisk, mib } from "./datasets.ts";
import { fmt } from "./lib.ts";
import { cpuPerRequest, type SizeResult } from "./measure.ts";
import { args, connections, durationS, root, rounds } from "./options.ts";
import type { EmbeddedResult } from "./pglite.ts";

/**
 * Every section of the figures: how they were measured, each size, each size's
 * growth from the one before it (printed too, as it is written), the embedded comparison.
 */
export function figureLines(machine: string, all: SizeResult[], embedded: EmbeddedResult | null): string[] {
  const lines = introduction(machine);
  for (const r of all) lines.push(...sizeSection(r));
  // Each size against the one before it (small → large, large → xlarge).
  for (let i = 1; i < all.length; i++) {
    const [first, last] = [all[i - 1]!, all[i]!];
    lines.push(...growthSection(first, last));
    console.log(`\n${lines.slice(-(last.results.length + 6)).join("\n")}`);
  }
  if (embedded) lines.push(...embeddedSection(embedded));
  return lines;
}

function introduction(machine: string): string[] {
  return [
    `Run on ${new Date().toISOString().slice(0, 10)} with \`npm run bench -- --sizes ${args.sizes} --duration ${durationS} --connections ${connections}\`.`,
    "",
    `Machine: ${machine}. The load generator (autocannon, ${connections} closed-loop connections asking for gzip) runs on the same machine, so it competes with the server and the database for the cores.`,
    "",
    "Latencies are in milliseconds, measured by the client over loopback. The first columns are under load (all connections at once, back to back); *alone* is one client by itself, the page's own time without queueing. *Loaders direct* is the page's own loaders (its database work) run in-process; *page/floor* is the page's median over (trivial route median + loaders direct). *Server CPU/page* is the Node.js server process's own CPU time (user + system, from /proc) over the loaded measurement divided by the responses it served: the work the server does per page, which another process's load on the machine does not change as it changes latencies.",
    "",
    `Every size's server runs at once (each on a free port) and each page is measured on the sizes in turn, ${rounds} interleaved rounds (${fmt(durationS / rounds)} s under load and ${fmt(Math.max(2, durationS / 3) / rounds)} s alone per round and size, the order reversed every other round), so the growth from size to size comes from the same minutes of the machine.`,
    "",
  ];
}

function sizeSection(r: SizeResult): string[] {
  const lines = [`### ${r.size}: ${describeCounts(r.counts)}`, ""];
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
  return lines;
}

function growthSection(first: SizeResult, last: SizeResult): string[] {
  const lines = [
    `### Growth from ${first.size} to ${last.size} (measured interleaved)`,
    "",
    "| page | p50 ratio | p95 ratio | alone p50 ratio |",
    "|---|---:|---:|---:|",
  ];
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
  return lines;
}

function embeddedSection(embedded: EmbeddedResult): string[] {
  const lines = [
    `### Embedded database (PGlite) beside PostgreSQL: the largest account's page at the demo size`,
    "",
    `Both servers up at once, measured interleaved as above (PGlite: ${embedded.pgliteDataset}).`,
    "",
    `| database | alone p50 | alone p95 | p50 (${connections} connections) | p95 | req/s | errors | server CPU/page |`,
    "|---|---:|---:|---:|---:|---:|---:|---:|",
  ];
  for (const [name, f] of [
    ["PostgreSQL", embedded.postgres],
    ["PGlite (embedded)", embedded.pglite],
  ] as const) {
    lines.push(
      `| ${name} | ${fmt(f.alone.p50)} | ${fmt(f.alone.p95)} | ${fmt(f.loaded.p50)} | ${fmt(f.loaded.p95)} | ${fmt(f.loaded.rps, 0)} | ${f.loaded.errors + f.alone.errors} | ${fmt(cpuPerRequest(f.loaded), 1)} ms |`,
    );
  }
  lines.push("");
  return lines;
}

/** The CSV import's figures (bench/import.ts) as a section. */
export function importSection(rows: number, figures: string[]): string[] {
  return [`### CSV import of ${rows.toLocaleString("en")} invoice touchpoints`, "", "```", ...figures, "```", ""];
}

/** Replaces what lies between the markers in RESULTS.md, keeping the notes around it. */
export function writeFigures(text: string) {
  const file = path.join(root, "bench/RESULTS.md");
  const start = "<!-- figures:start (written by npm run bench) -->";
  const end = "<!-- figures:end -->";
  const current = fs.existsSync(file) ? fs.readFileSync(file, "utf8") : `# Benchmark results\n\n${start}\n${end}\n`;
  const [head, rest] = current.includes(start) ? current.split(start) : [`${current.trimEnd()}\n\n`, `\n${end}\n`];
  const tail = rest!.includes(end) ? rest!.slice(rest!.indexOf(end) + end.length) : "\n";
  fs.writeFileSync(file, `${head}${start}\n${text}\n${end}${tail}`);
}
