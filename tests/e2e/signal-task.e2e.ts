import type { Page } from "playwright-core";
import { describe, expect, it } from "vitest";
import { DEMO, enter, open, setupBrowser, waitForHeading } from "./browser.ts";

const b = setupBrowser();

// "Create a task" from a risk signal, in a real browser: the risk inbox renders
// no task form until a signal's link opens one (`?task=`, its loader not asked
// again), Cancel closes it, and the opened form makes the task.

const ownerSelects = (page: Page) => page.locator('select[name="owner_id"]');

/** The single-fetch data requests the page makes (`/risks.data?…`) while `work` runs. */
async function dataRequests(page: Page, work: () => Promise<void>) {
  const urls: URL[] = [];
  const listen = (r: { url: () => string }) => {
    const url = new URL(r.url());
    if (url.pathname.endsWith(".data")) urls.push(url);
  };
  page.on("request", listen);
  try {
    await work();
  } finally {
    page.off("request", listen);
  }
  return urls;
}

describe("a task from a risk signal, in a real browser", () => {
  it("opens the form from a signal on the risk inbox, cancels it, opens it again and creates the task", async () => {
    const { page } = b;
    await enter(page, DEMO.kam, "/risks?ack=no");
    await waitForHeading(page, "Risk inbox");
    expect(await ownerSelects(page).count()).toBe(0);

    const row = page.getByTestId("risk-inbox").locator("[data-signal-id]").first();
    const signalId = (await row.getAttribute("data-signal-id"))!;
    const accountId = (await row.locator("xpath=ancestor::section[@data-account-id]").getAttribute("data-account-id"))!;
    const link = row.getByRole("link", { name: "Create a task: what will I do about it" });
    await row.locator("summary").first().click();

    // Opening it is a client-side navigation that leaves the inbox's own loader alone.
    const opening = await dataRequests(page, async () => {
      await link.click();
      await page.waitForURL((url) => url.searchParams.get("task") === signalId);
      await row.getByTestId("task-form").waitFor();
    });
    expect(opening.length).toBeGreaterThan(0);
    for (const url of opening) expect(url.searchParams.get("_routes") ?? "").not.toContain("routes/_app.risks");
    expect(new URL(page.url()).searchParams.get("ack")).toBe("no");
    expect(new URL(page.url()).hash).toBe(`#task-signal-${signalId}`);
    expect(await ownerSelects(page).count()).toBe(1);

    // Cancel: the same view without `task`, no form.
    await row.getByRole("link", { name: "Cancel", exact: true }).click();
    await page.waitForURL((url) => !url.searchParams.has("task"));
    await expect.poll(() => ownerSelects(page).count()).toBe(0);
    expect(new URL(page.url()).searchParams.get("ack")).toBe("no");

    // Opened again (a full load this time: the server renders it open, and hydration keeps it).
    await open(page, `/risks?ack=no&task=${signalId}`);
    const form = page.locator(`[data-signal-id="${signalId}"]`).getByTestId("task-form");
    await form.waitFor();
    const title = `Call them about it ${Date.now().toString(36)}`;
    await form.getByLabel("What will be done").fill(title);
    const owner = form.getByLabel("Owner");
    const colleague = (await owner.locator("option").nth(1).textContent())!;
    await owner.selectOption({ label: colleague });
    await form.getByRole("button", { name: "Create task" }).click();
    await page.getByTestId("flash").getByText("Task created.").waitFor();
    await page.waitForURL((url) => !url.searchParams.has("task"));
    expect(new URL(page.url()).searchParams.get("ack")).toBe("no");
    await expect.poll(() => ownerSelects(page).count()).toBe(0);

    await open(page, `/accounts/${accountId}/tasks`);
    const task = page.getByText(title, { exact: true });
    await task.waitFor();
    expect(await page.locator("body").textContent()).toContain(colleague);
  });
});
