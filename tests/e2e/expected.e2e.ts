import { describe, expect, it } from "vitest";
import { asCustomer, DEMO, enter, open, setupBrowser, today, waitForHeading } from "./browser.ts";

const b = setupBrowser();

const KESTILA = "Kestilä Logistics Oy";

// Experience against expectation, from the customer (issue 14 item 3): the
// customer rates a delivery "below what I expected" in the portal, and the KAM
// sees it on the account's Experience section.

describe("a delivery rated against what the customer expected, in a real browser", () => {
  it("the customer rates a delivery below what they expected; the KAM sees it with their word", async () => {
    const { page } = b;
    const title = `Route planner go-live ${Date.now().toString(36)}`;
    await enter(page, DEMO.kam, "/accounts");
    await page.getByTestId("accounts-table").getByRole("link", { name: KESTILA }).click();
    await waitForHeading(page, KESTILA);
    const accountUrl = new URL(page.url()).pathname;
    await open(page, `${accountUrl}/expectations/new`);
    await page.getByLabel("What is expected").fill(title);
    await page.getByLabel("Due date").fill(today);
    await page.getByRole("button", { name: "Record expectation" }).click();
    await page.getByTestId("flash").getByText("Expectation recorded.").waitFor();
    await page.getByRole("link", { name: title }).first().click();
    await waitForHeading(page, title);
    await page.getByLabel("What became of it").selectOption("kept");
    await page.getByLabel("Delivered on").fill(today);
    await page.getByRole("button", { name: "Record delivery" }).click();
    await page.getByTestId("flash").getByText("Delivery recorded.").waitFor();

    await asCustomer(b, async (portal) => {
      await open(portal, "/portal/feedback");
      await waitForHeading(portal, "Your feedback");
      const item = portal.getByTestId("expected-item").filter({ hasText: title });
      await item.getByLabel("Below what I expected").check();
      await item.getByLabel("In a word (optional)").fill("Bumpy");
      await item.getByRole("button", { name: "Send", exact: true }).click();
      await portal.getByTestId("flash").getByText(/your account manager sees how it compared/).waitFor();
      expect(await portal.getByTestId("expected-item").filter({ hasText: title }).getByTestId("expected-yours").textContent()).toBe(
        "You said: Below what I expected. “Bumpy”",
      );
    });

    await open(page, `${accountUrl}/experience`);
    const panel = page.getByTestId("expected-panel");
    await panel.waitFor();
    const latest = panel.getByTestId("expected-latest").locator("li").filter({ hasText: title });
    expect(await latest.getAttribute("data-rating")).toBe("below");
    expect(await latest.textContent()).toContain("Bumpy");
    expect(Number(await panel.getByTestId("expected-below").textContent())).toBeGreaterThanOrEqual(1);
  });
});
