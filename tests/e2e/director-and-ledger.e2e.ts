import type { Page } from "playwright-core";
import { describe, expect, it } from "vitest";
import { asCustomer, DEMO, enter, inDays, open, ready, setupBrowser, today, waitForHeading } from "./browser.ts";

const b = setupBrowser();

const KESTILA = "Kestilä Logistics Oy";


const rows = (page: Page) => page.getByTestId("portfolio-table").locator("tbody tr");
const column = (page: Page, n: number) => rows(page).locator(`td:nth-child(${n})`).allTextContents();
const accountIds = async (page: Page) => rows(page).evaluateAll((trs) => trs.map((tr) => tr.getAttribute("data-account-id")!));
/** "€125,000" → 125000; "—" → null. */
const amount = (text: string) => (/\d/.test(text) ? Number(text.replace(/[^\d.]/g, "")) : null);

/**
 * Submits the filter form and waits for the URL of the new view. The URL changes
 * before a client-side navigation has rendered: the caller waits for the rows.
 */
async function show(page: Page, urlPart: RegExp) {
  await page.getByRole("button", { name: "Show", exact: true }).click();
  await page.waitForURL(urlPart);
}

describe("a director's portfolio, in a real browser", () => {
  it("filters by band and KAM, sorts by a column, pages, drills down to an account, and acknowledges a signal in the risk inbox", async () => {
    const { page } = b;
    await enter(page, DEMO.director);
    await waitForHeading(page, "Portfolio");
    const everyone = await accountIds(page);
    expect(everyone.length).toBeGreaterThan(20);

    // Band: the band with the most accounts, so the filter has something to show.
    const counts = await Promise.all(
      (["healthy", "watch", "at_risk"] as const).map(async (band) => {
        const text = await page.getByTestId("portfolio-totals").locator(`[data-band="${band}"] dd`).first().textContent();
        return [band, Number(/\d+/.exec(text ?? "")?.[0] ?? 0)] as const;
      }),
    );
    const [band, inBand] = [...counts].sort((x, y) => y[1] - x[1])[0]!;
    const bandLabel = { healthy: "Healthy", watch: "Watch", at_risk: "At risk" }[band];
    await page.getByLabel("Health band").selectOption(band);
    await show(page, new RegExp(`band=${band}`));
    // The URL changes before a client-side navigation has rendered: wait for the rows, all of the band.
    await expect
      .poll(async () => [await rows(page).count(), (await column(page, 2)).every((cell) => cell.startsWith(bandLabel))])
      .toEqual([Math.min(inBand, 50), true]);

    // KAM (band back to any): only Kalle Kam's accounts.
    await page.getByLabel("Health band").selectOption("");
    await page.getByLabel("KAM", { exact: true }).selectOption({ label: "Kalle Kam" });
    await show(page, /kam=[0-9a-f-]{36}/);
    expect(new URL(page.url()).searchParams.get("band") ?? "").toBe("");
    await expect.poll(async () => [...new Set(await column(page, 9))]).toEqual(["Kalle Kam"]);
    const kams = await column(page, 9);
    expect(kams.length).toBeGreaterThan(1);
    expect(kams.length).toBeLessThan(everyone.length);
    await page.getByRole("link", { name: "Clear filters" }).click();
    await page.waitForURL((url) => !url.searchParams.has("kam"));
    await expect.poll(() => rows(page).count()).toBe(everyone.length);

    // Sort by contract value from its column header: the order changes, and the URL holds it.
    const byHealth = await accountIds(page);
    await page.getByTestId("portfolio-table").getByRole("link", { name: "Contract value" }).click();
    await page.waitForURL(/sort=value&dir=desc/);
    await expect.poll(() => page.getByTestId("portfolio-table").locator('th[aria-sort="descending"]').textContent()).toContain("Contract value");
    const byValue = await accountIds(page);
    expect(byValue).not.toEqual(byHealth);
    const values = (await column(page, 6)).map(amount).filter((v) => v !== null);
    expect(values.length).toBeGreaterThan(10);
    expect(values).toEqual([...values].sort((x, y) => y - x));
    await page.getByTestId("portfolio-table").getByRole("link", { name: "Contract value" }).click();
    await page.waitForURL(/sort=value&dir=asc/);
    await expect.poll(() => page.getByTestId("portfolio-table").locator('th[aria-sort="ascending"]').textContent()).toContain("Contract value");
    const ascending = (await column(page, 6)).map(amount).filter((v) => v !== null);
    expect(ascending).toEqual([...ascending].sort((x, y) => x - y));

    // Pages of ten, in the same order, none repeated.
    await page.getByLabel("Rows per page").selectOption("10");
    await show(page, /size=10/);
    expect(new URL(page.url()).searchParams.get("sort")).toBe("value");
    await expect.poll(() => rows(page).count()).toBe(10);
    const first = await accountIds(page);
    expect(first).toHaveLength(10);
    await page.getByRole("link", { name: "Next page" }).click();
    await page.waitForURL(/cursor=/);
    await expect.poll(async () => (await accountIds(page))[0]).not.toBe(first[0]);
    const url = new URL(page.url());
    expect([url.searchParams.get("sort"), url.searchParams.get("dir"), url.searchParams.get("size")]).toEqual(["value", "asc", "10"]);
    const second = await accountIds(page);
    expect(second).toHaveLength(10);
    expect(second.filter((id) => first.includes(id))).toEqual([]);

    // Drill down from a row.
    const row = rows(page).first();
    const name = (await row.locator("td").first().textContent())!.trim();
    const id = await row.getAttribute("data-account-id");
    await row.getByRole("link", { name, exact: true }).click();
    await waitForHeading(page, name);
    expect(new URL(page.url()).pathname).toBe(`/accounts/${id}`);

    // The risk inbox: acknowledge the first unacknowledged signal with a note; it leaves that list.
    await page.getByRole("link", { name: "Risks", exact: true }).click();
    await waitForHeading(page, "Risk inbox");
    await page.getByLabel("Status").selectOption("no");
    await show(page, /ack=no/);
    await expect.poll(() => page.getByLabel("Status").inputValue()).toBe("no");
    // The filtered list has rendered: no acknowledged signal is left in it.
    await expect.poll(() => page.getByTestId("risk-inbox").locator("[data-signal-id] summary").filter({ hasText: "Acknowledged" }).count()).toBe(0);
    const item = page.getByTestId("risk-inbox").locator("[data-signal-id]").first();
    const signalId = await item.getAttribute("data-signal-id");
    const note = `Spoke with the KAM ${Date.now().toString(36)}`;
    // A compact row: it opens to act.
    await item.locator("summary").first().click();
    await item.getByLabel("Note (optional)").fill(note);
    await item.getByRole("button", { name: "Acknowledge" }).click();
    await page.getByTestId("flash").getByText("Signal acknowledged.").waitFor();
    expect(new URL(page.url()).searchParams.get("ack")).toBe("no");
    expect(await page.locator(`[data-signal-id="${signalId}"]`).count()).toBe(0);
    await open(page, "/risks?ack=yes");
    const done = page.locator(`[data-signal-id="${signalId}"]`);
    expect(await done.textContent()).toContain(note);
    expect(await done.textContent()).toMatch(/Acknowledged by \S+/);
  });
});

