import { fileURLToPath } from "node:url";
import { defineConfig } from "vitest/config";
import { E2E_FORKS } from "./forks.ts";

const root = fileURLToPath(new URL("../..", import.meta.url));

// Browser tests: the built production server on a freshly seeded embedded
// database, driven by Debian's Chromium through playwright-core. E2E_FORKS
// files at a time, each worker with its own server and database (forks.ts).
export default defineConfig({
  root,
  test: {
    include: ["tests/e2e/**/*.e2e.ts"],
    globalSetup: ["tests/e2e/global-setup.ts"],
    pool: "forks",
    poolOptions: { forks: { singleFork: E2E_FORKS === 1, minForks: E2E_FORKS, maxForks: E2E_FORKS } },
    fileParallelism: E2E_FORKS > 1,
    // Each step waits on what it needs, bounded by STEP_TIMEOUT_MS (tests/e2e/browser.ts);
    // a test is many steps, and these limits only end one that hangs.
    testTimeout: 600_000,
    hookTimeout: 300_000,
    teardownTimeout: 60_000,
    // expect.poll's own default is 1 s, which a loaded machine crosses while a page updates;
    // a poll passes as soon as its condition holds, so it gets a step's limit (STEP_TIMEOUT_MS).
    expect: { poll: { timeout: 90_000, interval: 50 } },
  },
});
