import { describe, expect, it } from "vitest";
import { fi } from "#app/i18n/fi.ts";
import { messagesOf } from "#app/i18n/page-messages.ts";
import { db } from "#app/utils/db.server.ts";
import { createUser } from "#tests/factories/index.ts";
import { handle } from "#tests/setup/app-handler.ts";
import { localeCookieFor, request, sessionCookieFor } from "#tests/setup/requests.ts";

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

  it("carries a page's messages once, in a data block; a navigation's data request carries them itself", async () => {
    const user = await createUser(db());
    const cookie = `${await sessionCookieFor(user.id)}; ${await localeCookieFor("fi")}`;
    const html = await (await handle(request("/my-work", { cookie }))).text();
    const blocks = [
      ...html.matchAll(
        /<script id="kohtaamo-messages" type="application\/json" data-ref="(#[\w-]+)" nonce="[^"]+">([^<]*)<\/script>/g,
      ),
    ];
    expect(blocks).toHaveLength(1);
    const [, ref, text] = blocks[0]!;
    const messages = JSON.parse(text!) as Record<string, string>;
    expect(messages["nav.mainLabel"]).toBe(fi["nav.mainLabel"]);
    expect(messagesOf(ref!)).toEqual(messages);
    // The hydration payload names the block and does not carry the messages a second time.
    const payload = html.slice(html.indexOf("streamController.enqueue"));
    expect(payload).toContain(ref);
    expect(payload).not.toContain(fi["nav.mainLabel"]);

    const data = await (await handle(request("/my-work.data", { cookie }))).text();
    expect(data).not.toContain("kohtaamo-messages");
    expect(data).not.toContain(ref);
    expect(data).toContain(fi["nav.mainLabel"]);
  });

  it("translates an error page's thrown key from the document's data block", async () => {
    const user = await createUser(db());
    const cookie = `${await sessionCookieFor(user.id)}; ${await localeCookieFor("fi")}`;
    const res = await handle(request("/accounts/00000000-0000-4000-8000-000000000000", { cookie }));
    expect(res.status).toBe(404);
    const html = await res.text();
    // The root's data names the block; the error boundary read the thrown key's Finnish text through it.
    expect(html).toMatch(/<script id="kohtaamo-messages" type="application\/json" data-ref="#[\w-]+"/);
    expect(html).toMatch(new RegExp(`data-testid="error-message">${fi["error.noAccount"]}<`));
  });

  it("sends a customer refused on a staff page the refusal's words and none of the page's", async () => {
    const customer = await createUser(db(), { role: "customer" });
    const kam = await createUser(db());
    const messagesOn = async (userId: string) => {
      const res = await handle(
        request("/accounts/00000000-0000-4000-8000-000000000000", { cookie: await sessionCookieFor(userId) }),
      );
      const html = await res.text();
      const block = /<script id="kohtaamo-messages" type="application\/json"[^>]*>([^<]*)<\/script>/.exec(html);
      return { status: res.status, html, messages: JSON.parse(block![1]!) as Record<string, string> };
    };
    const refused = await messagesOn(customer.id);
    expect(refused.status).toBe(403);
    expect(refused.html).toMatch(/data-testid="error-message">/);
    expect(refused.messages["error.forbidden"]).toBeDefined();
    const staffWords = (m: Record<string, string>) =>
      Object.keys(m).filter((key) => key.startsWith("healthPanel.") || key.startsWith("signals."));
    expect(staffWords(refused.messages)).toEqual([]);
    // The same page for a KAM carries them (the account is missing, the page's words are sent all the same).
    expect(staffWords((await messagesOn(kam.id)).messages).length).toBeGreaterThan(0);
  });
});
