import { chromium, type Browser, type BrowserContext, type Page } from "playwright-core";
import { afterAll, beforeAll, beforeEach, afterEach, expect, inject } from "vitest";

export const DEMO_PASSWORD = "kohtaamo-demo";
export const DEMO = {
  admin: "admin@pohjola.example",
  director: "director@pohjola.example",
  kam: "kam@pohjola.example",
  customer: "customer@kestila.example",
} as const;

const CHROMIUM = process.env.CHROMIUM_PATH ?? "/usr/bin/chromium";

/**
 * How long one step may wait for what it needs (an element, a navigation, the
 * browser starting). Tests wait on the page, never on the clock; this only ends
 * a step that will never finish, and a loaded 2-core machine can take many
 * times a quiet one's few hundred milliseconds, so it is generous.
 */
export const STEP_TIMEOUT_MS = 90_000;

/**
 * One browser per test file and a fresh context (no cookies) per test. Page
 * errors and failed requests to our server fail the test.
 */
export function setupBrowser() {
  const state = {} as { browser: Browser; context: BrowserContext; page: Page; baseUrl: string; errors: string[] };
  beforeAll(async () => {
    state.baseUrl = inject("baseUrl");
    state.browser = await chromium.launch({
      executablePath: CHROMIUM,
      headless: true,
      timeout: STEP_TIMEOUT_MS,
      args: [
        "--no-sandbox",
        "--disable-gpu",
        "--disable-quic",
        "--no-first-run",
        "--disable-background-networking",
        "--disable-component-update",
        "--disable-sync",
      ],
    });
  });
  afterAll(async () => {
    await state.browser?.close();
  });
  beforeEach(async () => {
    state.errors = [];
    state.context = await state.browser.newContext({ baseURL: state.baseUrl, locale: "en-GB" });
    state.context.setDefaultTimeout(STEP_TIMEOUT_MS);
    state.context.setDefaultNavigationTimeout(STEP_TIMEOUT_MS);
    state.page = await state.context.newPage();
    state.page.on("pageerror", (e) => state.errors.push(`page error: ${e.message}`));
    state.page.on("console", (m) => {
      if (m.type() === "error" && !/status of 4\d\d/.test(m.text())) state.errors.push(`console: ${m.text()}`);
    });
  });
  afterEach(async () => {
    await state.context?.close();
    expect(state.errors).toEqual([]);
  });
  return state;
}

/** Waits until the page's main heading reads `name`: URLs change before a client-side navigation has rendered. */
export async function waitForHeading(page: Page, name: string | RegExp) {
  await page.getByRole("heading", { level: 1, name }).waitFor();
}

export async function signIn(page: Page, email: string, password = DEMO_PASSWORD) {
  await page.goto("/login");
  await page.getByLabel("E-mail").fill(email);
  await page.getByLabel("Password").fill(password);
  await page.getByRole("button", { name: "Sign in" }).click();
  // The sign-in page sends no scripts, so the page it leads to is a full load:
  // wait until its scripts have run (hydrated) before the test acts on it.
  await page.waitForLoadState("networkidle");
}

/** Today in the vendor's calendar (the date inputs and the "delivered on" check use it). */
export const today = new Intl.DateTimeFormat("en-CA", { timeZone: "Europe/Helsinki" }).format(new Date());
/** The vendor's calendar day n days from today, as a date input takes it. */
export const inDays = (n: number) => new Date(Date.parse(`${today}T12:00:00Z`) + n * 86_400_000).toISOString().slice(0, 10);

/** A full page load, hydrated (a field filled before hydration may be reset). */
export async function open(page: Page, url: string) {
  await page.goto(url);
  await page.waitForLoadState("networkidle");
}

/**
 * A customer, in a browser of their own: signs `email` in (the demo customer
 * unless told), runs `work` on their page, and closes their browser again.
 * Their page errors fail the test like the staff page's.
 */
export async function asCustomer<T>(
  b: ReturnType<typeof setupBrowser>,
  work: (portal: Page) => Promise<T>,
  options: { email?: string; locale?: string } = {},
): Promise<T> {
  const context = await b.browser.newContext({ baseURL: b.baseUrl, locale: options.locale ?? "en-GB" });
  context.setDefaultTimeout(STEP_TIMEOUT_MS);
  context.setDefaultNavigationTimeout(STEP_TIMEOUT_MS);
  const portal = await context.newPage();
  portal.on("pageerror", (e) => b.errors.push(`customer page error: ${e.message}`));
  try {
    const email = options.email ?? DEMO.customer;
    if (!options.locale || options.locale.startsWith("en")) await signIn(portal, email);
    else {
      // The form in the reader's language: found by its fields' names, not their labels.
      await portal.goto("/login");
      await portal.locator('input[name="email"]').fill(email);
      await portal.locator('input[name="password"]').fill(DEMO_PASSWORD);
      await portal.locator('main button[type="submit"]').click();
      await portal.waitForURL((url) => !url.pathname.startsWith("/login"));
      await portal.waitForLoadState("networkidle");
    }
    return await work(portal);
  } finally {
    await context.close();
  }
}
