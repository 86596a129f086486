import { spawn, spawnSync, type ChildProcess } from "node:child_process";
import fs from "node:fs";
import os from "node:os";
import path from "node:path";
import type { TestProject } from "vitest/node";

const root = path.resolve(import.meta.dirname, "../..");

/**
 * Seeds a fresh embedded database in a temporary folder, starts the built
 * server on it and hands its address to the tests. With E2E_BASE_URL set, an
 * already running server is used instead.
 */
export default async function setup(project: TestProject) {
  if (process.env.E2E_BASE_URL) {
    project.provide("baseUrl", process.env.E2E_BASE_URL);
    return;
  }
  if (!fs.existsSync(path.join(root, "build/index.js"))) {
    throw new Error("No server build: run `npm run build` first (npm run test:e2e does).");
  }
  const dataDir = fs.mkdtempSync(path.join(os.tmpdir(), "kohtaamo-e2e-"));
  const port = String(3200 + Math.floor(Math.random() * 500));
  const env: NodeJS.ProcessEnv = {
    ...process.env,
    PGLITE_DATA_DIR: path.join(dataDir, "pglite"),
    DATABASE_URL: "",
    PORT: port,
    NODE_ENV: "production" as const,
    SESSION_SECRET: "e2e-session-secret-0123456789",
    REQUEST_LOG: "off",
    // Every test signs in afresh from 127.0.0.1; the limit itself is tested in tests/integration/login-limits.test.ts.
    SIGN_IN_RATE_LIMIT: "1000",
    // Likewise every invitation and set-password link is opened from 127.0.0.1: at the default 10 a minute
    // a quick machine ran into it and some tests met the "try again later" page instead of the form.
    // The limit itself is tested in tests/integration/invitation-limits.test.ts.
    INVITATION_RATE_LIMIT: "1000",
    SCORE_REFRESH: "off",
  };
  for (const script of [["db/migrate.ts"], ["db/seed.ts", "--size", "demo"]]) {
    const result = spawnSync(path.join(root, "node_modules/.bin/tsx"), script, { cwd: root, env, encoding: "utf8" });
    if (result.status !== 0) throw new Error(`${script.join(" ")} failed:\n${result.stdout}\n${result.stderr}`);
  }
  const server: ChildProcess = spawn(process.execPath, ["scripts/server.mjs"], { cwd: root, env, stdio: "pipe" });
  let output = "";
  server.stdout?.on("data", (d) => (output += d));
  server.stderr?.on("data", (d) => (output += d));
  const baseUrl = `http://127.0.0.1:${port}`;
  await waitForHealth(baseUrl, server, () => output);
  project.provide("baseUrl", baseUrl);

  return async () => {
    server.kill("SIGTERM");
    await new Promise((resolve) => {
      server.once("exit", resolve);
      setTimeout(resolve, 10_000);
    });
    fs.rmSync(dataDir, { recursive: true, force: true });
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
    baseUrl: string;
  }
}
