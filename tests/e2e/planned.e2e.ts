import { describe, expect, it } from "vitest";
import { DEMO, enter, open, setupBrowser, today, waitForHeading } from "./browser.ts";

const b = setupBrowser();

describe("planned touchpoints, in a real browser", () => {
  it("a KAM plans a meeting for today; it is in the inbox, is recorded as a touchpoint from there, and leaves the inbox", async () => {
    const { page } = b;
    const stamp = Date.now().toString(36);
    const accountName = `Plan Pilot ${stamp} Oy`;
    const subject = `Steering group ${stamp}`;

    await enter(page, DEMO.kam);
    await waitForHeading(page, "My accounts");
    await page.getByRole("link", { name: "New account" }).click();
    await waitForHeading(page, "New account");
    await page.getByLabel("Name").fill(accountName);
    await page.getByRole("button", { name: "Create" }).click();
    await waitForHeading(page, accountName);
    const accountUrl = page.url().replace(/[?#].*$/, "");
    await open(page, `${accountUrl}/committee/new`);
    await page.getByLabel("Name").fill("Paula Planner");
    await page.getByRole("button", { name: "Add person" }).click();
    await page.getByTestId("flash").waitFor();

    // Planned from the account's Planned section, for earlier today, with the customer's person.
    await open(page, `${accountUrl}/plans`);
    await waitForHeading(page, "Planned");
    await page.getByLabel("When").fill(`${today}T00:01`);
    await page.getByLabel("Subject").fill(subject);
    await page.getByLabel(/Paula Planner/).check();
    await page.getByRole("button", { name: "Put on the calendar" }).click();
    await page.getByTestId("flash").getByText("Put on the calendar.").waitFor();
    expect(await page.getByTestId("planned").textContent()).toContain(subject);

    // On the timeline it is marked planned, apart from the touchpoints.
    await open(page, `${accountUrl}/timeline`);
    expect(await page.getByTestId("timeline-planned").textContent()).toContain(subject);

    // In the inbox on My work today.
    await open(page, "/my-work");
    await waitForHeading(page, "My work");
    const item = page.locator('[data-kind="planned_touchpoint"]').filter({ hasText: subject });
    expect(await item.count()).toBe(1);
    await item.getByRole("link", { name: "Record how it went" }).click();

    // The log form starts from the plan.
    await page.getByTestId("recording-plan").waitFor();
    expect(await page.getByLabel("Title").inputValue()).toBe(subject);
    expect(await page.getByLabel(/Paula Planner/).isChecked()).toBe(true);
    await page.getByRole("button", { name: "Log touchpoint" }).click();
    await page.getByTestId("flash").getByText("Touchpoint logged.").waitFor();

    // Gone from the inbox; on the timeline as a touchpoint, no longer as planned.
    await open(page, "/my-work");
    await waitForHeading(page, "My work");
    expect(await page.locator('[data-kind="planned_touchpoint"]').filter({ hasText: subject }).count()).toBe(0);
    await open(page, `${accountUrl}/timeline`);
    expect(await page.getByTestId("timeline-planned").count()).toBe(0);
    expect(await page.locator("#timeline").textContent()).toContain(subject);
  });
});
