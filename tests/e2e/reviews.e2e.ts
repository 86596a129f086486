import type { Page } from "playwright-core";
import { describe, expect, it } from "vitest";
import { asCustomer, DEMO, enter, inDays, open, setupBrowser, waitForHeading } from "./browser.ts";
import { pdfText, squeeze } from "./pdf-text.ts";

const b = setupBrowser();

const KESTILA = "Kestilä Logistics Oy";

// A business review from preparation to the ledger (issue 15), and its paper
// form: the print stylesheet, the print view without JavaScript, and a PDF
// from Chromium with the review's own words on it, in both languages.

/** The KAM creates a review of the last quarter on the demo account; returns its address. */
async function createReview(page: Page, title: string): Promise<string> {
  await open(page, "/accounts");
  await page.getByTestId("accounts-table").getByRole("link", { name: KESTILA }).click();
  await waitForHeading(page, KESTILA);
  await page.getByRole("link", { name: "Reviews", exact: true }).first().click();
  await waitForHeading(page, "Reviews");
  await page.getByLabel("Title").fill(title);
  await page.getByLabel("Period starts").fill(inDays(-90));
  await page.getByLabel("Period ends").fill(inDays(0));
  await page.getByRole("button", { name: "Create the review" }).click();
  await waitForHeading(page, title);
  return new URL(page.url()).pathname;
}

