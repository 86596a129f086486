// npm run bench [-- --sizes small,large[,xlarge] --pages portfolio,KAM --duration 10 --connections 8 --rounds 4 --reseed --no-pglite]
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
//
// The run's parts: options.ts (the command line), datasets.ts (each size's
// database), pages.ts (what is measured), servers.ts (the built servers),
// measure.ts (autocannon, interleaved rounds, server CPU), pglite.ts (the
// embedded comparison) and report.ts (the markdown written into RESULTS.md).
import fs from "node:fs";
import os from "node:os";
import path from "node:path";
import { one } from "./datasets.ts";
import { benchSizes, type SizeResult } from "./measure.ts";
import { args, connections, durationS, importRows, pageFilter, root, sizes } from "./options.ts";
import { benchEmbedded } from "./pglite.ts";
import { figureLines, importSection, writeFigures } from "./report.ts";
import { startTarget, stopTarget, type Target } from "./servers.ts";

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

const lines = figureLines(machine, all, embedded);

// The CSV import against a plain COPY of the same rows (bench/import.ts).
if (importRows > 0) {
  console.log(`\n## CSV import of ${importRows.toLocaleString("en")} invoice touchpoints`);
  const { runImportBench, formatImportBench } = await import("./import.ts");
  const figures = formatImportBench(await runImportBench({ serverUrl: args.server, rows: importRows }));
  for (const l of figures) console.log(`  ${l}`);
  lines.push(...importSection(importRows, figures));
}

// Some pages only (--pages) are a trial: they never replace a full run's figures.
if (args.write && !pageFilter.length) {
  writeFigures(lines.join("\n"));
  console.log("\nWrote the figures into bench/RESULTS.md");
}
