import { spawn, spawnSync, type ChildProcess } from "node:child_process";
import fs from "node:fs";
import os from "node:os";
import net from "node:net";
import path from "node:path";
import type { TestProject } from "vitest/node";
import { E2E_FORKS } from "./forks.ts";

const root = path.resolve(import.meta.dirname, "../..");

/**
 * Seeds one embedded database in a temporary folder, copies it for each worker
 * (E2E_FORKS: test files run in that many processes at once, and tests change
 * the demo data, so each worker has a server and a database of its own), starts
 * the built server on each copy and hands their addresses to the tests. With
 * E2E_BASE_URL set, that already running server is used instead (one worker).
 */
export default async function setup(project: TestProject) {
  if (process.env.E2E_BASE_URL) {
    project.provide("baseUrls", [process.env.E2E_BASE_URL]);
    return;
  }
  if (!fs.existsSync(path.join(root, "build/index.js"))) {
    throw new Error("No server build: run `npm run build` first (npm run test:e2e does).");
  }
  const dataDir = fs.mkdtempSync(path.join(os.tmpdir(), "kohtaamo-e2e-"));
  const ports = await freePorts(E2E_FORKS);
  const envFor = (pglite: string, port: number): NodeJS.ProcessEnv => ({
    ...process.env,
    PGLITE_DATA_DIR: pglite,
    DATABASE_URL: "",
    PORT: String(port),
    NODE_ENV: "production" as const,
    SESSION_SECRET: "e2e-session-secret-0123456789",
    REQUEST_LOG: "off",
    // The tests sign in many times from 127.0.0.1; the limit itself is tested in tests/integration/login-limits.test.ts.
    SIGN_IN_RATE_LIMIT: "1000",
    // Likewise every invitation and set-password link is opened from 127.0.0.1: at the default 10 a minute
    // a quick machine ran into it and some tests met the "try again later" page instead of the form.
    // The limit itself is tested in tests/integration/invitation-limits.test.ts.
    INVITATION_RATE_LIMIT: "1000",
    SCORE_REFRESH: "off",
  });
  const started = performance.now();
  const seeded = path.join(dataDir, "seeded");
  for (const script of [["db/migrate.ts"], ["db/seed.ts", "--size", "demo"]]) {
    const env = envFor(seeded, ports[0]!);
    const result = spawnSync(path.join(root, "node_modules/.bin/tsx"), script, { cwd: root, env, encoding: "utf8" });
    if (result.status !== 0) throw new Error(`${script.join(" ")} failed:\n${result.stdout}\n${result.stderr}`);
  }
  const seededAt = performance.now();
  // The seed has exited and closed the database: its files copy as they are.
  const servers = Array.from({ length: E2E_FORKS }, (_, i) => {
    const pglite = path.join(dataDir, `worker-${i + 1}`);
    fs.cpSync(seeded, pglite, { recursive: true });
    return startServer(envFor(pglite, ports[i]!));
  });
  const stop = async () => {
    const stopping = performance.now();
    await Promise.all(servers.map((s) => s.stop()));
    fs.rmSync(dataDir, { recursive: true, force: true });
    console.log(`e2e: servers stopped in ${((performance.now() - stopping) / 1000).toFixed(1)} s`);
  };
  try {
    project.provide("baseUrls", await Promise.all(servers.map((s) => s.ready)));
    const s = (ms: number) => `${(ms / 1000).toFixed(1)} s`;
    console.log(
      `e2e: demo database migrated and seeded in ${s(seededAt - started)}, ` +
        `${E2E_FORKS} server(s) up in ${s(performance.now() - seededAt)}`,
    );
  } catch (error) {
    await stop();
    throw error;
  }
  return stop;
}

function startServer(env: NodeJS.ProcessEnv) {
  const server: ChildProcess = spawn(process.execPath, ["scripts/server.mjs"], { cwd: root, env, stdio: "pipe" });
  let output = "";
  server.stdout?.on("data", (d) => (output += d));
  server.stderr?.on("data", (d) => (output += d));
  const baseUrl = `http://127.0.0.1:${env.PORT}`;
  return {
    ready: waitForHealth(baseUrl, server, () => output).then(() => baseUrl),
    stop: async () => {
      if (server.exitCode !== null) return;
      server.kill("SIGTERM");
      await new Promise((resolve) => {
        // Unreferenced: a pending timer would keep Vitest from exiting for its full 10 seconds.
        const giveUp = setTimeout(resolve, 10_000).unref();
        server.once("exit", () => {
          clearTimeout(giveUp);
          resolve(undefined);
        });
      });
    },
  };
}

async function waitForHealth(baseUrl: string, server: ChildProcess, output: () => string) {
  // Generous: on a loaded machine the server's start can take minutes.
  const deadline = Date.now() + 300_000;
  while (Date.now() < deadline) {
    if (server.exitCode !== null) throw new Error(`The server exited early:\n${output()}`);
    try {
      const res = await fetch(`${baseUrl}/healthz`);
      if (res.ok) return;
    } catch {
      // not listening yet
    }
    await new Promise((r) => setTimeout(r, 250));
  }
  throw new Error(`The server did not become healthy:\n${output()}`);
}

declare module "vitest" {
  export interface ProvidedContext {
    /** One server per worker process, in the order of VITEST_POOL_ID. */
    baseUrls: string[];
  }
}

/**
 * `n` ports nothing listens on, as the system hands them out (all held open
 * together, so they differ). A fixed range met a system service once: the
 * second server of a run drew 4369, where Erlang's port mapper listens.
 */
async function freePorts(n: number): Promise<number[]> {
  const probes = await Promise.all(
    Array.from(
      { length: n },
      () =>
        new Promise<net.Server>((resolve, reject) => {
          const probe = net.createServer();
          probe.once("error", reject);
          probe.listen(0, "127.0.0.1", () => resolve(probe));
        }),
    ),
  );
  const ports = probes.map((p) => (p.address() as net.AddressInfo).port);
  await Promise.all(probes.map((p) => new Promise((resolve) => p.close(resolve))));
  return ports;
}
