import os from "node:os";
import { fileURLToPath } from "node:url";
import { configDefaults, defineConfig } from "vitest/config";

const root = fileURLToPath(new URL("..", import.meta.url));
const workers = Math.max(1, Math.min(2, os.availableParallelism()));

export default defineConfig({
  root,
  test: {
    include: ["tests/unit/**/*.test.{ts,tsx}", "tests/integration/**/*.test.{ts,tsx}"],
    // *.pg.test.ts need a PostgreSQL server (faults on its connections): only with TEST_DATABASE_URL.
    exclude: [...configDefaults.exclude, ...(process.env.TEST_DATABASE_URL ? [] : ["tests/integration/**/*.pg.test.ts"])],
    setupFiles: ["tests/setup/setup-test-env.ts"],
    globalSetup: ["tests/setup/global-setup.ts"],
    pool: "forks",
    // One database per worker process, shared by its test files and cleaned between tests.
    isolate: false,
    // A worker per core, at most two: each holds a whole embedded database, and
    // the runner process needs a share of the CPU to answer its workers (the
    // "Timeout calling onTaskUpdate" errors are replies it could not send, or
    // a worker could not read, within Vitest's fixed 60 s).
    poolOptions: { forks: { maxForks: workers, minForks: 1 } },
    // Limits that catch a hung test, not a slow machine: a loaded 2-core box
    // runs a test several times slower than a quiet one.
    testTimeout: 120_000,
    hookTimeout: 180_000,
    teardownTimeout: 60_000,
    restoreMocks: true,
    // expect.poll waits up to 1 s by default, which a loaded machine can cross while the
    // awaited state is on its way: a poll passes as soon as it holds, so the limit only
    // has to catch a state that never comes (vi.waitFor's limits in the tests say so too).
    expect: { poll: { timeout: 60_000, interval: 50 } },
  },
});
