// npm run lighthouse [-- --no-build] [--port N]
//
// Lighthouse (mobile, its default: a mid-range phone on a throttled network,
// simulated) on three pages of the built app with the demo data: the sign-in
// page, an account page (signed in as the demo KAM) and the portal home (signed
// in as the demo customer), through Debian's Chromium (CHROMIUM_PATH to change
// it). Prints accessibility and performance per page with the metrics behind
// performance; docs/lighthouse.md records the figures. Not part of the test
// suites: the figures depend on the machine.
//
// Builds the app (unless --no-build), seeds a throwaway embedded database in a
// temporary folder, starts the production server on it, signs in through the
// sign-in form to get each user's session cookie, and stops everything at the end.
import { spawn, spawnSync } from "node:child_process";
import fs from "node:fs";
import os from "node:os";
import path from "node:path";
import { parseArgs } from "node:util";
import * as chromeLauncher from "chrome-launcher";
import lighthouse from "lighthouse";

const root = path.resolve(import.meta.dirname, "..");
const { values: args } = parseArgs({
  options: { "no-build": { type: "boolean", default: false }, port: { type: "string", default: "3390" } },
});
const chromePath = process.env.CHROMIUM_PATH ?? "/usr/bin/chromium";
const port = args.port;
const base = `http://127.0.0.1:${port}`;
const bin = (name) => path.join(root, "node_modules/.bin", name);

function run(cmd, argv, env) {
  const started = performance.now();
  process.stdout.write(`${[path.basename(cmd), ...argv].join(" ")} … `);
  const result = spawnSync(cmd, argv, { cwd: root, env, encoding: "utf8" });
  if (result.status !== 0) {
    console.log("failed");
    console.error(result.stdout, result.stderr);
    process.exit(1);
  }
  console.log(`${((performance.now() - started) / 1000).toFixed(1)} s`);
}

const dataDir = fs.mkdtempSync(path.join(os.tmpdir(), "kohtaamo-lighthouse-"));
const env = {
  ...process.env,
  PGLITE_DATA_DIR: path.join(dataDir, "pglite"),
  DATABASE_URL: "",
  PORT: port,
  NODE_ENV: "production",
  SESSION_SECRET: "lighthouse-session-secret-0123456789",
  REQUEST_LOG: "off",
  SIGN_IN_RATE_LIMIT: "1000",
  SCORE_REFRESH: "off",
};
let server;
let chrome;
try {
  if (!args["no-build"]) run(bin("remix"), ["build"], env);
  run(bin("tsx"), ["db/migrate.ts"], env);
  run(bin("tsx"), ["db/seed.ts", "--size", "demo"], env);
  server = spawn(process.execPath, ["scripts/server.mjs"], { cwd: root, env, stdio: "ignore" });
  await waitForHealth();

  const kam = await signIn("kam@pohjola.example");
  const customer = await signIn("customer@kestila.example");
  const accountPath = await firstAccountPath(kam);
  const pages = [
    { name: "Sign-in", url: `${base}/login` },
    { name: "Account page (KAM)", url: `${base}${accountPath}`, cookie: kam },
    { name: "Portal home (customer)", url: `${base}/portal`, cookie: customer },
  ];

  chrome = await chromeLauncher.launch({ chromePath, chromeFlags: ["--headless", "--no-sandbox", "--disable-gpu"] });
  const rows = [];
  for (const page of pages) {
    process.stdout.write(`Lighthouse ${page.name} … `);
    const result = await lighthouse(page.url, {
      port: chrome.port,
      output: "json",
      logLevel: "error",
      onlyCategories: ["accessibility", "performance"],
      ...(page.cookie ? { extraHeaders: { Cookie: page.cookie } } : {}),
    });
    const lhr = result.lhr;
    const score = (c) => Math.round((lhr.categories[c]?.score ?? 0) * 100);
    const metric = (id) => lhr.audits[id]?.displayValue ?? "—";
    const failed = Object.values(lhr.audits)
      .filter((a) => a.score !== null && a.score < 1 && lhr.categories.accessibility.auditRefs.some((r) => r.id === a.id && r.weight > 0))
      .map((a) => a.id);
    rows.push({
      page: page.name,
      path: new URL(page.url).pathname,
      accessibility: score("accessibility"),
      performance: score("performance"),
      fcp: metric("first-contentful-paint"),
      lcp: metric("largest-contentful-paint"),
      tbt: metric("total-blocking-time"),
      cls: metric("cumulative-layout-shift"),
      failed,
    });
    console.log(`accessibility ${score("accessibility")}, performance ${score("performance")}`);
  }

  console.log("\n| page | accessibility | performance (mobile) | FCP | LCP | TBT | CLS |");
  console.log("|---|---|---|---|---|---|---|");
  for (const r of rows) {
    console.log(`| ${r.page} (\`${r.path.replace(/[0-9a-f-]{36}/, ":id")}\`) | ${r.accessibility} | ${r.performance} | ${r.fcp} | ${r.lcp} | ${r.tbt} | ${r.cls} |`);
  }
  for (const r of rows) if (r.failed.length) console.log(`${r.page}: accessibility audits not passed: ${r.failed.join(", ")}`);
  console.log(`\nLighthouse ${lighthouseVersion()}, ${chromeVersion()}, ${os.cpus().length} cores, ${new Date().toISOString().slice(0, 16)}Z`);
} finally {
  await chrome?.kill();
  server?.kill("SIGTERM");
  fs.rmSync(dataDir, { recursive: true, force: true });
}

async function waitForHealth() {
  const deadline = Date.now() + 300_000;
  while (Date.now() < deadline) {
    if (server.exitCode !== null) throw new Error("The server exited early.");
    try {
      if ((await fetch(`${base}/healthz`)).ok) return;
    } catch {
      // not listening yet
    }
    await new Promise((r) => setTimeout(r, 250));
  }
  throw new Error("The server did not become healthy.");
}

/** Signs in through the sign-in form, as a browser would; returns the session cookie. */
async function signIn(email) {
  const res = await fetch(`${base}/login`, {
    method: "POST",
    redirect: "manual",
    headers: { "Content-Type": "application/x-www-form-urlencoded" },
    body: new URLSearchParams({ email, password: "kohtaamo-demo", redirectTo: "" }),
  });
  const cookies = res.headers.getSetCookie().map((c) => c.split(";")[0]);
  if (res.status !== 302 && res.status !== 303) throw new Error(`Signing in ${email} answered ${res.status}.`);
  return cookies.join("; ");
}

/** The demo account's page (Kestilä Logistics), found in the KAM's list. */
async function firstAccountPath(cookie) {
  const html = await (await fetch(`${base}/accounts`, { headers: { Cookie: cookie } })).text();
  const match = /href="(\/accounts\/[0-9a-f-]{36})"[^>]*>Kestil/.exec(html) ?? /href="(\/accounts\/[0-9a-f-]{36})"/.exec(html);
  if (!match) throw new Error("No account link on /accounts.");
  return match[1];
}

function lighthouseVersion() {
  return JSON.parse(fs.readFileSync(path.join(root, "node_modules/lighthouse/package.json"), "utf8")).version;
}

function chromeVersion() {
  return spawnSync(chromePath, ["--version"], { encoding: "utf8" }).stdout.trim();
}
