import type { Page } from "playwright-core";
import { describe, expect, it } from "vitest";
import { DEMO, enter, open, setupBrowser, signIn, waitForHeading } from "./browser.ts";

const b = setupBrowser();
const KESTILA = "Kestilä Logistics Oy";

/** Signs `email` in (through the form for a test that signs out again) and opens the demo account. */
async function openKestila(page: Page, email: string = DEMO.kam, through: "session" | "form" = "session") {
  if (through === "form") {
    await signIn(page, email);
    await page.getByTestId("accounts-table").waitFor();
    await page.goto("/accounts?q=Kestil%C3%A4&scope=all");
  } else await enter(page, email, "/accounts?q=Kestil%C3%A4&scope=all");
  await page.getByTestId("accounts-table").getByRole("link", { name: KESTILA }).click();
  await waitForHeading(page, KESTILA);
  return page.url();
}

/** A role that is not the person's current one, to click. */
async function anotherRole(row: ReturnType<Page["locator"]>) {
  const current = await row.locator('[data-testid="role-buttons"] button[aria-pressed="true"]').textContent();
  return current?.startsWith("Procurement") ? "Blocker" : "Procurement";
}

describe("the account page, in a real browser", () => {
  it("shows the committee as an org chart with its gaps and as a table, and sets a role with one click", async () => {
    const { page } = b;
    await openKestila(page);
    await page.getByTestId("account-sections").getByRole("link", { name: "Buying committee" }).click();
    await waitForHeading(page, `Buying committee of ${KESTILA}`);
    await page.getByTestId("org-chart").waitFor();
    expect(await page.getByTestId("org-chart").locator("li").count()).toBeGreaterThan(2);
    await page.getByTestId("committee-gaps").waitFor();
    const row = page.getByTestId("committee-table").locator("tbody tr").first();
    const rowId = (await row.getAttribute("id"))!;
    const name = (await row.locator("td").first().getByRole("link").textContent())!;
    const role = await anotherRole(row);
    await row.locator("summary").click();
    await row.getByRole("button", { name: new RegExp(`^${role}`) }).click();
    await page.getByTestId("flash").getByText(`${name}'s role is saved.`).waitFor();
    await page.waitForFunction(
      ([id, r]) => document.getElementById(id!)?.querySelector("summary")?.textContent?.startsWith(r!) === true,
      [rowId, role],
    );
    // The chart shows the new role too.
    expect(await page.getByTestId("org-chart").textContent()).toContain(role);
  });

  it("sets a role with one click without JavaScript", async () => {
    const context = await b.newContext({ javaScriptEnabled: false });
    try {
      const page = await context.newPage();
      await openKestila(page);
      await page.getByTestId("account-sections").getByRole("link", { name: "Buying committee" }).click();
      await waitForHeading(page, `Buying committee of ${KESTILA}`);
      const row = page.getByTestId("committee-table").locator("tbody tr").nth(1);
      const rowId = (await row.getAttribute("id"))!;
      const name = (await row.locator("td").first().getByRole("link").textContent())!;
      const role = await anotherRole(row);
      await row.locator("summary").click();
      await row.getByRole("button", { name: new RegExp(`^${role}`) }).click();
      await page.getByTestId("flash").getByText(`${name}'s role is saved.`).waitFor();
      expect(await page.locator(`#${rowId} summary`).textContent()).toMatch(new RegExp(`^${role}`));
      expect(new URL(page.url()).pathname).toMatch(/^\/accounts\/[0-9a-f-]{36}\/committee$/);
    } finally {
      await context.close();
    }
  });

  it("renders each kind with its experience in words, and emotions in the reader's language", async () => {
    const { page } = b;
    const accountUrl = await openKestila(page);
    await open(page, `${accountUrl}/touchpoints/new`);
    await page.getByLabel("Kind").selectOption("call");
    const title = `Escalation call ${Date.now().toString(36)}`;
    await page.getByLabel("Title").fill(title);
    await page.getByLabel("Summary").fill("They were worried about the peak season.");
    await page.getByRole("group", { name: "Customer sentiment" }).getByLabel("−1").check();
    await page.getByRole("checkbox", { name: "frustrated" }).check();
    await page.getByRole("checkbox", { name: "A moment of truth" }).check();
    await page.getByRole("button", { name: "Log touchpoint" }).click();
    await page.getByTestId("flash").getByText("Touchpoint logged.").waitFor();
    const entry = page.getByTestId("timeline").locator("li", { hasText: title });
    const experience = (await entry.getByTestId("experience").textContent())!;
    expect(experience).toContain("Sentiment: −1 negative");
    expect(experience).toContain("Moment of truth");
    expect(experience).toContain("frustrated");
    // Calls are compact: the summary on one line with the title.
    expect(await entry.textContent()).toContain("They were worried about the peak season.");

    await page.getByLabel("Language").selectOption("fi");
    await page.getByRole("button", { name: "Change" }).click();
    await page.getByRole("heading", { level: 2, name: "Viimeksi kirjatut" }).waitFor();
    const fiExperience = (await page.getByTestId("timeline").locator("li", { hasText: title }).getByTestId("experience").textContent())!;
    expect(fiExperience).toContain("Tunnelma: −1 kielteinen");
    expect(fiExperience).toContain("Totuuden hetki");
    expect(fiExperience).toContain("turhautunut");
    expect(fiExperience).not.toContain("frustrated");
    expect(await page.title()).toBe(`${KESTILA} · Kohtaamo`);
  });

  it("offers the edit link to whoever may change the touchpoint: the account's KAM and a director, not a colleague", async () => {
    const { page } = b;
    // Another KAM reads the account but adds to it only through its owner or a
    // director (README: "Who may write to an account"): no edit links, and the
    // log form is refused.
    let accountUrl = await openKestila(page, "kam2@pohjola.example", "form");
    expect(await page.getByTestId("timeline").getByRole("link", { name: /^Edit/ }).count()).toBe(0);
    const refused = await page.goto(`${accountUrl}/touchpoints/new`);
    expect(refused?.status()).toBe(403);
    await page.goto(accountUrl);
    await page.getByRole("button", { name: "Sign out" }).click();
    await page.waitForURL("**/login");

    // The account's KAM logs one and may edit it.
    accountUrl = await openKestila(page, DEMO.kam, "form");
    await open(page, `${accountUrl}/touchpoints/new`);
    const title = `Covering call ${Date.now().toString(36)}`;
    await page.getByLabel("Kind").selectOption("call");
    await page.getByLabel("Title").fill(title);
    await page.getByRole("button", { name: "Log touchpoint" }).click();
    await page.getByTestId("flash").getByText("Touchpoint logged.").waitFor();
    const edits = page.getByTestId("timeline").getByRole("link", { name: /^Edit/ });
    expect(await edits.filter({ hasText: title }).count()).toBe(1);

    await page.getByRole("button", { name: "Sign out" }).click();
    await page.waitForURL("**/login");
    await enter(page, DEMO.director, accountUrl);
    await waitForHeading(page, KESTILA);
    const entries = await page.getByTestId("timeline").locator("li[data-kind]").count();
    const editable = await page.getByTestId("timeline").locator("li[data-kind]").evaluateAll(
      (els) => els.filter((el) => !["survey", "committee_change"].includes(el.getAttribute("data-kind")!)).length,
    );
    expect(await page.getByTestId("timeline").getByRole("link", { name: /^Edit/ }).count()).toBe(editable);
    expect(entries).toBeGreaterThan(0);
  });

  it("links every export from the pages that show the data, with the page's filters", async () => {
    const { page } = b;
    const accountUrl = await openKestila(page);
    const fetchLink = async (name: string | RegExp) => {
      const href = (await page.getByRole("link", { name }).first().getAttribute("href"))!;
      const res = await page.request.get(href);
      expect([href, res.status()]).toEqual([href, 200]);
      return { href, res, text: await res.text() };
    };
    const rows = (csv: string) => csv.replace(/^\uFEFF/, "").trim().split(/\r?\n/);

    // Timeline, filtered to invoices: the CSV has only invoices.
    await page.goto(`${accountUrl}/timeline?kind=invoice`);
    await page.getByTestId("timeline").waitFor();
    const timeline = await fetchLink("Timeline, these filters (CSV)");
    expect(timeline.href).toContain("kind=invoice");
    expect(timeline.res.headers()["content-type"]).toMatch(/text\/csv/);
    const [header, ...invoices] = rows(timeline.text);
    expect(header!.startsWith("occurred_at,kind,")).toBe(true);
    expect(invoices.length).toBeGreaterThan(0);
    expect(new Set(invoices.map((r) => r.split(",")[1]))).toEqual(new Set(["invoice"]));

    await page.goto(`${accountUrl}/committee`);
    await page.getByTestId("committee-exports").waitFor();
    const committee = await fetchLink("Committee (CSV)");
    expect(rows(committee.text).length).toBeGreaterThan(3);
    const history = await fetchLink("Whole account history (JSON)");
    expect(history.text).toContain(KESTILA);
    expect(() => JSON.parse(history.text)).not.toThrow();

    // The ledger, and the accounts list, each with their own filters.
    await page.goto(`${accountUrl}/expectations`);
    await page.getByRole("heading", { level: 1 }).waitFor();
    const ledger = await fetchLink("Download CSV");
    expect(rows(ledger.text).length).toBeGreaterThan(1);
    await page.goto("/accounts?scope=all&stage=renewal");
    await page.getByTestId("accounts-table").waitFor();
    const shown = await page.getByTestId("accounts-table").locator("tbody tr").count();
    const accounts = await fetchLink("Download CSV");
    expect(accounts.href).toContain("stage=renewal");
    expect(rows(accounts.text).length - 1).toBe(shown);
  });

  it("opens the quick log with L on the accounts page, logs to the chosen account, and ignores L typed in a field", async () => {
    const { page } = b;
    // A full page load: the shortcut listens once the page is hydrated (enter waits for that).
    await enter(page, DEMO.kam);
    await waitForHeading(page, "My accounts");
    // Typing in the search box is typing, not a shortcut.
    await page.getByLabel("Search by name").click();
    await page.keyboard.press("l");
    expect(await page.getByLabel("Search by name").inputValue()).toBe("l");
    expect(new URL(page.url()).pathname).toBe("/accounts");
    await page.getByLabel("Search by name").fill("");

    await page.locator("body").click({ position: { x: 5, y: 5 } });
    await page.keyboard.press("l");
    await waitForHeading(page, "Log a touchpoint");
    expect(new URL(page.url()).pathname).toBe("/log");
    await page.getByRole("link", { name: new RegExp(KESTILA) }).first().click();
    await waitForHeading(page, `Log a touchpoint with ${KESTILA}`);
    const title = `Quick note ${Date.now().toString(36)}`;
    await page.getByLabel("Kind").selectOption("chat");
    await page.getByLabel("Title").fill(title);
    await page.getByRole("button", { name: "Log touchpoint" }).click();
    await page.getByTestId("flash").getByText("Touchpoint logged.").waitFor();
    await waitForHeading(page, KESTILA);
    expect(await page.getByTestId("timeline").locator("li", { hasText: title }).count()).toBe(1);
  });
});
