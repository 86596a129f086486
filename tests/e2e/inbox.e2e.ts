import { describe, expect, it } from "vitest";
import { DEMO, enter, invitationLinkFromOutbox, open, setupBrowser, today, waitForHeading } from "./browser.ts";

const b = setupBrowser();

describe("the KAM's inbox, in a real browser", () => {
  it("shows a customer's dispute at the top of My work with a count in the header; a task made from it is completed and the item is gone", async () => {
    const { page } = b;
    const stamp = Date.now().toString(36);
    const accountName = `Inbox Pilot ${stamp} Oy`;
    const email = `iida.${stamp}@pilot.example`;

    // The KAM's account, a customer contact and a delivered commitment.
    await enter(page, DEMO.kam);
    await waitForHeading(page, "My accounts");
    await page.getByRole("link", { name: "New account" }).click();
    await waitForHeading(page, "New account");
    await page.getByLabel("Name").fill(accountName);
    await page.getByRole("button", { name: "Create" }).click();
    await waitForHeading(page, accountName);
    const accountUrl = page.url().replace(/[?#].*$/, "");
    await open(page, `${accountUrl}/committee/new`);
    await page.getByLabel("Name").fill("Iida Inbox");
    await page.getByLabel("E-mail").fill(email);
    await page.getByRole("button", { name: "Add person" }).click();
    await page.getByTestId("flash").waitFor();
    await open(page, `${accountUrl}/expectations/new`);
    await page.getByLabel("What is expected").fill("Fleet telemetry rollout");
    await page.getByLabel("Due date").fill(today);
    await page.getByRole("button", { name: "Record expectation" }).click();
    await page.getByTestId("flash").getByText("Expectation recorded.").waitFor();
    await page.getByRole("link", { name: "Fleet telemetry rollout" }).first().click();
    await waitForHeading(page, "Fleet telemetry rollout");
    await page.getByLabel("What became of it").selectOption("kept");
    await page.getByLabel("Delivered on").fill(today);
    await page.getByRole("button", { name: "Record delivery" }).click();
    await page.getByTestId("flash").getByText("Delivery recorded.").waitFor();
    await open(page, `${accountUrl}/portal-access`);
    await page.getByLabel("Stakeholder", { exact: true }).selectOption({ label: `Iida Inbox · ${email}` });
    await page.getByRole("button", { name: "Send invitation" }).click();
    await page.getByTestId("invitation-link").waitFor();
    const link = await invitationLinkFromOutbox(b, email);

    // The customer disputes the delivery in the portal.
    const customer = await b.newContext();
    const portal = await customer.newPage();
    portal.on("pageerror", (e) => b.errors.push(`customer page error: ${e.message}`));
    await open(portal, link);
    await portal.getByLabel("Choose a password").fill("inbox pilot passphrase here");
    await portal.getByLabel("Type it again").fill("inbox pilot passphrase here");
    await portal.getByRole("button", { name: "Set password and sign in" }).click();
    await waitForHeading(portal, accountName);
    await portal.getByRole("link", { name: "Commitments" }).click();
    await waitForHeading(portal, "Our commitments to you");
    const rollout = portal.getByTestId("portal-commitment").filter({ hasText: "Fleet telemetry rollout" });
    await rollout.getByLabel("No, it was not delivered").check();
    await rollout.getByLabel("Comment").fill("No telemetry from a single truck.");
    await rollout.getByRole("button", { name: "Send answer" }).click();
    await portal.getByTestId("flash").getByText(/Your account manager has been told/).waitFor();
    await customer.close();

    // The KAM: the dispute is at the top of My work, and the header counts the inbox.
    await open(page, "/my-work");
    await waitForHeading(page, "My work");
    const badge = page.getByTestId("inbox-badge");
    const before = Number((await badge.textContent())!.replace("+", ""));
    expect(before).toBeGreaterThan(0);
    expect(await badge.getAttribute("aria-label")).toMatch(/in your inbox/);
    const first = page.getByTestId("inbox").locator("li").first();
    expect(await first.getAttribute("data-kind")).toBe("customer_dispute");
    expect(await first.textContent()).toContain("Fleet telemetry rollout");
    expect(await first.textContent()).toContain("No telemetry from a single truck.");

    // A task from it: the item leaves the inbox, the task arrives (due today).
    await first.getByText("Make it a task").click();
    await first.getByLabel("What will be done").fill(`Call Iida about the telemetry ${stamp}`);
    await first.getByLabel("Due date").fill(today);
    await first.getByRole("button", { name: "Create task" }).click();
    await page.getByTestId("flash").getByText("Task created.").waitFor();
    const dispute = page.locator('[data-kind="customer_dispute"]').filter({ hasText: "Fleet telemetry rollout" });
    expect(await dispute.count()).toBe(0);
    const task = page.locator('[data-kind="task_due"]').filter({ hasText: `Call Iida about the telemetry ${stamp}` });
    await task.getByRole("button", { name: "Complete" }).click();
    await page.getByTestId("flash").getByText("Task completed.").waitFor();
    expect(await page.locator('[data-kind="task_due"]').filter({ hasText: stamp }).count()).toBe(0);
    expect(await page.getByTestId("inbox").filter({ hasText: "Fleet telemetry rollout" }).count()).toBe(0);

    // The task is on the account's tasks page, done.
    await open(page, `${accountUrl}/tasks`);
    await waitForHeading(page, "Tasks");
    expect(await page.getByTestId("tasks").textContent()).toContain("Done");
  });
});
