// npx tsx bench/router.ts [--rounds 4] [--calls 20000]
//
// CPU per matchRoutes call on the app's route tree for the paths of the
// benchmark's pages, with the router as installed before the branch index
// (scripts/patch-router.mjs's first stage: ranked branches and compiled paths
// cached) and with the index too, measured in turns (A B A B) so both see the
// same machine load; the published router (no patch) once, for scale. Both are
// evaluated from their text (tests/setup/router-sources.ts), so this runs
// whatever node_modules holds.
import { parseArgs } from "node:util";
import { appTree, evaluate, patched, published, type MatchRoutes } from "#tests/setup/router-sources.ts";
import { percentile } from "./lib.ts";

const { values: args } = parseArgs({
  options: { rounds: { type: "string", default: "4" }, calls: { type: "string", default: "20000" } },
});
const routes = appTree();
const id = "3f1c2a9e-5b7d-4e21-9c0a-1b2c3d4e5f60";
const paths = [
  `/accounts/${id}`,
  `/accounts/${id}/timeline`,
  "/portfolio",
  `/portfolio/kams/${id}`,
  "/portal",
  "/risks",
  "/portfolio/trends",
];
const indexUse = "  branches = candidateBranches(branches, decoded);\n";
if (!patched.includes(indexUse))
  throw new Error("bench/router.ts: the patched router no longer has the line this takes out");
const cacheOnly = patched.replace(indexUse, "");

/** Microseconds per call, over every path in turn. */
function perCall(matchRoutes: MatchRoutes, calls: number): number {
  const start = process.hrtime.bigint();
  for (let i = 0; i < calls; i++) matchRoutes(routes, paths[i % paths.length]!);
  return Number(process.hrtime.bigint() - start) / 1000 / calls;
}

const variants: Record<string, MatchRoutes> = {
  "cached (before)": evaluate(cacheOnly),
  "indexed (after)": evaluate(patched),
};
const calls = Number(args.calls);
for (const matchRoutes of Object.values(variants)) perCall(matchRoutes, calls); // warm up
console.log(`published (no patch): ${perCall(evaluate(published), Math.ceil(calls / 20)).toFixed(1)} µs/call`);
const times: Record<string, number[]> = Object.fromEntries(Object.keys(variants).map((name) => [name, []]));
for (let round = 0; round < Number(args.rounds); round++) {
  for (const [name, matchRoutes] of Object.entries(variants)) times[name]!.push(perCall(matchRoutes, calls));
}
for (const [name, list] of Object.entries(times)) {
  const sorted = [...list].sort((a, b) => a - b);
  console.log(
    `${name}: ${list.map((t) => t.toFixed(1)).join(" ")} µs/call (median ${percentile(sorted, 50).toFixed(1)})`,
  );
}
