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

// A test worker reads its runner's replies only when it returns to the event
// loop, and Vitest gives each reply 60 s ("Timeout calling onTaskUpdate"). CPU-bound
// tests (property runs, the embedded database, which settles its queries without
// a turn of the loop) can keep it away for longer on a loaded machine: after
// each test it takes one turn.
afterEach(() => new Promise<void>((resolve) => setImmediate(resolve)));

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

// A key a page's messages lack shows as the key itself: every test fails on one.
// A page is sent the keys the source scan finds its routes using
// (scripts/route-messages.ts), so this is where a key the scan cannot see shows.
let missingMessages: string[] = [];
beforeEach(async () => {
  missingMessages = [];
  const { onMissingMessage } = await import("#app/i18n/format.ts");
  onMissingMessage((key) => missingMessages.push(key));
});
afterEach(() => {
  if (missingMessages.length) {
    const keys = [...new Set(missingMessages)].join(", ");
    missingMessages = [];
    throw new Error(`a page or message lacked these keys (they showed as themselves): ${keys}`);
  }
});
