import type { Page } from "playwright-core";
import { describe, expect, it } from "vitest";
import { DEMO, enter, inDays, invitationLinkFromOutbox, open, setupBrowser, today, waitForHeading } from "./browser.ts";

const b = setupBrowser();



async function recordDeliveredExpectation(page: Page, accountUrl: string, title: string) {
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
  await page.getByTestId("flash").waitFor();
}

describe("the customer portal, in a real browser", () => {
  it("takes a customer from an invitation through confirm, dispute, a new expectation and NPS; the KAM sees all of it", async () => {
    const { page } = b;
    const stamp = Date.now().toString(36);
    const accountName = `Portal Pilot ${stamp} Oy`;
    const email = `paula.${stamp}@pilot.example`;

    // The KAM sets up an account with a stakeholder and two delivered commitments.
    await enter(page, DEMO.kam);
    await waitForHeading(page, "My accounts");
    await page.getByRole("link", { name: "New account" }).click();
    await waitForHeading(page, "New account");
    await page.getByLabel("Name").fill(accountName);
    await page.getByRole("button", { name: "Create" }).click();
    await waitForHeading(page, accountName);
    const accountUrl = page.url().replace(/[?#].*$/, "");
    await open(page, `${accountUrl}/committee/new`);
    await page.getByLabel("Name").fill("Paula Pilot");
    await page.getByLabel("E-mail").fill(email);
    await page.getByRole("button", { name: "Add person" }).click();
    await page.getByTestId("flash").waitFor();
    await recordDeliveredExpectation(page, accountUrl, "Route planner go-live");
    await recordDeliveredExpectation(page, accountUrl, "Driver training");

    // The invitation goes to the person alone: the KAM, judged by what the customer answers, never
    // sees its link. With no mail server it waits in the outbox, where an administrator passes it on.
    await open(page, accountUrl);
    await page.getByRole("link", { name: "Portal access" }).click();
    await waitForHeading(page, `Portal access · ${accountName}`);
    await page.getByLabel("Stakeholder", { exact: true }).selectOption({ label: `Paula Pilot · ${email}` });
    await page.getByRole("button", { name: "Send invitation" }).click();
    const sent = page.getByTestId("invitation-link");
    await sent.getByText(`an administrator can pass it on to ${email}`).waitFor();
    expect(await page.content()).not.toContain("/portal/invite/");
    const link = await invitationLinkFromOutbox(b, email);
    expect(link).toMatch(/^\/portal\/invite\/[A-Za-z0-9_-]{40,}$/);

    // The customer, in a browser of their own.
    const customer = await b.newContext();
    const portal = await customer.newPage();
    portal.on("pageerror", (e) => b.errors.push(`customer page error: ${e.message}`));
    await open(portal, link);
    await waitForHeading(portal, "Set up your portal access");
    await portal.getByLabel("Choose a password").fill("short");
    await portal.getByLabel("Type it again").fill("short");
    await portal.getByRole("button", { name: "Set password and sign in" }).click();
    await portal.getByText("Use at least 12 characters.").first().waitFor();
    await portal.getByLabel("Choose a password").fill("pilot passphrase for the portal");
    await portal.getByLabel("Type it again").fill("pilot passphrase for the portal");
    await portal.getByRole("button", { name: "Set password and sign in" }).click();
    await waitForHeading(portal, accountName);
    expect(await portal.getByTestId("portal-awaiting").textContent()).toContain("2 deliveries are waiting");

    await portal.getByRole("link", { name: "Commitments" }).click();
    await waitForHeading(portal, "Our commitments to you");
    const golive = portal.getByTestId("portal-commitment").filter({ hasText: "Route planner go-live" });
    await golive.getByLabel("Yes, as promised").check();
    await golive.getByRole("button", { name: "Send answer" }).click();
    await portal.getByTestId("flash").getByText("Thank you for confirming.").waitFor();
    const training = portal.getByTestId("portal-commitment").filter({ hasText: "Driver training" });
    await training.getByLabel("No, it was not delivered").check();
    await training.getByRole("button", { name: "Send answer" }).click();
    await training.getByText("Tell us what is missing.").waitFor();
    await training.getByLabel("Comment").fill("Half of our drivers never got the training.");
    await training.getByRole("button", { name: "Send answer" }).click();
    await portal.getByTestId("flash").getByText(/Your account manager has been told/).waitFor();

    await portal.getByRole("link", { name: "Tell us what you expect" }).click();
    await waitForHeading(portal, "Tell us what you expect");
    await portal.getByLabel("What do you expect?").fill("Monthly delivery report");
    await portal.getByLabel("By when?").fill(inDays(30));
    await portal.getByRole("button", { name: "Send to your account manager" }).click();
    await portal.getByTestId("flash").getByText(/take it from here/).waitFor();

    await portal.getByRole("link", { name: "Feedback" }).click();
    await waitForHeading(portal, "Your feedback");
    await portal.getByRole("group", { name: /How likely are you to recommend/ }).getByLabel("3", { exact: true }).check();
    await portal.getByLabel("What is the most important reason for your score?").fill("Training was a mess.");
    await portal.getByRole("region", { name: "Would you recommend us?" }).getByRole("button", { name: "Send", exact: true }).click();
    await portal.getByTestId("flash").getByText("Thank you for your answer.").waitFor();
    await portal.getByTestId("nps-answered").waitFor();

    await customer.close();

    // The KAM sees the dispute as a signal, the proposal to accept, and the NPS.
    await open(page, accountUrl);
    await waitForHeading(page, accountName);
    expect(await page.getByTestId("signal-list").textContent()).toContain("Delivery disputed");
    expect(await page.getByTestId("relationship-nps").textContent()).toMatch(/[-−]100/);
    await open(page, `${accountUrl}/expectations`);
    await page.getByText("Monthly delivery report").first().waitFor();
    await page.getByRole("button", { name: "Accept" }).first().click();
    await page.getByTestId("flash").getByText("Expectation accepted: it is now open.").waitFor();
  });
});
