import { describe, expect, it } from "vitest";
import { db } from "#app/utils/db.server.ts";
import { createUser } from "#tests/factories/index.ts";
import { handle } from "#tests/setup/app-handler.ts";
import { request, sessionCookieFor } from "#tests/setup/requests.ts";

// Pages that opt out of hydration (handle.hydrate === false, app/root.tsx) send
// no script at all; their forms post as plain HTML. The others load the app.
describe("scripts a page sends", () => {
  it("sends none with the sign-in page and the password links, whose forms post without JavaScript", async () => {
    for (const path of ["/login", "/set-password/not-a-real-token", "/portal/invite/not-a-real-token"]) {
      const res = await handle(request(path));
      const html = await res.text();
      expect(html, path).toContain("<form");
      expect(html, path).not.toMatch(/<script|modulepreload/);
    }
    const login = await (await handle(request("/login"))).text();
    expect(login).toMatch(/<form[^>]*method="post"/);
  });

  it("sends the change-password page none either, signed in", async () => {
    const user = await createUser(db());
    const html = await (await handle(request("/password", { cookie: await sessionCookieFor(user.id) }))).text();
    expect(html).toContain("<form");
    expect(html).not.toMatch(/<script|modulepreload/);
  });

  it("sends the app's scripts with a working page", async () => {
    const user = await createUser(db());
    const res = await handle(request("/my-work", { cookie: await sessionCookieFor(user.id) }));
    expect(res.status).toBe(200);
    const html = await res.text();
    expect(html).toMatch(/<script[^>]*type="module"/);
    expect(html).toContain("modulepreload");
  });
});