describe("a business review, in a real browser", () => {
  it("the KAM prepares and publishes it; the customer comments and adds two expectations; the meeting puts them in the ledger", async () => {
    const { page } = b;
    const stamp = Date.now().toString(36);
    const title = `Q review ${stamp}`;
    await enter(page, DEMO.kam);
    const reviewUrl = await createReview(page, title);
    const accountUrl = reviewUrl.replace(/\/reviews\/.*$/, "");

    // The KAM's words and a proposed commitment, then publish: the figures freeze.
    await page.getByText("Edit title, summary and highlights").click();
    await page.getByRole("textbox", { name: "Summary" }).fill(`A steady quarter ${stamp}`);
    await page.getByRole("button", { name: "Save", exact: true }).click();
    await page.getByTestId("flash").getByText("Review saved.").waitFor();
    await page.getByLabel("What we commit to").fill(`Monthly status call ${stamp}`);
    await page.getByLabel("Due", { exact: true }).fill(inDays(60));
    await page.getByRole("button", { name: "Propose", exact: true }).click();
    await page.getByTestId("flash").getByText("Commitment proposed.").waitFor();
    await page.getByTestId("review-publish").click();
    await page.getByTestId("flash").getByText("Review published: its figures are frozen.").waitFor();
    expect(await page.getByTestId("review-state").textContent()).toBe("Published");

    // The customer reads it in the portal, comments on predictability and adds two expectations.
    const expected = [`Named backup contact ${stamp}`, `Invoice fixes within a week ${stamp}`];
    await asCustomer(b, async (portal) => {
      await open(portal, "/portal/reviews");
      await portal.getByRole("link", { name: title }).click();
      await waitForHeading(portal, title);
      await portal.getByText(`A steady quarter ${stamp}`).waitFor();
      const predictability = portal.getByTestId("pack-predictability");
      await predictability.getByText("Comment on this").click();
      await predictability.getByLabel("Comment").fill(`The late one hurt us ${stamp}`);
      await predictability.getByRole("button", { name: "Send comment" }).click();
      await portal.getByTestId("flash").getByText("Thank you, your comment was sent to your account manager.").waitFor();
      for (const [i, what] of expected.entries()) {
        const form = portal.getByTestId("portal-addExpectation");
        await form.getByLabel("What you expect from us").fill(what);
        await form.getByLabel("By when (optional)").fill(inDays(40 + i));
        await form.getByRole("button", { name: "Add the expectation" }).click();
        await portal.getByTestId("flash").getByText("Your expectation was added to the review.").waitFor();
        await portal.getByTestId("portal-item-customer_expectation").filter({ hasText: what }).waitFor();
      }
    });

    // The KAM sees the comment on the review page, beside its section.
    await open(page, reviewUrl);
    await waitForHeading(page, title);
    const comment = page.getByTestId("pack-predictability").getByTestId("pack-comment");
    expect(await comment.textContent()).toContain(`The late one hurt us ${stamp}`);
    expect(await comment.textContent()).toContain("customer");
    const item = page.getByTestId("review-item-customer_expectation").filter({ hasText: expected[0]! });
    const holder = /· ([^·]+?)\s*$/.exec((await item.locator("p").nth(1).textContent()) ?? "")?.[1]?.trim();
    expect(holder).toBeTruthy();

    // Recording the meeting: a business-review touchpoint, and the two expectations in the ledger, held by the customer.
    const record = page.getByTestId("review-record");
    await record.getByLabel("What was said and agreed").fill("Went through the pack together.");
    await record.getByLabel(holder!, { exact: true }).check();
    for (const what of expected) await record.getByLabel(`Agreed: ${what}`).check();
    await record.getByTestId("review-record-submit").click();
    await page.getByTestId("flash").getByText("Meeting recorded. 2 expectations entered the ledger.").waitFor();
    expect(await page.getByTestId("review-state").textContent()).toBe("Meeting held");

    await page.getByRole("link", { name: "The meeting on the timeline" }).click();
    await waitForHeading(page, "Edit touchpoint");
    expect(await page.locator('input[name="title"]').inputValue()).toBe(title);
    expect(await page.locator('select[name="kind"]').inputValue()).toBe("business_review");

    await open(page, `${accountUrl}/expectations`);
    for (const what of expected) {
      const row = page.getByTestId("ledger-row").filter({ hasText: what });
      await row.waitFor();
      expect(await row.textContent()).toContain(holder!);
    }
    // The proposal nobody agreed to stays out of the ledger.
    expect(await page.getByTestId("ledger-row").filter({ hasText: `Monthly status call ${stamp}` }).count()).toBe(0);
  });

  it("prints the pack without the page's navigation and forms, and Chromium saves it as a PDF with its words, in both languages", async () => {
    const { page } = b;
    const title = `Print review ${Date.now().toString(36)}`;
    await enter(page, DEMO.kam);
    const reviewUrl = await createReview(page, title);
    await page.getByTestId("review-publish").click();
    await page.getByTestId("flash").getByText("Review published: its figures are frozen.").waitFor();

    // On the screen: the header, the account's tabs and the comment forms are there.
    await expect.poll(() => page.locator("header").isVisible()).toBe(true);
    expect(await page.getByRole("button", { name: "Record the meeting" }).isVisible()).toBe(true);

    await page.emulateMedia({ media: "print" });
    expect(await page.locator("header").isVisible()).toBe(false);
    expect(await page.getByRole("navigation").first().isVisible()).toBe(false);
    expect(await page.getByTestId("print-button").isVisible()).toBe(false);
    expect(await page.getByText("Comment on this").first().isVisible()).toBe(false);
    expect(await page.getByRole("button").filter({ visible: true }).count()).toBe(0);
    expect(await page.getByTestId("review-title").isVisible()).toBe(true);
    expect(await page.getByTestId("pack-commitments").isVisible()).toBe(true);
    expect(await page.getByTestId("pack-predictability").locator("svg").first().isVisible()).toBe(true);
    // The pack begins on a page of its own; no section breaks across pages.
    expect(await page.getByTestId("review-pack").evaluate((e) => getComputedStyle(e).breakBefore)).toBe("page");
    expect(await page.getByTestId("pack-commitments").evaluate((e) => getComputedStyle(e).breakInside)).toBe("avoid");

    const pdf = await page.pdf({ format: "A4", printBackground: false });
    expect(pdf.subarray(0, 5).toString("latin1")).toBe("%PDF-");
    const text = squeeze(pdfText(pdf));
    expect(text).toContain(squeeze(title));
    expect(text).toContain(squeeze("Commitments in the period"));
    // The chart is drawn as vector text and lines (SVG), its axis on the paper.
    expect(text).toContain("0%20%40%60%80%100%");
    expect(text).not.toContain(squeeze("Record the meeting"));
    expect(text).not.toContain(squeeze("My accounts"));

    // In Finnish: the customer's own copy, from the portal.
    await asCustomer(
      b,
      async (portal) => {
        await open(portal, "/portal/reviews");
        await portal.getByRole("link", { name: title }).click();
        await waitForHeading(portal, title);
        await portal.emulateMedia({ media: "print" });
        expect(await portal.locator("header").isVisible()).toBe(false);
        expect(await portal.getByRole("navigation").first().isVisible()).toBe(false);
        const finnish = squeeze(pdfText(await portal.pdf({ format: "A4" })));
        expect(finnish).toContain(squeeze(title));
        expect(finnish).toContain(squeeze("Jakson sitoumukset"));
        expect(finnish).toContain(squeeze("Ennustettavuus"));
        expect(finnish).not.toContain(squeeze("Odotuksenne seuraavalle jaksolle"));
      },
      { locale: "fi-FI" },
    );

    // Without JavaScript the print button is a link to the print view: the same review, no forms.
    const noScript = await b.newContext({ javaScriptEnabled: false });
    try {
      const plain = await noScript.newPage();
      await enter(plain, DEMO.kam, reviewUrl);
      await plain.getByTestId("print-button").click();
      await plain.getByTestId("print-view-bar").waitFor();
      expect(new URL(plain.url()).search).toBe("?print");
      expect(await plain.getByTestId("review-page").locator("form").count()).toBe(0);
      expect(await plain.getByTestId("review-title").textContent()).toBe(title);
      expect(await plain.getByTestId("pack-commitments").isVisible()).toBe(true);
    } finally {
      await noScript.close();
    }
  });
});
