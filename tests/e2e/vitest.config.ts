import { fileURLToPath } from "node:url";
import { defineConfig } from "vitest/config";

const root = fileURLToPath(new URL("../..", import.meta.url));

// Browser tests: the built production server on a freshly seeded embedded
// database, driven by Debian's Chromium through playwright-core.
export default defineConfig({
  root,
  test: {
    include: ["tests/e2e/**/*.e2e.ts"],
    globalSetup: ["tests/e2e/global-setup.ts"],
    pool: "forks",
    poolOptions: { forks: { singleFork: true } },
    fileParallelism: false,
    // Each step waits on what it needs, bounded by STEP_TIMEOUT_MS (tests/e2e/browser.ts);
    // a test is many steps, and these limits only end one that hangs.
    testTimeout: 600_000,
    hookTimeout: 300_000,
    teardownTimeout: 60_000,
  },
});
