import fs from "node:fs";
import { createRequire } from "node:module";
import type { Page } from "playwright-core";
import { beforeAll, describe, expect, it } from "vitest";
import { en } from "#app/i18n/en.ts";
import { DEMO, enter, open, ready, sessionCookie, setupBrowser, waitForHeading } from "./browser.ts";

// Every staff and portal page at a phone's 360 px and a laptop's 1366 px, in
// English and Finnish: no page is wider than the screen and the text shows no
// catalogue key, no emoji and no "1 days", in all four; axe-core (a dev
// dependency, evaluated in the page: the pages' CSP allows only scripts with
// their nonce) finds no violation. An audit is about half of a page's time
// here, so each page is audited twice, once at each width and once in each
// language, the pairs alternating from page to page (audited): every page is
// audited at 360 px and at 1366 px, and each of the four pairs of width and
// language is audited on half of the pages. What axe judges (names, labels,
// roles, contrast, target sizes) follows what each layout shows; the language
// changes the words. Failures are collected and reported together.

const b = setupBrowser();
/** Message keys: one showing as text is a message that was not translated. */
const KEYS = new Set(Object.keys(en));
/** A count of one with a plural noun ("1 days", "1 päivää"): the plural rules were skipped. */
const ONE_PLURAL =
  /(?<![\d.,])1 (?:days|hours|weeks|months|years|times|signals|people|answers|reviewers|accounts|touchpoints|expectations|rows|surprises|cases|invoices|contacts|members|päivää|tuntia|viikkoa|kuukautta|vuotta|kertaa|arvostelijaa|vastaajaa|vastausta|signaalia|henkilöä|asiakasta|kohtaamista|odotusta|riviä|tapausta|laskua)(?!\p{L})/u;
/** Characters shown as emoji by default (or asked to be): they render as empty boxes without an emoji font. */
const EMOJI = /\p{Emoji_Presentation}|\uFE0F/u;
const axeSource = fs.readFileSync(createRequire(import.meta.url).resolve("axe-core/axe.min.js"), "utf8");
const WIDTHS = [360, 1366] as const;
const LANGUAGES = [
  { locale: "en-GB", name: "English" },
  { locale: "fi-FI", name: "Finnish" },
] as const;
/**
 * Whether the page at `index` (of every page, in order) is audited at the width and language of these indexes:
 * even pages English at 360 px and Finnish at 1366 px, odd pages Finnish at 360 px and English at 1366 px.
 */
const audited = (index: number, language: number, width: number) => (index + language + width) % 2 === 0;
const UUID = "[0-9a-f]{8}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{12}";
const KESTILA = "Kestilä Logistics Oy";

interface Pages {
  staff: string[];
  admin: string[];
  portal: string[];
  public: string[];
}

