// Helpers shared by the benchmark scripts (bench/run.ts, bench/load.ts).
import { spawn, spawnSync, type ChildProcess } from "node:child_process";
import { randomBytes } from "node:crypto";
import fs from "node:fs";
import path from "node:path";
import pg from "pg";

const root = path.resolve(import.meta.dirname, "..");

/** Runs a command in the project folder; throws with its output when it fails. */
export function run(cmd: string, argv: string[], env: NodeJS.ProcessEnv) {
  const started = performance.now();
  const r = spawnSync(cmd, argv, { cwd: root, env, encoding: "utf8", stdio: ["ignore", "pipe", "pipe"] });
  if (r.status !== 0) throw new Error(`${argv.join(" ")} failed:\n${r.stdout}\n${r.stderr}`);
  return { out: r.stdout, seconds: (performance.now() - started) / 1000 };
}

/** The value at percentile p of ascending values (nearest rank). */
export function percentile(sorted: number[], p: number) {
  if (sorted.length === 0) return NaN;
  return sorted[Math.min(sorted.length - 1, Math.floor((p / 100) * sorted.length))]!;
}

export const fmt = (n: number | null, digits = 1) => (n === null || Number.isNaN(n) ? "–" : n.toFixed(digits));

/** Samples a process's resident memory every 100 ms; stop() gives the peak in MiB. */
export function watchRss(pid: number) {
  let peak = 0;
  const timer = setInterval(() => {
    try {
      const status = fs.readFileSync(`/proc/${pid}/status`, "utf8");
      const kb = Number(/VmRSS:\s+(\d+)/.exec(status)?.[1] ?? 0);
      peak = Math.max(peak, kb);
    } catch {
      // not on Linux, or the process is gone
    }
  }, 100);
  return { stop: () => (clearInterval(timer), peak / 1024) };
}

let clockTicks: number | null = null;
/**
 * CPU time (user + system, ms) a process has used so far, from /proc/<pid>/stat;
 * null where there is no /proc. Read before and after a measurement, it gives
 * the server's own CPU per request, a figure that holds on a shared machine,
 * where latencies do not: another process's load slows the server's clock
 * time, not the work it does per request.
 */
export function processCpuMs(pid: number | undefined): number | null {
  if (!pid) return null;
  try {
    const stat = fs.readFileSync(`/proc/${pid}/stat`, "utf8");
    // Fields after the command name (which is in parentheses and may hold spaces): utime is the 14th, stime the 15th.
    const fields = stat.slice(stat.lastIndexOf(")") + 2).split(" ");
    clockTicks ??= Number(spawnSync("getconf", ["CLK_TCK"], { encoding: "utf8" }).stdout.trim()) || 100;
    return ((Number(fields[11]) + Number(fields[12])) * 1000) / clockTicks;
  } catch {
    return null;
  }
}

/** One query on its own connection (administration and checks, not load). */
export async function query<T>(url: string, text: string, params: unknown[] = []): Promise<T[]> {
  const client = new pg.Client({ connectionString: url });
  await client.connect();
  try {
    return (await client.query(text, params)).rows as T[];
  } finally {
    await client.end();
  }
}

/** The Node.js flags of `npm start` (package.json's start script: `node <flags> scripts/server.mjs`). */
export function startFlags(): string[] {
  const scripts = (JSON.parse(fs.readFileSync(path.join(root, "package.json"), "utf8")) as { scripts: Record<string, string> })
    .scripts;
  const command = / node (.*?) ?scripts\/server\.mjs/.exec(scripts.start ?? "");
  if (!command) throw new Error("package.json's start script does not run `node … scripts/server.mjs`.");
  return command[1]!.split(/\s+/).filter(Boolean);
}

/** Starts the built production server (quiet, no hourly re-scoring) and waits until it answers /livez. */
export async function startServer(env: NodeJS.ProcessEnv, baseUrl: string): Promise<ChildProcess> {
  // The same heap settings as `npm start` (package.json): the production configuration is what is measured.
  const server = spawn(process.execPath, [...startFlags(), "scripts/server.mjs"], {
    cwd: root,
    env: {
      SESSION_SECRET: `bench-${randomBytes(16).toString("hex")}`,
      ...env,
      NODE_ENV: "production",
      REQUEST_LOG: "off",
      SCORE_REFRESH: "off",
    },
    stdio: ["ignore", "pipe", "pipe"],
  });
  let output = "";
  server.stdout!.on("data", (d) => (output += d));
  server.stderr!.on("data", (d) => (output += d));
  for (const deadline = Date.now() + 60_000; Date.now() < deadline; await new Promise((r) => setTimeout(r, 200))) {
    if (server.exitCode !== null) throw new Error(`The server exited:\n${output}`);
    if (
      await fetch(`${baseUrl}/livez`).then(
        (r) => r.ok,
        () => false,
      )
    )
      return server;
  }
  server.kill("SIGTERM");
  throw new Error(`The server did not start:\n${output}`);
}

/** Signs in as a demo user; the Cookie header of the session. */
export async function signIn(baseUrl: string, email: string, password = "kohtaamo-demo"): Promise<string> {
  const res = await fetch(`${baseUrl}/login`, {
    method: "POST",
    body: new URLSearchParams({ email, password }),
    redirect: "manual",
  });
  if (res.status !== 302) throw new Error(`Signing in as ${email} failed: ${res.status}`);
  return res.headers
    .getSetCookie()
    .map((c) => c.split(";")[0])
    .join("; ");
}
