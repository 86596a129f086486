import { describe, expect, it } from "vitest";
import { DEMO, enter, setupBrowser, waitForHeading } from "./browser.ts";

const b = setupBrowser();

describe("personal API tokens in a real browser", () => {
  it("a KAM creates a token shown once, reads their own accounts with it, and revokes it", async () => {
    const { page, baseUrl } = b;
    await enter(page, DEMO.kam);
    await waitForHeading(page, "My accounts");
    await page.getByRole("link", { name: "API tokens" }).click();
    await waitForHeading(page, "Your API tokens");
    const name = `Sheet ${Date.now().toString(36)}`;
    await page.getByLabel("Name").fill(name);
    await page.getByLabel("Access").selectOption("read");
    await page.getByRole("button", { name: "Create token" }).click();
    const token = (await page.getByTestId("new-token").textContent())!.trim();
    expect(token).toMatch(/^kt_/);
    await page.screenshot({ path: "/tmp/kohtaamo-personal-token.png", fullPage: true });

    const accounts = await fetch(`${baseUrl}/api/v1/accounts?limit=200`, { headers: { Authorization: `Bearer ${token}` } });
    expect(accounts.status).toBe(200);
    const body = (await accounts.json()) as { data: { owner_email: string }[] };
    expect(body.data.length).toBeGreaterThan(0);
    // The KAM's own accounts, and no colleague's.
    expect(new Set(body.data.map((a) => a.owner_email))).toEqual(new Set([DEMO.kam]));

    // Shown once: the page does not show it again.
    await page.reload();
    await waitForHeading(page, "Your API tokens");
    expect(await page.content()).not.toContain(token);
    const row = page.getByTestId("token-list").locator("tr", { hasText: name });
    await row.getByRole("button", { name: "Revoke" }).click();
    await expect.poll(() => row.textContent()).toMatch(/Revoked/);
    const after = await fetch(`${baseUrl}/api/v1/accounts`, { headers: { Authorization: `Bearer ${token}` } });
    expect(after.status).toBe(401);
  });
});
