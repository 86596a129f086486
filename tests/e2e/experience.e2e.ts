import { describe, expect, it } from "vitest";
import type { Page } from "playwright-core";
import { DEMO, enter, open, setupBrowser, waitForHeading } from "./browser.ts";

const b = setupBrowser();

/** Logs a touchpoint through the form, with how the customer felt treated and whether it was resolved. */
async function logTouchpoint(
  page: Page,
  accountUrl: string,
  t: { kind: "support_case" | "meeting"; title: string; treatment: string; resolved?: "Yes" | "No"; moment?: boolean; surprise?: boolean },
) {
  await open(page, `${accountUrl}/touchpoints/new`);
  await page.getByLabel("Kind").selectOption(t.kind);
  await page.getByLabel("Title").fill(t.title);
  if (t.kind === "support_case") {
    await page.getByLabel("Status").selectOption("resolved");
    await page.getByLabel("SLA target (hours from opening)").fill("8");
  }
  await page.getByRole("group", { name: "How the customer felt treated" }).getByLabel(t.treatment, { exact: true }).check();
  if (t.resolved) await page.getByRole("group", { name: "Was their matter resolved?" }).getByLabel(t.resolved, { exact: true }).check();
  if (t.moment) await page.getByLabel("A moment of truth").check();
  if (t.surprise) await page.getByLabel("A positive surprise").check();
  await page.getByRole("button", { name: "Log touchpoint" }).click();
  await page.getByTestId("flash").getByText("Touchpoint logged.").waitFor();
}

describe("the account's experience, in a real browser", () => {
  it("a KAM logs cases solved but treated badly and a positive surprise: the quadrant, the moments of truth and the signal follow", async () => {
    const { page } = b;
    const stamp = Date.now().toString(36);
    const name = `Experience Pilot ${stamp} Oy`;

    await enter(page, DEMO.kam);
    await waitForHeading(page, "My accounts");
    await page.getByRole("link", { name: "New account" }).click();
    await waitForHeading(page, "New account");
    await page.getByLabel("Name").fill(name);
    await page.getByRole("button", { name: "Create" }).click();
    await waitForHeading(page, name);
    const accountUrl = page.url().replace(/[?#].*$/, "");

    // Before: an empty Experience section.
    await page.getByTestId("account-sections").getByRole("link", { name: "Experience" }).click();
    await waitForHeading(page, `Experience of ${name}`);
    expect(await page.getByTestId("cell-badly_resolved").textContent()).toContain("No touchpoints");
    expect(await page.getByText("No touchpoints in this period.").count()).toBe(1);

    // One case solved but treated badly, and a positive surprise.
    await logTouchpoint(page, accountUrl, { kind: "support_case", title: "Password reset took a week", treatment: "1", resolved: "Yes" });
    await logTouchpoint(page, accountUrl, { kind: "meeting", title: "Brought the routing demo unasked", treatment: "5", surprise: true });
    expect(await page.getByText("Solved but treated badly").count()).toBe(0);

    // A second one, a moment of truth: the signal is raised on the account.
    await logTouchpoint(page, accountUrl, {
      kind: "support_case",
      title: "Invoice portal fixed, curtly",
      treatment: "2",
      resolved: "Yes",
      moment: true,
    });
    expect(page.url()).toBe(accountUrl);
    expect(await page.getByText("Solved but treated badly").count()).toBeGreaterThan(0);

    await open(page, `${accountUrl}/experience`);
    await waitForHeading(page, `Experience of ${name}`);
    const cell = page.getByTestId("cell-badly_resolved");
    expect(await cell.textContent()).toContain("2 touchpoints");
    expect(await page.getByTestId("cell-badly_resolved-nps").textContent()).toContain("Not enough data");
    expect(await page.getByTestId("experience-left-out").textContent()).toContain("1 without a resolution recorded");
    expect(await page.getByTestId("moments-summary").textContent()).toBe(
      "1 moment of truth and 1 positive surprise among 3 touchpoints.",
    );
    const support = page.getByTestId("moments-support_case");
    expect(await support.locator("td").nth(1).textContent()).toBe("1");
    expect(await support.locator("td").nth(3).textContent()).toContain("1 (100%)");

    // The cell's link: the timeline filtered to exactly those two.
    await page.getByTestId("cell-badly_resolved-link").click();
    await waitForHeading(page, `Timeline of ${name}`);
    await page.waitForURL(/quadrant=badly_resolved/);
    const kinds = await page.getByTestId("timeline").locator("li[data-kind]").evaluateAll((els) => els.map((e) => e.getAttribute("data-kind")));
    expect(kinds).toEqual(["support_case", "support_case"]);
    expect(await page.getByLabel("Treatment and resolution").inputValue()).toBe("badly_resolved");

    // The positive surprises filter.
    await open(page, `${accountUrl}/timeline?moment=surprise`);
    const surprises = await page.getByTestId("timeline").locator("li[data-kind]").evaluateAll((els) => els.map((e) => e.getAttribute("data-kind")));
    expect(surprises).toEqual(["meeting"]);
  });
});
