import { describe, expect, it } from "vitest";
import { db } from "#app/utils/db.server.ts";
import { createUser } from "#tests/factories/index.ts";
import { handle } from "#tests/setup/app-handler.ts";
import { request, sessionCookieFor } from "#tests/setup/requests.ts";

// A page that opts out of hydration (handle.hydrate === false, app/root.tsx)
// sends no script at all; its form posts as plain HTML. The others load the app.
describe("scripts a page sends", () => {
  it("sends none with the sign-in page, whose form posts without JavaScript", async () => {
    const res = await handle(request("/login"));
    const html = await res.text();
    expect(html).toMatch(/<form[^>]*method="post"/);
    expect(html).not.toMatch(/<script|modulepreload/);
  });

  it("sends the app's scripts with a working page", async () => {
    const user = await createUser(db());
    const res = await handle(request("/my-work", { cookie: await sessionCookieFor(user.id) }));
    expect(res.status).toBe(200);
    const html = await res.text();
    expect(html).toMatch(/<script[^>]*type="module"/);
    expect(html).toContain("modulepreload");
    // The page is whole without its scripts: their preloads yield to the stylesheet (app/web/script-priority.server.ts).
    expect(html).not.toMatch(/<link rel="modulepreload" href/);
    expect(html).toMatch(/<link rel="modulepreload" fetchpriority="low" href="\/build\//);
  });
});
