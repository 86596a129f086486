import { describe, expect, it } from "vitest";
import { DEMO, enter, inDays, open, setupBrowser, waitForHeading } from "./browser.ts";

const b = setupBrowser();

const KESTILA = "Kestilä Logistics Oy";


describe("a surprise cannot be re-planned away, in a real browser", () => {
  it("keeps an overdue item a surprise, with its reason, after the KAM re-plans it without telling the customer", async () => {
    const { page } = b;
    await enter(page, DEMO.kam);
    await waitForHeading(page, "My accounts");
    await page.getByTestId("accounts-table").getByRole("link", { name: KESTILA }).click();
    await waitForHeading(page, KESTILA);
    const accountUrl = new URL(page.url()).pathname;

    // An important promise that was due 20 days ago and never delivered.
    const title = `Sensor retrofit ${Date.now().toString(36)}`;
    await open(page, `${accountUrl}/expectations/new`);
    await page.getByLabel("What is expected").fill(title);
    await page.getByLabel("Importance").selectOption("3");
    await page.getByLabel("Due date").fill(inDays(-20));
    await page.getByRole("button", { name: "Record expectation" }).click();
    await page.getByTestId("flash").getByText("Expectation recorded.").waitFor();

    await open(page, accountUrl);
    const panel = page.getByTestId("predictability-panel");
    const surprise = () => page.getByTestId("surprises").locator("li", { hasText: title });
    expect(await surprise().textContent()).toContain("Overdue");
    expect(await surprise().textContent()).toContain("20 days late");
    const valueBefore = await page.getByTestId("predictability-value").textContent();
    const sampleBefore = /(\d+) of (\d+) as promised/.exec((await panel.textContent()) ?? "")?.[0];

    // The KAM moves the date a month ahead, without telling the customer.
    await open(page, accountUrl + "/expectations");
    await page.getByRole("link", { name: title }).first().click();
    await waitForHeading(page, title);
    await page.getByLabel("New due date").fill(inDays(30));
    await page.getByLabel("Reason").fill("Waiting for parts");
    await page.getByRole("button", { name: "Re-plan" }).click();
    await page.getByTestId("flash").getByText("Due date re-planned.").waitFor();
    // The history says why it still counts.
    const history = page.getByTestId("history");
    await expect.poll(async () => (await history.textContent()) ?? "").toContain("The customer was not told");
    expect(await history.textContent()).toContain("stays the promise");

    // The surprise stays, with its reason, the promised date and how late it is; the figure does not improve.
    await open(page, accountUrl);
    await waitForHeading(page, KESTILA);
    const text = (await surprise().textContent()) ?? "";
    expect(text).toContain("Overdue");
    expect(text).toContain("20 days late");
    expect(text).toMatch(/promised/);
    expect(await page.getByTestId("predictability-value").textContent()).toBe(valueBefore);
    expect(/(\d+) of (\d+) as promised/.exec((await panel.textContent()) ?? "")?.[0]).toBe(sampleBefore);
    // And the overdue signal is still raised for it, 20 days overdue.
    const showAll = page.getByTestId("signals-show-all");
    // The signal may be among the few the page lists first, or only in the whole list.
    if (await showAll.count()) await showAll.click();
    const signal = page.getByTestId("signal-list").getByTestId("signal").filter({ hasText: title });
    expect(await signal.textContent()).toContain("Expectation overdue");
    expect(await signal.textContent()).toContain("20 days overdue");
  });
});
