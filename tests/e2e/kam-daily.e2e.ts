import { describe, expect, it } from "vitest";
import { DEMO, setupBrowser, signIn } from "./browser.ts";

const b = setupBrowser();

describe("a KAM's daily work, in a real browser", () => {
  it("keeps what was typed when the new-account form has errors, then creates the account", async () => {
    const { page } = b;
    await signIn(page, DEMO.kam);
    await page.waitForURL("**/accounts");
    await page.getByRole("link", { name: "New account" }).click();
    await page.getByLabel("Industry").fill("Shipping");
    await page.getByLabel("Contract value").fill("lots");
    await page.getByRole("button", { name: "Create" }).click();
    // Errors sit at their fields; nothing typed is lost.
    await page.locator("#account-create-name-error").getByText("This field is required.").waitFor();
    expect(await page.getByLabel("Name").getAttribute("aria-invalid")).toBe("true");
    await page.getByText(/Enter a number/).waitFor();
    expect(await page.getByLabel("Industry").inputValue()).toBe("Shipping");
    expect(await page.getByLabel("Contract value").inputValue()).toBe("lots");

    await page.getByLabel("Name").fill("Aalto Freight Oy");
    await page.getByLabel("Contract value").fill("48 500,00");
    await page.getByLabel("Renewal date").fill("2027-09-30");
    await page.getByRole("button", { name: "Create" }).click();
    await page.waitForURL(/\/accounts\/[0-9a-f-]{36}$/);
    expect(await page.getByRole("heading", { level: 1 }).textContent()).toBe("Aalto Freight Oy");
    expect(await page.getByTestId("flash").textContent()).toBe("Account created.");
    expect(await page.getByText("€48,500").count()).toBeGreaterThan(0);
  });

  it("logs every kind of touchpoint and filters the timeline by kind", async () => {
    const { page } = b;
    await signIn(page, DEMO.kam);
    await page.waitForURL("**/accounts");
    await page.getByRole("link", { name: "New account" }).click();
    await page.getByLabel("Name").fill("Kind Tester Oy");
    await page.getByRole("button", { name: "Create" }).click();
    await page.waitForURL(/\/accounts\/[0-9a-f-]{36}$/);
    const accountUrl = page.url();

    const kinds = [
      ["meeting", "Meeting"],
      ["call", "Call"],
      ["email", "E-mail"],
      ["chat", "Chat"],
      ["business_review", "Business review"],
      ["delivery", "Delivery"],
      ["invoice", "Invoice"],
      ["support_case", "Support case"],
      ["training", "Training"],
      ["event", "Event"],
      ["word_of_mouth", "Word of mouth"],
      ["other", "Other"],
    ] as const;
    for (const [kind, label] of kinds) {
      await page.goto(`${accountUrl}/touchpoints/new`);
      await page.getByLabel("Kind").selectOption(kind);
      await page.getByLabel("Title").fill(`${label} logged in the browser`);
      if (kind === "invoice") {
        await page.getByLabel("Invoice number").fill("INV-E2E-1");
        await page.getByLabel("Amount", { exact: true }).fill("1 234,50");
        await page.getByLabel("Due date").fill("2026-12-31");
      }
      if (kind === "support_case") {
        await page.getByLabel("Severity").selectOption("high");
        await page.getByLabel("SLA target (hours from opening)").fill("8");
      }
      await page.getByLabel("Customer sentiment").selectOption("1");
      await page.getByRole("button", { name: "Log touchpoint" }).click();
      await page.waitForURL(accountUrl);
      expect(await page.getByTestId("flash").textContent()).toBe("Touchpoint logged.");
      const entry = page.getByTestId("timeline").locator(`li[data-kind="${kind}"]`);
      expect(await entry.count()).toBe(1);
      expect(await entry.textContent()).toContain(`${label} logged in the browser`);
    }
    const invoice = page.getByTestId("timeline").locator('li[data-kind="invoice"]');
    expect(await invoice.textContent()).toContain("INV-E2E-1");
    expect(await invoice.textContent()).toContain("€1,235");

    await page.getByRole("checkbox", { name: "Invoice", exact: true }).check();
    await page.getByRole("checkbox", { name: "Support case", exact: true }).check();
    await page.getByRole("button", { name: "Apply filters" }).click();
    await page.waitForURL(/kind=invoice/);
    const shown = await page.getByTestId("timeline").locator("li").evaluateAll((els) => els.map((e) => e.getAttribute("data-kind")));
    expect(shown.sort()).toEqual(["invoice", "support_case"]);
    // The filter lives in the URL: reloading keeps it.
    await page.reload();
    expect(await page.getByTestId("timeline").locator("li").count()).toBe(2);
  });

  it("shows the brief and My work", async () => {
    const { page } = b;
    await signIn(page, DEMO.kam);
    await page.waitForURL("**/accounts");
    await page.getByTestId("accounts-table").locator("tbody tr").first().getByRole("link").click();
    await page.getByTestId("account-brief").waitFor();
    expect(await page.getByTestId("account-brief").textContent()).toContain("Last contact by key role");
    await page.getByRole("link", { name: "My work" }).click();
    await page.waitForURL("**/my-work");
    expect(await page.getByTestId("my-accounts").locator("tbody tr").count()).toBeGreaterThan(3);
  });
});
