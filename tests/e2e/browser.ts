import { chromium, type Browser, type BrowserContext, type BrowserContextOptions, type Page } from "playwright-core";
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
 * This worker's server: files run E2E_FORKS at a time, each worker process
 * (VITEST_POOL_ID 1, 2, …) against a server and database of its own.
 */
export function serverUrl(): string {
  const urls = inject("baseUrls");
  const worker = Number(process.env.VITEST_POOL_ID ?? 1);
  const url = urls[worker - 1];
  if (!url) throw new Error(`No server for worker ${worker} of ${urls.length}`);
  return url;
}

/**
 * How long one step may wait for what it needs (an element, a navigation, the
 * browser starting). Tests wait on the page, never on the clock; this only ends
 * a step that will never finish, and a loaded 2-core machine can take many
 * times a quiet one's few hundred milliseconds, so it is generous.
 */
export const STEP_TIMEOUT_MS = 90_000;

/**
 * Run in every page before its own scripts (BrowserContext.addInitScript): a
 * minimal React DevTools hook, the interface through which React reports its
 * commits to tools. React calls onPostCommitFiberRoot once a commit's effects
 * have run; the first is the hydration's, and the hook marks <html
 * data-hydrated> for ready() to wait for. The app itself ships nothing for it.
 */
const MARK_HYDRATED = `window.__REACT_DEVTOOLS_GLOBAL_HOOK__ = {
  supportsFiber: true,
  renderers: new Map(),
  inject: () => 1,
  checkDCE() {},
  onCommitFiberRoot() {},
  onCommitFiberUnmount() {},
  onPostCommitFiberRoot() {
    document.documentElement.setAttribute("data-hydrated", "");
  },
};`;

/**
 * One browser per test file and a fresh context (no cookies) per test. Page
 * errors and failed requests to our server fail the test. newContext() makes
 * another context (another person's browser) the same way: our server's
 * address, the step timeouts and the hydration mark.
 */
