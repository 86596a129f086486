// The command line of `npm run bench` (bench/run.ts describes the run), read once
// and shared by the modules of the run.
import path from "node:path";
import { parseArgs } from "node:util";
import { run as runCommand } from "./lib.ts";

export const root = path.resolve(import.meta.dirname, "..");
export const { values: args } = parseArgs({
  allowNegative: true,
  options: {
    // --no-write: print the figures without writing them into bench/RESULTS.md (a trial run).
    write: { type: "boolean", default: true },
    // Databases are named <prefix>_<size> on the server.
    "db-prefix": { type: "string", default: "kohtaamo_bench" },
    sizes: { type: "string", default: "small,large" },
    // --pages portfolio,KAM: only the pages whose name contains one of these (case-insensitive); all when empty.
    pages: { type: "string", default: "" },
    duration: { type: "string", default: "10" },
    connections: { type: "string", default: "8" },
    reseed: { type: "boolean", default: false },
    server: {
      type: "string",
      default: process.env.BENCH_DATABASE_URL ?? "postgres://postgres@127.0.0.1:5432/postgres",
    },
    // 0: a free port for each server, chosen by the system (outside any fixed range the tests use).
    port: { type: "string", default: "0" },
    rounds: { type: "string", default: "4" },
    pglite: { type: "boolean", default: true },
    "pglite-dir": { type: "string", default: ".data/bench-pglite-demo" },
    "import-rows": { type: "string", default: "100000" },
    // bench/page-cpu.ts: requests per page and round.
    requests: { type: "string", default: "200" },
    // bench/page-cpu.ts: writes each page's HTML into this folder (<size>-<page>.html), to compare sizes.
    "save-html": { type: "string", default: "" },
  },
});
export const sizes = args.sizes
  .split(",")
  .map((s) => s.trim())
  .filter(Boolean);
/** Lower-case parts of page names to keep (--pages); empty: every page. */
export const pageFilter = args.pages
  .split(",")
  .map((s) => s.trim().toLowerCase())
  .filter(Boolean);
export const durationS = Number(args.duration);
export const connections = Number(args.connections);
export const firstPort = Number(args.port);
export const rounds = Math.max(1, Number(args.rounds));
export const importRows = Number(args["import-rows"]);

const tsx = path.join(root, "node_modules/.bin/tsx");
/** Runs a project script with tsx (db/migrate.ts, db/seed.ts). */
export const run = (argv: string[], env: NodeJS.ProcessEnv) => runCommand(tsx, argv, env);
