import type { Page } from "playwright-core";
import { describe, expect, it } from "vitest";
import { asCustomer, DEMO, enter, inDays, open, setupBrowser, today, waitForHeading } from "./browser.ts";

const b = setupBrowser();

const KESTILA = "Kestilä Logistics Oy";

// Notice the customer confirms (app/domain/notice.ts): a KAM's "the customer was
// told" counts in predictability once the customer confirms it in the portal;
// if the customer says they were not told, it stays a surprise and raises a signal.

/**
 * The KAM records an important promise due three days ago, re-plans it with
 * notice given ten days ago to three weeks ahead, and records it kept today.
 * Returns the account's address.
 */
async function keptAfterNoticedReplan(page: Page, title: string): Promise<string> {
  await open(page, "/accounts");
  await page.getByTestId("accounts-table").getByRole("link", { name: KESTILA }).click();
  await waitForHeading(page, KESTILA);
  const accountUrl = new URL(page.url()).pathname;
  await open(page, `${accountUrl}/expectations/new`);
  await page.getByLabel("What is expected").fill(title);
  await page.getByLabel("Importance").selectOption("3");
  await page.getByLabel("Due date").fill(inDays(-3));
  await page.getByRole("button", { name: "Record expectation" }).click();
  await page.getByTestId("flash").getByText("Expectation recorded.").waitFor();

  await open(page, `${accountUrl}/expectations`);
  await page.getByRole("link", { name: title }).first().click();
  await waitForHeading(page, title);
  // The form says whom a notice recorded now reaches: the account's portal users, by mail.
  expect(await page.getByTestId("notice-reach").textContent()).toContain("Kohtaamo mails the notice to the account's");
  await page.getByLabel("New due date").fill(inDays(21));
  await page.getByLabel("Reason").fill("The sensor supplier is late");
  await page.getByLabel("The customer was told of the new date").check();
  await page.getByLabel("Told on").fill(inDays(-10));
  await page.getByRole("button", { name: "Re-plan" }).click();
  await page.getByTestId("flash").getByText("Due date re-planned.").waitFor();
  const history = page.getByTestId("history");
  await expect.poll(async () => (await history.textContent()) ?? "").toContain("Awaiting the customer's answer in the portal");
  expect(await history.textContent()).toContain("Kohtaamo sent the notice to the customer's portal users on");

  await page.getByLabel("What became of it").selectOption("kept");
  await page.getByLabel("Delivered on").fill(today);
  await page.getByRole("button", { name: "Record delivery" }).click();
  // The re-plan's flash may still be on the page: wait for this answer's own.
  await page.getByTestId("flash").getByText("Delivery recorded.").waitFor();
  return accountUrl;
}

/** The surprise listed for `title` on the account page, or null when it is not a surprise. */
async function surpriseText(page: Page, accountUrl: string, title: string): Promise<string | null> {
  await open(page, accountUrl);
  await waitForHeading(page, KESTILA);
  const item = page.getByTestId("surprises").locator("li", { hasText: title });
  return (await item.count()) ? await item.first().textContent() : null;
}

/** The customer, in a browser of their own, answers the notice about `title`. */
async function customerAnswers(title: string, button: "Yes, we were told" | "No, we were not told", note = "") {
  await asCustomer(b, async (portal) => {
    await open(portal, "/portal/commitments");
    await waitForHeading(portal, "Our commitments to you");
    const card = portal.getByTestId("portal-notice").filter({ hasText: title });
    const text = (await card.textContent()) ?? "";
    expect(text).toContain("We told you on");
    expect(text).toContain("Is that right?");
    expect(text).toContain("The sensor supplier is late");
    if (note) await card.getByLabel("Anything to add? (optional)").fill(note);
    await card.getByRole("button", { name: button }).click();
    await portal.getByTestId("flash").waitFor();
  });
}

describe("notice the customer confirms, in a real browser", () => {
  it("counts a re-plan as notified once the customer confirms it in the portal", async () => {
    const { page } = b;
    const title = `Dock sensors ${Date.now().toString(36)}`;
    await enter(page, DEMO.kam);
    await waitForHeading(page, "My accounts");
    const accountUrl = await keptAfterNoticedReplan(page, title);

    // The KAM's word alone: the customer still expects the original date, so the delivery today is late.
    expect(await surpriseText(page, accountUrl, title)).toContain("Late without notice");

    await customerAnswers(title, "Yes, we were told");

    // Confirmed: delivered within the date the customer was told of, predictable.
    expect(await surpriseText(page, accountUrl, title)).toBeNull();
    await open(page, `${accountUrl}/expectations`);
    await page.getByRole("link", { name: title }).first().click();
    await waitForHeading(page, title);
    const history = (await page.getByTestId("history").textContent()) ?? "";
    expect(history).toContain("The account manager says the customer was told on");
    expect(history).toContain("The customer confirmed they were told.");
  });

  it("keeps it a surprise, with a signal, when the customer says they were not told", async () => {
    const { page } = b;
    const title = `Gate scanners ${Date.now().toString(36)}`;
    await enter(page, DEMO.kam);
    await waitForHeading(page, "My accounts");
    const accountUrl = await keptAfterNoticedReplan(page, title);

    await customerAnswers(title, "No, we were not told", "Nobody called us about this.");

    expect(await surpriseText(page, accountUrl, title)).toContain("Late without notice");
    const showAll = page.getByTestId("signals-show-all");
    // The signal may be among the few the page lists first, or only in the whole list.
    if (await showAll.count()) await showAll.click();
    const signal = page.getByTestId("signal-list").getByTestId("signal").filter({ hasText: title });
    expect(await signal.textContent()).toContain("Notice contested");
    expect(await signal.textContent()).toContain("says they were not told");

    await open(page, `${accountUrl}/expectations`);
    await page.getByRole("link", { name: title }).first().click();
    await waitForHeading(page, title);
    const history = (await page.getByTestId("history").textContent()) ?? "";
    expect(history).toContain("The customer says they were not told: this re-plan counts as made without notice.");
    expect(history).toContain("Nobody called us about this.");
  });
});
