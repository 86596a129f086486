import { describe, expect, it } from "vitest";
import { DEMO, signIn, setupBrowser, waitForHeading } from "./browser.ts";

const b = setupBrowser();

describe("signing in, in a real browser", () => {
  it("takes a KAM to their own accounts, into an account with committee and timeline, and out again", async () => {
    const { page } = b;
    await signIn(page, DEMO.kam);
    await waitForHeading(page, "My accounts");
    const rows = page.getByTestId("accounts-table").locator("tbody tr");
    expect(await rows.count()).toBeGreaterThan(3);
    // Every listed account is owned by the KAM.
    const owners = await page.getByTestId("accounts-table").locator("tbody tr td:nth-child(2)").allTextContents();
    expect(new Set(owners)).toEqual(new Set(["Kalle Kam"]));

    await page.getByTestId("accounts-table").getByRole("link", { name: "Kestilä Logistics Oy" }).click();
    await waitForHeading(page, "Kestilä Logistics Oy");
    expect(await page.getByTestId("committee-table").locator("tbody tr").count()).toBeGreaterThan(2);
    const entries = page.getByTestId("timeline").locator("li");
    expect(await entries.count()).toBe(25);
    const newest = await entries.first().textContent();
    await page.getByRole("link", { name: "Older touchpoints" }).click();
    await page.waitForURL(/cursor=/);
    await page.waitForFunction(
      (before) => document.querySelector('[data-testid="timeline"] li')?.textContent !== before,
      newest,
    );
    expect(await entries.count()).toBeGreaterThan(0);

    await page.getByRole("button", { name: "Sign out" }).click();
    await page.waitForURL("**/login");
    await page.goto("/accounts");
    await page.waitForURL("**/login?redirectTo=%2Faccounts");
  });

  it("lands a director on the portfolio, and shows them every account", async () => {
    const { page } = b;
    await signIn(page, DEMO.director);
    await waitForHeading(page, "Portfolio");
    expect(new URL(page.url()).pathname).toBe("/portfolio");
    await page.getByTestId("portfolio-table").waitFor();
    await page.getByRole("link", { name: "Accounts", exact: true }).click();
    await waitForHeading(page, "All accounts");
    const owners = await page.getByTestId("accounts-table").locator("tbody tr td:nth-child(2)").allTextContents();
    expect(new Set(owners).size).toBeGreaterThan(1);
  });

  it("takes a customer to their portal and refuses them a KAM page", async () => {
    const { page } = b;
    await signIn(page, DEMO.customer);
    await page.getByTestId("portal-account-name").waitFor();
    expect(await page.getByTestId("portal-account-name").textContent()).toBe("Kestilä Logistics Oy");
    expect(await page.getByTestId("portal-kam").textContent()).toBe("Kalle Kam");
    const html = await page.content();
    expect(html).not.toMatch(/Sentiment|Internal|Felt treated/);

    const res = await page.goto("/accounts");
    expect(res?.status()).toBe(403);
    expect(await page.getByTestId("error-message").textContent()).toMatch(/do not have access/);
  });

  it("refuses a wrong password clearly and keeps the typed e-mail", async () => {
    const { page } = b;
    await signIn(page, DEMO.kam, "not-the-password");
    await page.getByText("The e-mail or password is not right.").waitFor();
    expect(await page.getByLabel("E-mail").inputValue()).toBe(DEMO.kam);
    expect(await page.getByLabel("Password").inputValue()).toBe("");
  });

  it("works without JavaScript", async () => {
    const context = await b.browser.newContext({ baseURL: b.baseUrl, javaScriptEnabled: false });
    try {
      const page = await context.newPage();
      await signIn(page, DEMO.director);
      await waitForHeading(page, "Portfolio");
      expect(await page.getByTestId("portfolio-table").locator("tbody tr").count()).toBeGreaterThan(3);
    } finally {
      await context.close();
    }
  });

  it("switches the interface to Finnish", async () => {
    const { page } = b;
    await signIn(page, DEMO.kam);
    await waitForHeading(page, "My accounts");
    await page.getByLabel("Language").selectOption("fi");
    await page.getByRole("button", { name: "Change" }).click();
    await page.getByRole("heading", { name: "Omat asiakkaani" }).waitFor();
    expect(await page.getByRole("button", { name: "Kirjaudu ulos" }).count()).toBe(1);
  });
});
