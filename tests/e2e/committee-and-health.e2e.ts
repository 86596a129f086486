import { describe, expect, it } from "vitest";
import { DEMO, enter, setupBrowser, waitForHeading } from "./browser.ts";

const b = setupBrowser();
const KESTILA = "Kestilä Logistics Oy";

async function openKestila(page: (typeof b)["page"]) {
  await enter(page, DEMO.kam);
  await waitForHeading(page, "My accounts");
  await page.getByTestId("accounts-table").getByRole("link", { name: KESTILA }).click();
  await waitForHeading(page, KESTILA);
}

describe("the buying committee, in a real browser", () => {
  it("adds a person under the decision maker, sets their role, marks them as left, and the timeline records it", async () => {
    const { page } = b;
    await openKestila(page);
    const accountUrl = page.url();
    await page.getByRole("link", { name: "Buying committee" }).first().click();
    await waitForHeading(page, `Buying committee of ${KESTILA}`);
    expect(await page.getByTestId("org-chart").locator("li").count()).toBeGreaterThan(3);

    await page.getByRole("link", { name: "Add a person" }).click();
    await waitForHeading(page, `Add a person to the committee of ${KESTILA}`);
    const name = `Eeva E2E ${Date.now().toString(36)}`;
    await page.getByLabel("Name", { exact: true }).fill(name);
    await page.getByLabel("E-mail").fill("not-an-email");
    await page.getByRole("button", { name: "Add person" }).click();
    // The error sits at its field and what was typed stays.
    await page.getByText("Enter an e-mail address such as name@company.com.").first().waitFor();
    expect(await page.getByLabel("Name", { exact: true }).inputValue()).toBe(name);
    await page.getByLabel("E-mail").fill("eeva.e2e@kestila.example");
    await page.getByLabel("Committee role").selectOption("champion");
    const reportsTo = page.getByLabel("Reports to");
    const firstManager = await reportsTo.locator("option").nth(1).getAttribute("value");
    await reportsTo.selectOption(firstManager!);
    await page.getByRole("button", { name: "Add person" }).click();
    await page.getByTestId("flash").getByText(`${name} is added to the committee.`).waitFor();

    // One click per role: open the row's role buttons and press influencer.
    const row = page.getByTestId("committee-table").locator("tbody tr").filter({ has: page.getByRole("link", { name }) });
    await row.locator("summary").click();
    await row.getByRole("button", { name: /^Influencer/ }).click();
    await page.getByText(`${name}'s role is saved.`).waitFor();
    await page.reload();
    expect(await row.locator("summary").textContent()).toMatch(/^Influencer/);

    // Back to champion, then she leaves: a key person leaving goes on the timeline.
    await row.locator("summary").click();
    await row.getByRole("button", { name: /^Champion/ }).click();
    await page.getByText(`${name}'s role is saved.`).waitFor();
    await page.getByTestId("org-chart").getByRole("link", { name }).first().click();
    await waitForHeading(page, name);
    await page.getByRole("button", { name: "Mark as left" }).click();
    await page.getByTestId("flash").getByText("Marked as left.").waitFor();

    await page.goto(`${accountUrl}/timeline`);
    await waitForHeading(page, `Timeline of ${KESTILA}`);
    const entry = page.getByTestId("timeline").locator('li[data-kind="committee_change"]').first();
    expect(await entry.textContent()).toContain(`${name} (champion) left`);
  });
});

describe("health and risk signals, in a real browser", () => {
  it("explains the health score factor by factor and lets the KAM acknowledge a signal with a note", async () => {
    const { page } = b;
    await openKestila(page);
    const score = await page.getByTestId("health-score").textContent();
    expect(score).toMatch(/\d/);
    expect(await page.getByTestId("health-factors").locator("tbody tr").count()).toBe(8);

    const open = page.locator('[data-testid="signal"][data-acknowledged="false"]');
    // The page lists the most pressing few; the list counts all that are open.
    const openCount = async () => Number(await page.getByTestId("signal-list").getAttribute("data-open"));
    const before = await openCount();
    expect(await open.count()).toBeGreaterThan(0);
    const first = open.first();
    const rule = await first.getAttribute("data-rule");
    // Each signal is a compact row; it expands to say why and to acknowledge it.
    await first.getByTestId("signal-summary").click();
    await first.getByLabel("Note (optional)").fill("Called them; fix planned for next week.");
    await first.getByRole("button", { name: "Acknowledge" }).click();
    await page.getByTestId("flash").getByText("Signal acknowledged.").waitFor();
    const acknowledged = page.locator(`[data-testid="signal"][data-rule="${rule}"][data-acknowledged="true"]`);
    expect(await acknowledged.first().getByTestId("acknowledgement").textContent()).toContain("Called them; fix planned for next week.");
    expect(await openCount()).toBe(before - 1);
  });
});

describe("the director's portfolio, in a real browser", () => {
  it("sorts the portfolio by health, pages it, and opens a signal's evidence from the risk inbox", async () => {
    const { page } = b;
    await enter(page, DEMO.director);
    await waitForHeading(page, "Portfolio");
    await page.getByTestId("portfolio-table").waitFor();
    expect(await page.getByTestId("portfolio-table").locator("tbody tr").count()).toBeGreaterThan(10);

    await page.getByRole("link", { name: "Risks", exact: true }).click();
    await page.getByTestId("risk-inbox").waitFor();
    expect(await page.getByTestId("risk-inbox").locator("[data-signal-id]").count()).toBeGreaterThan(0);
    // Rows are compact: the first opens to show its evidence.
    await page.getByTestId("risk-inbox").locator("summary").first().click();
    const evidence = page.getByTestId("evidence-link").first();
    const href = await evidence.getAttribute("href");
    expect(href).toMatch(/^\/accounts\/[0-9a-f-]{36}/);
    await evidence.click();
    await page.waitForURL((url) => url.pathname === href!.split("?")[0]);
    await page.getByRole("heading", { level: 1 }).waitFor();
  });
});
