/**
 * How many test files run at once, each worker process with a server and a
 * database of its own (tests/e2e/global-setup.ts): E2E_FORKS, by default 2
 * (the 2-core machine the suite is sized for: while one worker's browser
 * renders, the other's server answers). One against E2E_BASE_URL, a single
 * server whose data the files would otherwise change under each other.
 */
export const E2E_FORKS = process.env.E2E_BASE_URL ? 1 : Math.max(1, Number(process.env.E2E_FORKS ?? 2) || 1);
