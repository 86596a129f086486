import { describe, expect, it } from "vitest";
import { DEMO, enter, open, setupBrowser, waitForHeading } from "./browser.ts";

const b = setupBrowser();

describe("a KAM's daily work, in a real browser", () => {
  it("keeps what was typed when the new-account form has errors, then creates the account", async () => {
    const { page } = b;
    await enter(page, DEMO.kam);
    await waitForHeading(page, "My accounts");
    await page.getByRole("link", { name: "New account" }).click();
    await waitForHeading(page, "New account");
    await page.getByLabel("Industry").fill("Shipping");
    await page.getByLabel("Contract value").fill("lots");
    await page.getByRole("button", { name: "Create" }).click();
    // Errors sit at their fields; nothing typed is lost.
    await page.locator("#account-create-name-error").getByText("This field is required.").waitFor();
    expect(await page.getByLabel("Name").getAttribute("aria-invalid")).toBe("true");
    await page.getByText(/Enter a number/).waitFor();
    expect(await page.getByLabel("Industry").inputValue()).toBe("Shipping");
    expect(await page.getByLabel("Contract value").inputValue()).toBe("lots");

    const name = `Aalto Freight ${Date.now().toString(36)} Oy`;
    await page.getByLabel("Name").fill(name);
    await page.getByLabel("Contract value").fill("48 500,00");
    await page.getByLabel("Renewal date").fill("2027-09-30");
    await page.getByRole("button", { name: "Create" }).click();
    await waitForHeading(page, name);
    expect(await page.getByTestId("flash").textContent()).toBe("Account created.");
    expect(await page.getByText("€48,500").count()).toBeGreaterThan(0);
  });

  it("logs every kind of touchpoint and filters the timeline by kind", async () => {
    const { page } = b;
    await enter(page, DEMO.kam);
    await waitForHeading(page, "My accounts");
    await page.getByRole("link", { name: "New account" }).click();
    await waitForHeading(page, "New account");
    // A fresh name each run: account names are unique and E2E_BASE_URL may point at a kept server.
    const name = `Kind Tester ${Date.now().toString(36)} Oy`;
    await page.getByLabel("Name").fill(name);
    await page.getByRole("button", { name: "Create" }).click();
    await waitForHeading(page, name);
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
      ["reference_given", "Reference given"],
      ["referral_given", "Referral given"],
      ["word_of_mouth", "Word of mouth"],
      ["other", "Other"],
    ] as const;
    for (const [kind, label] of kinds) {
      await open(page, `${accountUrl}/touchpoints/new`);
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
      if (kind === "reference_given" || kind === "referral_given" || kind === "word_of_mouth") {
        await page.getByRole("group", { name: "Positive or negative" }).getByLabel("Positive").check();
        await page.getByLabel("Source", { exact: true }).fill("Vaara Metals Oy");
      }
      await page.getByRole("group", { name: "Customer sentiment" }).getByLabel("+1").check();
      await page.getByRole("button", { name: "Log touchpoint" }).click();
      await page.getByTestId("flash").getByText("Touchpoint logged.").waitFor();
      expect(page.url()).toBe(accountUrl);
      const entry = page.getByTestId("timeline").locator(`li[data-kind="${kind}"]`);
      expect(await entry.count()).toBe(1);
      expect(await entry.textContent()).toContain(`${label} logged in the browser`);
    }
    // The overview shows the latest few; the timeline section has them all, with its filters.
    await page.getByTestId("account-sections").getByRole("link", { name: "Timeline" }).click();
    await waitForHeading(page, `Timeline of ${name}`);
    expect(await page.getByTestId("timeline").locator("li[data-kind]").count()).toBe(kinds.length);
    const invoice = page.getByTestId("timeline").locator('li[data-kind="invoice"]');
    expect(await invoice.textContent()).toContain("INV-E2E-1");
    expect(await invoice.textContent()).toContain("€1,234.50");

    await page.getByRole("checkbox", { name: "Invoice", exact: true }).check();
    await page.getByRole("checkbox", { name: "Support case", exact: true }).check();
    await page.getByRole("button", { name: "Apply filters" }).click();
    await page.waitForURL(/kind=invoice/);
    await page.waitForFunction(() => document.querySelectorAll('[data-testid="timeline"] li').length === 2);
    const shown = await page
      .getByTestId("timeline")
      .locator("li")
      .evaluateAll((els) => els.map((e) => e.getAttribute("data-kind")));
    expect(shown.sort()).toEqual(["invoice", "support_case"]);
    // The filter lives in the URL: reloading keeps it.
    await page.reload();
    expect(await page.getByTestId("timeline").locator("li").count()).toBe(2);
  });

  it("shows the brief and My work", async () => {
    const { page } = b;
    await enter(page, DEMO.kam);
    await waitForHeading(page, "My accounts");
    await page.getByTestId("accounts-table").locator("tbody tr").first().getByRole("link").click();
    await page.getByTestId("account-brief").waitFor();
    expect(await page.getByTestId("account-brief").textContent()).toContain("Last contact by key role");
    await page.getByRole("link", { name: "My work" }).click();
    await page.getByTestId("my-accounts").waitFor();
    expect(await page.getByTestId("my-accounts").locator("tbody tr").count()).toBeGreaterThan(3);
  });

  it("reads a page's messages from its document, and the next page's from the navigation", async () => {
    const { page } = b;
    await enter(page, DEMO.kam);
    await waitForHeading(page, "My accounts");
    // The document carries the messages once, in a data block the root's data names (app/i18n/page-messages.ts).
    const sent = await page.evaluate(() => ({
      block: document.getElementById("kohtaamo-messages")?.dataset.ref,
      root: (window as unknown as { __remixContext: { state: { loaderData: { root: { messages: string } } } } })
        .__remixContext.state.loaderData.root.messages,
    }));
    expect(sent.block).toMatch(/^#[\w-]{16}$/);
    expect(sent.root).toBe(sent.block);
    // A client-side navigation to a page with other messages brings them with its data, translated.
    await page.getByRole("link", { name: "New account" }).click();
    await waitForHeading(page, "New account");
    expect(await page.getByLabel("Contract value").count()).toBe(1);
    expect(await page.getByText(/^account\.|^accountForm\./).count()).toBe(0);
  });
});