export function setupBrowser() {
  const state = {} as {
    browser: Browser;
    context: BrowserContext;
    page: Page;
    baseUrl: string;
    errors: string[];
    newContext: (options?: BrowserContextOptions) => Promise<BrowserContext>;
  };
  state.newContext = async (options = {}) => {
    const context = await state.browser.newContext({ baseURL: state.baseUrl, locale: "en-GB", ...options });
    context.setDefaultTimeout(STEP_TIMEOUT_MS);
    context.setDefaultNavigationTimeout(STEP_TIMEOUT_MS);
    await context.addInitScript({ content: MARK_HYDRATED });
    return context;
  };
  beforeAll(async () => {
    state.baseUrl = serverUrl();
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
    state.context = await state.newContext();
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

/**
 * Until the page in `page` is loaded and, when it sends scripts, hydrated (the
 * mark MARK_HYDRATED sets once React has hydrated it and run its effects): a
 * field filled before that may be reset, a shortcut not yet listened for. A page without scripts (the sign-in page) or
 * in a browser with JavaScript off (Remix's inline context never ran) is ready
 * once loaded. Waits on the page itself, never on the network falling quiet.
 */
export async function ready(page: Page) {
  await page.waitForLoadState("load");
  await page.waitForFunction(() => !("__remixContext" in window) || document.documentElement.hasAttribute("data-hydrated"));
}

export async function signIn(page: Page, email: string, password = DEMO_PASSWORD) {
  await page.goto("/login");
  await page.getByLabel("E-mail").fill(email);
  await page.getByLabel("Password").fill(password);
  // The form posts as a full navigation: to the page it leads to, or to the form
  // again with its error. Either way a new document, without this mark.
  await page.evaluate(() => Object.assign(window, { kohtaamoSigningIn: true }));
  await page.getByRole("button", { name: "Sign in" }).click();
  await page.waitForFunction(() => !("kohtaamoSigningIn" in window));
  // The sign-in page sends no scripts, so the page it leads to is a full load:
  // wait until its scripts have run (hydrated) before the test acts on it.
  await ready(page);
}

/** Today in the vendor's calendar (the date inputs and the "delivered on" check use it). */
export const today = new Intl.DateTimeFormat("en-CA", { timeZone: "Europe/Helsinki" }).format(new Date());
/** The vendor's calendar day n days from today, as a date input takes it. */
export const inDays = (n: number) => new Date(Date.parse(`${today}T12:00:00Z`) + n * 86_400_000).toISOString().slice(0, 10);

/** A full page load, hydrated (a field filled before hydration may be reset). */
export async function open(page: Page, url: string) {
  await page.goto(url);
  await ready(page);
}

/** The session cookie of each demo user this file has signed in with enter(), made once. */
const sessions = new Map<string, Promise<string>>();

/** Signs `email` in as the sign-in form does (a form post), and returns the session cookie's value. */
async function sessionOf(email: string): Promise<string> {
  const res = await fetch(`${serverUrl()}/login`, {
    method: "POST",
    body: new URLSearchParams({ email, password: DEMO_PASSWORD }),
    redirect: "manual",
  });
  const cookie = res.headers.getSetCookie().find((c) => c.startsWith("kohtaamo_session="));
  if (res.status !== 302 || !cookie) throw new Error(`Signing ${email} in answered ${res.status}, without a session`);
  return cookie.slice("kohtaamo_session=".length).split(";")[0]!;
}

/** A session cookie of `email`'s, made once per test file, for a context to sign in with (addCookies, storageState). */
export async function sessionCookie(email: string) {
  if (!sessions.has(email)) sessions.set(email, sessionOf(email));
  const value = await sessions.get(email)!;
  return { name: "kohtaamo_session", value, url: serverUrl(), httpOnly: true, sameSite: "Lax" as const };
}

/**
 * Signed in as `email` for a test whose subject is not signing in: the context
 * gets the file's session of `email` (sessionCookie: signing in costs a
 * deliberately slow password hash; sign-in.e2e.ts and the tests that sign out
 * sign in through the form), then `page` opens `path` (by default the role's
 * home) hydrated. Never sign such a session out: the file's other tests use it.
 */
export async function enter(page: Page, email: string, path = "/") {
  await page.context().addCookies([await sessionCookie(email)]);
  await open(page, path);
}

/**
 * A customer, in a browser of their own: signed in as `email` (the demo
 * customer unless told) with enter(), runs `work` on their page, and closes
 * their browser again. Their page errors fail the test like the staff page's.
 */
export async function asCustomer<T>(
  b: ReturnType<typeof setupBrowser>,
  work: (portal: Page) => Promise<T>,
  options: { email?: string; locale?: string } = {},
): Promise<T> {
  const context = await b.newContext({ locale: options.locale ?? "en-GB" });
  const portal = await context.newPage();
  portal.on("pageerror", (e) => b.errors.push(`customer page error: ${e.message}`));
  try {
    await enter(portal, options.email ?? DEMO.customer);
    return await work(portal);
  } finally {
    await context.close();
  }
}

/**
 * A portal invitation's link as it reaches the person when no mail server is
 * configured (as in these tests): an administrator, in a browser of their own,
 * opens the mail waiting in the outbox for `email` and reads the link in it.
 * The account's KAM who invited never sees the link.
 */
export async function invitationLinkFromOutbox(b: ReturnType<typeof setupBrowser>, email: string): Promise<string> {
  const context = await b.newContext();
  const admin = await context.newPage();
  admin.on("pageerror", (e) => b.errors.push(`admin page error: ${e.message}`));
  try {
    await enter(admin, DEMO.admin, "/admin/outbox");
    await admin.getByTestId("outbox-row").filter({ hasText: `<${email}>` }).first().getByRole("link").click();
    const text = (await admin.getByTestId("outbox-text").textContent()) ?? "";
    const link = /https?:\/\/\S+\/portal\/invite\/[A-Za-z0-9_-]+/.exec(text)?.[0];
    if (!link) throw new Error(`No invitation link in the mail to ${email}: ${text}`);
    return new URL(link).pathname;
  } finally {
    await context.close();
  }
}
