// npm run validate: every check, each with one plain summary line naming the
// Node.js it ran on, e.g.
//   vitest-pglite: 120 passed, 0 failed (61s, node 24.22.3)
// The suites: typecheck, lint, unit + integration tests on embedded PostgreSQL,
// the same tests on a PostgreSQL server (when TEST_DATABASE_URL is set, or
// always with REQUIRE_ALL_SUITES=1), and browser tests against the built app.
// With VALIDATE_OLDEST_NODE=/path/to/node the unit and integration tests on
// embedded PostgreSQL run once more on that Node.js (CI's shorter pass on the
// oldest supported release), in the same summary.
import { spawnSync } from "node:child_process";
import fs from "node:fs";
import os from "node:os";
import path from "node:path";

const bin = (name) => path.resolve("node_modules/.bin", name);
const vitestEntry = path.resolve("node_modules/vitest/vitest.mjs");
const requireAll = process.env.REQUIRE_ALL_SUITES === "1";
const oldestNode = process.env.VALIDATE_OLDEST_NODE || null;
const lines = [];
let failed = false;
let totalPassed = 0;
let totalFailed = 0;

function nodeVersion(nodeBin) {
  if (!nodeBin) return process.versions.node;
  const result = spawnSync(nodeBin, ["--version"], { encoding: "utf8" });
  return result.status === 0 ? result.stdout.trim().replace(/^v/, "") : `unknown (${nodeBin})`;
}

function step(name, command, args, env = {}) {
  console.log(`\n=== ${name}: ${command} ${args.join(" ")}`);
  const started = Date.now();
  const result = spawnSync(command, args, { stdio: "inherit", env: { ...process.env, ...env } });
  const ok = result.status === 0;
  if (!ok) failed = true;
  return { ok, seconds: ((Date.now() - started) / 1000).toFixed(0) };
}

function check(name, command, args) {
  const { ok, seconds } = step(name, command, args);
  lines.push(`${name}: ${ok ? "ok" : "FAILED"} (${seconds}s, node ${nodeVersion()})`);
  if (ok) totalPassed += 1;
  else totalFailed += 1;
}

/** One Vitest run; `nodeBin` runs it (and its workers) on another Node.js. */
function vitest(name, config, env = {}, nodeBin = null) {
  const report = path.join(fs.mkdtempSync(path.join(os.tmpdir(), "kohtaamo-report-")), "report.json");
  const args = ["run", "--config", config, "--reporter=default", "--reporter=json", `--outputFile.json=${report}`];
  const { ok, seconds } = nodeBin
    ? step(name, nodeBin, [vitestEntry, ...args], env)
    : step(name, bin("vitest"), args, env);
  let passed = 0;
  let failedCount = 0;
  let skipped = 0;
  let failures = [];
  try {
    const json = JSON.parse(fs.readFileSync(report, "utf8"));
    failures = failuresOf(json);
    passed = json.numPassedTests;
    failedCount = json.numFailedTests + (json.numTotalTestSuites > 0 && !ok && json.numFailedTests === 0 ? 1 : 0);
    skipped = json.numPendingTests + json.numTodoTests;
  } catch {
    failedCount = Math.max(1, failedCount);
  }
  if (!ok && failedCount === 0) failedCount = 1;
  if (passed === 0 && failedCount === 0) {
    failedCount = 1;
    failed = true;
  }
  totalPassed += passed;
  totalFailed += failedCount;
  const skippedText = skipped ? `, ${skipped} skipped` : "";
  lines.push(
    `${name}: ${passed} passed, ${failedCount} failed${skippedText} (${seconds}s, node ${nodeVersion(nodeBin)})`,
    ...failures.map((failure) => `  ✗ ${failure}`),
  );
}

/**
 * The failed tests of a Vitest JSON report, each as "file > test name: first line of
 * its error" (at most ten), so the summary at the end of a long log says what failed.
 */
function failuresOf(json) {
  const out = [];
  for (const file of json.testResults ?? []) {
    const where = path.relative(process.cwd(), file.name ?? "");
    const failedTests = (file.assertionResults ?? []).filter((test) => test.status === "failed");
    for (const test of failedTests) {
      const message = String(test.failureMessages?.[0] ?? "")
        .split("\n")[0]
        .slice(0, 200);
      out.push(`${where} > ${test.fullName ?? test.title}: ${message}`);
    }
    // A file that failed outside its tests (an import, a hook, an unhandled error).
    if (failedTests.length === 0 && file.status === "failed") {
      out.push(
        `${where}: ${String(file.message ?? "failed")
          .split("\n")[0]
          .slice(0, 200)}`,
      );
    }
  }
  return out.length > 10 ? [...out.slice(0, 10), `… and ${out.length - 10} more`] : out;
}

/**
 * JavaScript per page of the build against issue 16's limits (scripts/check-bundle.mjs):
 * its own summary line, e.g. "bundle: ok — sign-in 0 files 0.0 KiB, …".
 */
function bundle() {
  console.log(`\n=== bundle: node scripts/check-bundle.mjs ${BUNDLE_ARGS.join(" ")}`);
  const result = spawnSync(process.execPath, ["scripts/check-bundle.mjs", ...BUNDLE_ARGS], { encoding: "utf8" });
  process.stdout.write(result.stdout ?? "");
  process.stderr.write(result.stderr ?? "");
  const line = (result.stdout ?? "").split("\n").find((l) => l.startsWith("bundle: "));
  const ok = result.status === 0;
  lines.push(line ?? `bundle: FAILED (exit ${result.status})`);
  if (ok) totalPassed += 1;
  else {
    totalFailed += 1;
    failed = true;
  }
}
// The pages meet issue 16's limits: a page over its limit fails, as do Zod or the message catalogues
// in the browser and empty chunks.
const BUNDLE_ARGS = [];

check("typecheck", bin("tsc"), ["--noEmit"]);
check("lint", bin("eslint"), ["--max-warnings", "0", "--ext", ".ts,.tsx,.js,.mjs,.cjs", "."]);
vitest("vitest-pglite", "tests/vitest.config.ts", { TEST_DATABASE_URL: "" });
if (process.env.TEST_DATABASE_URL) {
  vitest("vitest-postgres", "tests/vitest.config.ts", { TEST_DATABASE_URL: process.env.TEST_DATABASE_URL });
} else if (requireAll) {
  lines.push(`vitest-postgres: 0 passed, 1 failed (TEST_DATABASE_URL is not set)`);
  totalFailed += 1;
  failed = true;
} else {
  lines.push("vitest-postgres: not run (set TEST_DATABASE_URL=postgres://… to run the suite on a server)");
}
check("build", bin("remix"), ["build"]);
bundle();
vitest("vitest-e2e", "tests/e2e/vitest.config.ts");
if (oldestNode) {
  vitest("vitest-pglite-oldest-node", "tests/vitest.config.ts", { TEST_DATABASE_URL: "" }, oldestNode);
}

console.log("\n=== Summary");
for (const line of lines) console.log(line);
console.log(`${totalPassed} passed, ${totalFailed} failed`);
process.exit(failed ? 1 : 0);
