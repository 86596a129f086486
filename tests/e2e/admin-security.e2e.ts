import { describe, expect, it } from "vitest";
import { DEMO, enter, open, setupBrowser, signIn, waitForHeading } from "./browser.ts";

const b = setupBrowser();


describe("administration and account security, in a real browser", () => {
  it("lets an administrator filter the audit log by account", async () => {
    const { page } = b;
    const accountName = `Audit Probe ${Date.now().toString(36)} Oy`;
    await enter(page, DEMO.admin);
    await waitForHeading(page, "All accounts");
    // Something to find: a new account is audited with its account.
    await page.getByRole("link", { name: "New account" }).click();
    await waitForHeading(page, "New account");
    await page.getByLabel("Name").fill(accountName);
    await page.getByRole("button", { name: "Create" }).click();
    await waitForHeading(page, accountName);

    await page.getByRole("navigation", { name: "Main" }).getByRole("link", { name: "Admin" }).click();
    await waitForHeading(page, "Users");
    await page.getByRole("navigation", { name: "Administration" }).getByRole("link", { name: "Audit log" }).click();
    await waitForHeading(page, "Audit log");
    expect(await page.getByTestId("audit-row").count()).toBeGreaterThan(1);
    await page.getByLabel("Account").selectOption({ label: accountName });
    await page.getByRole("button", { name: "Filter" }).click();
    await page.waitForURL(/account=/);
    // The address changes before the filtered list is drawn (the render is a transition), and the
    // unfiltered list also starts with this account's row: wait for the list itself to be the filtered one.
    await page.waitForFunction(() => document.querySelectorAll('[data-testid="audit-row"]').length === 1);
    await page.getByTestId("audit-row").first().getByRole("link", { name: accountName }).waitFor();
    const rows = page.getByTestId("audit-row");
    expect(await rows.count()).toBe(1);
    expect(await rows.first().getByTestId("audit-action").textContent()).toBe("create");
    expect(await rows.first().textContent()).toContain(`name: — → ${accountName}`);
  });

  it("adds a KAM who sets and changes their password; disabling them refuses their open browser at once", async () => {
    const { page } = b;
    const stamp = Date.now().toString(36);
    const email = `kaarlo.${stamp}@pohjola.example`;
    const first = "revontulet talvi-illassa";
    const second = "lokakuun sade ropisee";

    await enter(page, DEMO.admin, "/admin/users");
    await page.getByLabel("Name").fill(`Kaarlo ${stamp}`);
    await page.getByLabel("E-mail").fill(email);
    await page.getByLabel("Role").selectOption("kam");
    await page.getByRole("button", { name: "Add user and create link" }).click();
    const link = await page.getByTestId("password-link").locator("a").getAttribute("href");
    expect(link).toMatch(/\/set-password\/[A-Za-z0-9_-]{43}$/);

    // The new KAM, in a browser of their own.
    const kamContext = await b.newContext();
    const kam = await kamContext.newPage();
    kam.on("pageerror", (e) => b.errors.push(`KAM page error: ${e.message}`));
    try {
      await open(kam, link!);
      await waitForHeading(kam, "Set your password");
      await kam.getByLabel("New password", { exact: true }).fill("Password2024!");
      await kam.getByLabel("Type the new password again").fill("Password2024!");
      await kam.getByRole("button", { name: "Set password and sign in" }).click();
      await kam.getByText(/too common/).waitFor();
      await kam.getByLabel("New password", { exact: true }).fill(first);
      await kam.getByLabel("Type the new password again").fill(first);
      await kam.getByRole("button", { name: "Set password and sign in" }).click();
      await waitForHeading(kam, "My accounts");

      // They change it, sign out, and sign in with the new one.
      await kam.getByRole("link", { name: "Password" }).click();
      await waitForHeading(kam, "Change your password");
      await kam.getByLabel("Current password").fill(first);
      await kam.getByLabel("New password", { exact: true }).fill(second);
      await kam.getByLabel("Type the new password again").fill(second);
      await kam.getByRole("button", { name: "Change password" }).click();
      await kam.getByTestId("flash").getByText(/Your password has been changed/).waitFor();
      await kam.getByRole("button", { name: "Sign out" }).click();
      await kam.waitForURL("**/login");
      await signIn(kam, email, first);
      await kam.getByText("The e-mail or password is not right.").waitFor();
      await signIn(kam, email, second);
      await waitForHeading(kam, "My accounts");

      // The administrator disables them while their browser is open.
      await open(page, "/admin/users");
      await page.getByTestId("users-table").getByRole("link", { name: `Kaarlo ${stamp}` }).click();
      await waitForHeading(page, `Kaarlo ${stamp}`);
      expect(await page.getByTestId("live-sessions").textContent()).toContain("Open sessions: 1");
      await page.getByRole("button", { name: "Disable user" }).click();
      await page.getByTestId("flash").getByText("The user was disabled and signed out everywhere.").waitFor();

      // Their very next request is refused: back to sign-in, and the password no longer works.
      await kam.getByRole("link", { name: "My work" }).click();
      await kam.waitForURL(/\/login\?redirectTo=%2Fmy-work/);
      await signIn(kam, email, second);
      await kam.getByText("The e-mail or password is not right.").waitFor();
    } finally {
      await kamContext.close();
    }
  });
});
