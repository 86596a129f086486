import { describe, expect, it } from "vitest";
import { DEMO, DEMO_PASSWORD, signIn, setupBrowser, waitForHeading } from "./browser.ts";

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
    await page.getByTestId("account-sections").getByRole("link", { name: "Buying committee" }).click();
    await waitForHeading(page, "Buying committee of Kestilä Logistics Oy");
    expect(await page.getByTestId("committee-table").locator("tbody tr").count()).toBeGreaterThan(2);
    await page.getByTestId("account-sections").getByRole("link", { name: "Timeline" }).click();
    await waitForHeading(page, "Timeline of Kestilä Logistics Oy");
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

  it("takes an administrator to all accounts and the admin pages, and out again", async () => {
    const { page } = b;
    await signIn(page, DEMO.admin);
    await waitForHeading(page, "All accounts");
    expect(new URL(page.url()).pathname).toBe("/accounts");
    const owners = await page.getByTestId("accounts-table").locator("tbody tr td:nth-child(2)").allTextContents();
    expect(new Set(owners).size).toBeGreaterThan(1);
    await page.getByRole("link", { name: "Admin" }).click();
    await waitForHeading(page, "Users");
    await page.getByRole("button", { name: "Sign out" }).click();
    await page.waitForURL("**/login");
    await page.goto("/admin/scoring");
    await page.waitForURL("**/login?redirectTo=%2Fadmin%2Fscoring");
  });

  it("takes a director to the portfolio of every account, and out again", async () => {
    const { page } = b;
    await signIn(page, DEMO.director);
    await waitForHeading(page, "Portfolio");
    expect(new URL(page.url()).pathname).toBe("/portfolio");
    await page.getByTestId("portfolio-table").waitFor();
    await page.getByRole("link", { name: "Accounts", exact: true }).click();
    await waitForHeading(page, "All accounts");
    const owners = await page.getByTestId("accounts-table").locator("tbody tr td:nth-child(2)").allTextContents();
    expect(new Set(owners).size).toBeGreaterThan(1);
    // No admin pages for a director.
    const res = await page.goto("/admin/scoring");
    expect(res?.status()).toBe(403);
    await page.getByRole("button", { name: "Sign out" }).click();
    await page.waitForURL("**/login");
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
    await page.goto("/portal");
    await page.getByRole("button", { name: "Sign out" }).click();
    await page.waitForURL("**/login");
    await page.goto("/portal");
    await page.waitForURL("**/login?redirectTo=%2Fportal");
  });

  it("signs in the customers of other demo accounts to their own portal", async () => {
    const { page } = b;
    await signIn(page, "customer@sisu-forest.example");
    await page.getByTestId("portal-account-name").waitFor();
    expect(await page.getByTestId("portal-account-name").textContent()).toBe("Sisu Forest Oy");
  });

  it("titles pages and explains refusals in the reader's language", async () => {
    const context = await b.newContext({ locale: "fi-FI" });
    try {
      const page = await context.newPage();
      await page.goto("/login");
      expect(await page.title()).toBe("Kirjaudu sisään · Kohtaamo");
      await page.getByLabel("Sähköposti").fill(DEMO.customer);
      await page.getByLabel("Salasana").fill(DEMO_PASSWORD);
      await page.getByRole("button", { name: "Kirjaudu" }).click();
      await page.getByTestId("portal-account-name").waitFor();
      const res = await page.goto("/accounts");
      expect(res?.status()).toBe(403);
      expect(await page.getByTestId("error-message").textContent()).toBe("Sinulla ei ole pääsyä tälle sivulle.");
      // A form posted without JavaScript and refused by the action: Remix skips the loaders, so the
      // error page has no root data; its frame still speaks the language the request names.
      const refused = await context.request.post("/log", {
        form: { title: "x" },
        headers: { Origin: b.baseUrl, Accept: "text/html", "Accept-Language": "fi-FI" },
      });
      expect(refused.status()).toBe(403);
      const html = await refused.text();
      expect(html).toMatch(/<html lang="fi"/);
      expect(html).toContain("Sinulla ei ole pääsyä tälle sivulle.");
      expect(html).toContain("Siirry sisältöön");
    } finally {
      await context.close();
    }
  });

  it("refuses a wrong password clearly and keeps the typed e-mail", async () => {
    const { page } = b;
    await signIn(page, DEMO.kam, "not-the-password");
    await page.getByText("The e-mail or password is not right.").waitFor();
    expect(await page.getByLabel("E-mail").inputValue()).toBe(DEMO.kam);
    expect(await page.getByLabel("Password").inputValue()).toBe("");
  });

  it("works without JavaScript", async () => {
    const context = await b.newContext({ javaScriptEnabled: false, locale: undefined });
    try {
      const page = await context.newPage();
      await signIn(page, DEMO.director);
      await waitForHeading(page, "Portfolio");
      // The document streams in: count its rows once all of it has arrived.
      await page.waitForLoadState("load");
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