/** The customer, in a browser of their own, confirms they were told of the re-plan of `title`. */
async function customerConfirms(title: string) {
  await asCustomer(b, async (portal) => {
    await open(portal, "/portal/commitments");
    await waitForHeading(portal, "Our commitments to you");
    await portal.getByTestId("portal-notice").filter({ hasText: title }).getByRole("button", { name: "Yes, we were told" }).click();
    await portal.getByTestId("flash").waitFor();
  });
}

describe("a KAM's expectation, re-planned and delivered late, in a real browser", () => {
  it("records it, re-plans it with notice, delivers it late, and the account page shows predictability and health move with the reason", async () => {
    const { page } = b;
    await enter(page, DEMO.kam);
    await waitForHeading(page, "My accounts");
    await page.getByTestId("accounts-table").getByRole("link", { name: KESTILA }).click();
    await waitForHeading(page, KESTILA);
    const accountUrl = new URL(page.url()).pathname;
    const panel = page.getByTestId("predictability-panel");
    const sampleOf = async () => Number(/of (\d+) as promised/.exec((await panel.textContent()) ?? "")?.[1] ?? NaN);
    const sampleBefore = await sampleOf();
    const valueBefore = await page.getByTestId("predictability-value").textContent();
    const healthOf = async () => Number(/^[\d.]+/.exec((await page.getByTestId("health-score").textContent())!.trim())![0]);
    const healthBefore = await healthOf();

    // Recorded with a due date ten days ahead, of the highest importance.
    const title = `Warehouse cut-over ${Date.now().toString(36)}`;
    await open(page, `${accountUrl}/expectations/new`);
    await page.getByLabel("What is expected").fill(title);
    await page.getByLabel("Importance").selectOption("3");
    await page.getByLabel("Due date").fill(inDays(10));
    await page.getByRole("button", { name: "Record expectation" }).click();
    await page.getByTestId("flash").getByText("Expectation recorded.").waitFor();
    await page.getByRole("link", { name: title }).first().click();
    await waitForHeading(page, title);

    // Re-planned to four days ago at the customer's request, and they were told six days ago: before the original
    // date, so the promise moves to the new date (the domain's rule for notice given in time).
    await page.getByLabel("New due date").fill(inDays(-4));
    await page.getByLabel("Reason").fill("The customer asked to bring the cut-over forward");
    await page.getByLabel("The customer was told of the new date").check();
    await page.getByLabel("Told on").fill(inDays(-6));
    await page.getByRole("button", { name: "Re-plan" }).click();
    await page.getByTestId("flash").getByText("Due date re-planned.").waitFor();
    // The notice counts once the customer confirms it in the portal (app/domain/notice.ts).
    await customerConfirms(title);
    await page.reload();
    await ready(page);

    // Delivered today: four days after the date the customer was last told.
    await page.getByLabel("What became of it").selectOption("late");
    await page.getByLabel("Delivered on").fill(today);
    await page.getByRole("button", { name: "Record delivery" }).click();
    await page.getByTestId("flash").getByText("Delivery recorded.").waitFor();

    await open(page, accountUrl);
    await waitForHeading(page, KESTILA);
    // One more expectation came due, a surprise of the highest weight: predictability and health both move.
    expect(await sampleOf()).toBe(sampleBefore + 1);
    expect(await page.getByTestId("predictability-value").textContent()).not.toBe(valueBefore);
    expect(await healthOf()).toBeLessThan(healthBefore);
    // The reason: late without notice, four days after the re-planned (announced) date, not the original one.
    const surprise = page.getByTestId("surprises").locator("li", { hasText: title });
    const text = (await surprise.textContent()) ?? "";
    expect(text).toContain("Late without notice");
    expect(text).toContain("4 days late");
  });
});
