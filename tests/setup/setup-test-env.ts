import { afterEach, beforeAll, beforeEach, vi } from "vitest";
import { configureTestEnvironment, prepareTestDatabase, truncateAll } from "./test-db.ts";

process.env.NODE_ENV = "test";
process.env.SESSION_SECRET ??= "test-session-secret-0123456789";
configureTestEnvironment();

beforeAll(async () => {
  await prepareTestDatabase();
});

beforeEach(async () => {
  await truncateAll();
  // Each test starts with fresh sign-in limits, as after a minute's pause.
  const { resetRateLimits } = await import("#app/web/rate-limit.server.ts");
  resetRateLimits();
});

// An unexpected console.error fails the test: errors must not pass silently.
let consoleErrors: unknown[][] = [];
beforeEach(() => {
  consoleErrors = [];
  vi.spyOn(console, "error").mockImplementation((...args: unknown[]) => {
    consoleErrors.push(args);
  });
});
afterEach(() => {
  if (consoleErrors.length) {
    const first = consoleErrors[0]!.map((a) => (a instanceof Error ? a.stack : String(a))).join(" ");
    consoleErrors = [];
    throw new Error(`console.error was called during the test: ${first}`);
  }
});