/** The first link on the page whose path matches `pattern` (a path with ids), as a path. */
async function firstLink(page: Page, pattern: RegExp): Promise<string> {
  const hrefs = await page.locator("a[href]").evaluateAll((links) => links.map((a) => a.getAttribute("href")!));
  const href = hrefs.map((h) => h.split(/[?#]/)[0]!).find((h) => pattern.test(h));
  expect(href, `a link like ${pattern} on ${page.url()}`).toBeTruthy();
  return href!;
}

/** Finds the ids the pages need by walking the demo as a director and an admin. */
async function discover(page: Page): Promise<Pages> {
  await enter(page, DEMO.director, `/accounts?q=${encodeURIComponent("Kestilä")}&scope=all`);
  const account = await firstLink(page, new RegExp(`^/accounts/${UUID}$`));
  await page.goto(`${account}/expectations`);
  const expectation = await firstLink(page, new RegExp(`^${account}/expectations/${UUID}$`));
  await page.goto(`${account}/committee`);
  const person = await firstLink(page, new RegExp(`^${account}/committee/${UUID}$`));
  await page.goto(`${account}/timeline`);
  const touchpoint = await firstLink(page, new RegExp(`^${account}/touchpoints/${UUID}$`));
  // A planned meeting, so the Planned section, its edit page and recording it have something to show.
  await open(page, `${account}/plans`);
  await page.getByLabel("Subject").fill(`Layout plan ${Date.now().toString(36)}`);
  await page.getByRole("button", { name: "Put on the calendar" }).click();
  await page.getByTestId("flash").waitFor();
  const plan = await firstLink(page, new RegExp(`^${account}/plans/${UUID}$`));
  // The demo's published business review of the account.
  await page.goto(`${account}/reviews`);
  const review = await firstLink(page, new RegExp(`^${account}/reviews/${UUID}$`));
  await page.goto("/portfolio");
  const kam = await firstLink(page, new RegExp(`^/portfolio/kams/${UUID}$`));
  // An import job at its mapping step.
  await open(page, "/import");
  await waitForHeading(page, "Import from CSV");
  await page.getByLabel("Source").fill(`Layout check ${Date.now().toString(36)}`);
  await page.getByLabel("CSV file").setInputFiles({
    name: "layout.csv",
    mimeType: "text/csv",
    buffer: Buffer.from(`Asiakas;Otsikko;Päivä\r\n${KESTILA};Palaveri;1.2.2026\r\n`, "utf8"),
  });
  await page.getByRole("button", { name: "Upload and map columns" }).click();
  await page.waitForURL(new RegExp(`/import/${UUID}$`));
  const job = new URL(page.url()).pathname;
  // A capture address for mail in, so Mail settings shows one (and its renew button).
  await open(page, "/settings/mail");
  await page.getByRole("button", { name: /Make my capture address|Make a new address/ }).click();
  await page.getByTestId("capture-address").waitFor();
  // A risk signal's task form opened (`?task=`), on the account page and on the risk inbox.
  const taskLink = async (path: string) => {
    await page.goto(path);
    const href = await page.locator('a[href*="task="]').first().getAttribute("href");
    expect(href, `a signal's task link on ${path}`).toBeTruthy();
    return href!.split("#")[0]!;
  };
  const accountTask = await taskLink(account);
  const risksTask = await taskLink("/risks");
  const staff = [
    "/my-work",
    "/accounts",
    "/accounts/new",
    account,
    accountTask,
    `${account}/timeline`,
    `${account}/experience`,
    `${account}/expectations`,
    `${account}/expectations/new`,
    expectation,
    `${account}/committee`,
    `${account}/committee/new`,
    person,
    `${account}/touchpoints/new`,
    touchpoint,
    `${account}/edit`,
    `${account}/portal-access`,
    `${account}/tasks`,
    `${account}/plans`,
    plan,
    `${account}/reviews`,
    review,
    `${account}/touchpoints/new?plan=${plan.split("/").at(-1)}`,
    "/log",
    `/log?account=${account.split("/")[2]}`,
    "/portfolio",
    kam,
    "/portfolio/surprises",
    "/portfolio/trends",
    "/portfolio/experience",
    "/portfolio/experience?cell=well_resolved&months=24",
    "/risks",
    risksTask,
    "/import",
    job,
    "/settings/api-tokens",
    "/settings/calendar",
    "/settings/mail",
    "/password",
  ];

  await page.context().clearCookies();
  await enter(page, DEMO.admin, "/admin/users");
  const user = await firstLink(page, new RegExp(`^/admin/users/${UUID}$`));
  // A webhook endpoint (registered through its form) and a test event, so its page has a delivery to show.
  await open(page, "/admin/webhooks");
  await page.getByLabel("URL").fill(`https://hooks.example/layout-${Date.now().toString(36)}`);
  await page.getByRole("button", { name: "Register" }).click();
  await page.getByTestId("webhook-secret").waitFor();
  const webhook = await firstLink(page, new RegExp(`^/admin/webhooks/${UUID}$`));
  await open(page, webhook);
  await page.getByRole("button", { name: "Send test event" }).click();
  await page.getByTestId("webhook-delivery").first().waitFor();
  // A token in the list, so the list's table is there to check at every width (it scrolls sideways at 360 px).
  await open(page, "/admin/api-tokens");
  await page.getByLabel("Name").fill(`Layout ${Date.now().toString(36)}`);
  await page.getByRole("button", { name: "Create token" }).click();
  await page.getByTestId("token-list").waitFor();
  const admin = ["/admin/users", user, "/admin/audit", "/admin/scoring", "/admin/inbox", "/admin/outbox", "/admin/api-tokens", "/admin/webhooks", webhook];
  const portal = ["/portal", "/portal/commitments", "/portal/commitments/new", "/portal/feedback", "/portal/reviews", "/password"];
  return { staff, admin, portal, public: ["/login"] };
}

interface AxeResult {
  violations: { id: string; impact: string | null; help: string; nodes: { target: unknown[] }[] }[];
}

/** What is wrong with one page at the context's size and language: overflow, the text, and (if `audit`) axe violations. */
async function problemsOf(page: Page, path: string, audit: boolean): Promise<string[]> {
  const response = await page.goto(path);
  const problems: string[] = [];
  if (response?.status() !== 200) problems.push(`status ${response?.status()}`);
  await ready(page);
  const { scrollWidth, innerWidth } = await page.evaluate(() => ({
    scrollWidth: document.documentElement.scrollWidth,
    innerWidth: window.innerWidth,
  }));
  if (scrollWidth > innerWidth) {
    const widest = await page.evaluate(() => {
      const vw = window.innerWidth;
      const over = Array.from(document.querySelectorAll("body *")).filter(
        (el) => el.getBoundingClientRect().right > vw + 0.5,
      );
      // The innermost elements that stick out say where the cause is.
      const leaves = over.filter((el) => !over.some((other) => other !== el && el.contains(other)));
      return leaves.slice(0, 3).map((el) => `${el.tagName.toLowerCase()}.${String(el.className).slice(0, 60)}`);
    });
    problems.push(`${scrollWidth}px wide in a ${innerWidth}px window (${widest.join(" | ")})`);
  }
  // The audit log shows stored values as stored ([data-stored-value]): a message key there is data, not a missing text.
  const text = await page.evaluate(() => {
    let shown = document.body.innerText;
    for (const stored of Array.from(document.querySelectorAll<HTMLElement>("[data-stored-value]"))) {
      shown = shown.replace(stored.innerText, " ");
    }
    return `${document.title}\n${shown}`;
  });
  const words = new Set(text.split(/[\s,;:()"“”]+/));
  const keys = [...words].filter((w) => KEYS.has(w.replace(/[.…]+$/, "")));
  if (keys.length) problems.push(`message keys as text: ${keys.slice(0, 5).join(", ")}`);
  const plural = ONE_PLURAL.exec(text);
  if (plural) problems.push(`a count of one with a plural noun: "${plural[0]}"`);
  const emoji = EMOJI.exec(text);
  if (emoji) problems.push(`an emoji in the text: "${emoji[0]}"`);
  if (!audit) return problems.map((p) => `${path}: ${p}`);
  if (!(await page.evaluate(() => "axe" in window))) await page.evaluate(axeSource);
  const result = (await page.evaluate(() =>
    (window as unknown as { axe: { run: (ctx: Document, opts: object) => Promise<unknown> } }).axe.run(document, {
      resultTypes: ["violations"],
    }),
  )) as AxeResult;
  for (const v of result.violations) {
    problems.push(
      `axe ${v.id} (${v.impact}): ${v.help} at ${v.nodes
        .map((n) => JSON.stringify(n.target))
        .slice(0, 3)
        .join(", ")}`,
    );
  }
  return problems.map((p) => `${path}: ${p}`);
}

describe("every page on a phone and a laptop, in both languages", () => {
  let pages: Pages;
  let sessions: Record<keyof Pages, Awaited<ReturnType<typeof sessionCookie>> | undefined>;
  beforeAll(async () => {
    const context = await b.newContext();
    try {
      pages = await discover(await context.newPage());
    } finally {
      await context.close();
    }
    sessions = {
      staff: await sessionCookie(DEMO.director),
      admin: await sessionCookie(DEMO.admin),
      portal: await sessionCookie(DEMO.customer),
      public: undefined,
    };
  });

  LANGUAGES.forEach((language, languageIndex) => {
    WIDTHS.forEach((width, widthIndex) => {
      it(`fits ${width} px without sideways scrolling, shows no key, emoji or wrong plural, and half its pages have no axe-core violations, in ${language.name}`, async () => {
        const problems: string[] = [];
        let visited = 0;
        let audits = 0;
        for (const who of ["staff", "admin", "portal", "public"] as const) {
          const context = await b.newContext({
            locale: language.locale,
            viewport: { width, height: 800 },
          });
          try {
            const session = sessions[who];
            if (session) await context.addCookies([session]);
            // axe-core in every page from its start: sent to the browser once, not with each page.
            await context.addInitScript({ content: axeSource });
            const page = await context.newPage();
            for (const path of pages[who]) {
              const audit = audited(visited, languageIndex, widthIndex);
              for (const p of await problemsOf(page, path, audit)) problems.push(`[${who}] ${p}`);
              visited += 1;
              if (audit) audits += 1;
            }
          } finally {
            await context.close();
          }
        }
        expect(visited).toBe(pages.staff.length + pages.admin.length + pages.portal.length + pages.public.length);
        expect(audits).toBe(Math.floor((visited + ((languageIndex + widthIndex) % 2 === 0 ? 1 : 0)) / 2));
        expect(problems).toEqual([]);
      });
    });
  });
});
