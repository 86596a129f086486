import fs from "node:fs";
import type { ServerBuild } from "@remix-run/node";
import { describe, expect, it } from "vitest";
import { en } from "#app/i18n/en.ts";
import { onMissingMessage } from "#app/i18n/format.ts";
import { fi } from "#app/i18n/fi.ts";
import { messagesBlockText, messagesOf, pageFormatters, type MessageSelector } from "#app/i18n/page-messages.ts";
import {
  dataBlockText,
  pageLoadContext,
  routesMessages,
  sentMessages,
  warnOfMissingMessages,
  withPageMessages,
} from "#app/web/page-messages.server.ts";
import { ROUTE_MESSAGES_FILE, routeMessages } from "#scripts/route-messages.ts";

// A page is sent the messages its routes can show, in the visitor's language:
// what the source scan (scripts/message-usage.ts) finds each route's file and
// what it imports using, and no others. A key the scan missed would show bare,
// and every unit and integration test fails on one (tests/setup/setup-test-env.ts).

const ALL = Object.keys(en);

describe("messages per page", () => {
  it("each route sends what the source says its page can show (app/web/route-messages.json is current)", () => {
    const file = JSON.parse(fs.readFileSync(ROUTE_MESSAGES_FILE, "utf8")) as Record<string, string[]>;
    expect(file, "run `npm run messages:routes` and commit app/web/route-messages.json").toEqual(routeMessages());
    // A page's messages are the union of its routes': each route lists only what the routes above it do not.
    expect(file["routes/_app"]).not.toContain("nav.mainLabel");
    expect(file.root).toContain("nav.mainLabel");
  });

  it("while developing, a key the page was not sent is named once, with the command that writes the file", () => {
    const said: string[] = [];
    const f = pageFormatters({ locale: "en", messages: sentMessages("en", ["nav."]).json });
    onMissingMessage(warnOfMissingMessages((text) => said.push(text)));
    f.t("healthPanel.title");
    f.t("healthPanel.title");
    f.t("nav.mainLabel");
    onMissingMessage(undefined);
    expect(said).toEqual([
      'The page was not sent the message "healthPanel.title": run `npm run messages:routes` (scripts/route-messages.ts).',
    ]);
  });

  it("a page is sent the keys its routes use and no others", () => {
    const page = routesMessages(["root", "routes/_app", "routes/_app.risks"]);
    expect(page).toBe(routesMessages(["root", "routes/_app", "routes/_app.risks"]));
    const sent = Object.keys(sentMessages("en", page).messages);
    expect(sent).toContain("title.risks");
    expect(sent).toContain("nav.mainLabel");
    // The risk inbox shows no import screen's words, nor the portal's.
    expect(sent.filter((key) => key.startsWith("import.") || key.startsWith("portalHome."))).toEqual([]);
    // Exactly the three routes' keys as the committed file lists them: nothing picked by a prefix, nothing added.
    const file = JSON.parse(fs.readFileSync(ROUTE_MESSAGES_FILE, "utf8")) as Record<string, string[]>;
    const listed = new Set([...file.root!, ...file["routes/_app"]!, ...file["routes/_app.risks"]!]);
    expect(sent.sort()).toEqual([...listed].sort());
  });

  it("sends a customer's portal pages only the portal's vocabulary", () => {
    // What a customer may read, written out by hand: a shared component that drags in
    // another vocabulary fails here, to be looked at (and, if meant, added here).
    const CUSTOMER_VOCABULARY = new Set(
      [
        "app committeeChange committeeRole error expCategory expOutcome expectation inbox invoice kind landmark locale",
        "mailPrefs nav npsAgain paging password portal portalCommitments portalExpected portalFeedback portalHome",
        "portalInvite portalNav portalNotices portalPropose portalReview portalTouchpoint resolved review role severity",
        "support supportStatus timeline title touchpoint touchpointForm validation",
      ]
        .join(" ")
        .split(" "),
    );
    const file = JSON.parse(fs.readFileSync(ROUTE_MESSAGES_FILE, "utf8")) as Record<string, string[]>;
    const portalPages = Object.keys(file).filter((id) => id.startsWith("routes/portal"));
    expect(portalPages).toContain("routes/portal._index");
    for (const id of portalPages) {
      const routes = ["root", ...(id.startsWith("routes/portal.") ? ["routes/portal"] : []), id];
      const sent = Object.keys(sentMessages("en", routesMessages(routes), { customer: true }).messages);
      expect(
        sent.filter((key) => !CUSTOMER_VOCABULARY.has(key.split(".")[0]!)),
        id,
      ).toEqual([]);
    }
  });

  it("sends only the visitor's language and only the messages selected", () => {
    const selectors: MessageSelector[] = ["nav.", "app.name"];
    const sent = sentMessages("fi", selectors).messages;
    const expected = ALL.filter((key) => key === "app.name" || key.startsWith("nav."));
    expect(Object.keys(sent).sort()).toEqual(expected.sort());
    for (const key of expected) expect(sent[key]).toBe((fi as Record<string, string>)[key]);
    expect(sentMessages("en", selectors).messages["nav.mainLabel"]).toBe(en["nav.mainLabel"]);
    // Called outside the wrapped build (no selectors): the whole catalogue, nothing missing.
    expect(Object.keys(sentMessages("en", undefined).messages)).toHaveLength(ALL.length);
  });

  it("sends them as one JSON string, read back once; the server's render reads the very object it was made from", () => {
    const selectors: MessageSelector[] = ["nav.", "app.name"];
    const json = sentMessages("fi", selectors).json;
    expect(JSON.parse(json)).toEqual(sentMessages("fi", selectors).messages);
    expect(sentMessages("fi", selectors).json).toBe(json);
    expect(messagesOf(json)).toBe(sentMessages("fi", selectors).messages);
    expect(Object.keys(JSON.parse(sentMessages("en", undefined).json))).toHaveLength(ALL.length);
    // A string the server did not make (the browser's copy): parsed, then kept.
    const copy = JSON.stringify({ "nav.mainLabel": "Päävalikko" });
    const parsed = messagesOf(copy);
    expect(parsed).toEqual({ "nav.mainLabel": "Päävalikko" });
    expect(messagesOf(copy)).toBe(parsed);
  });

  it("sends a document the id of its data block instead, which the server's render reads without parsing", () => {
    const selectors: MessageSelector[] = ["nav.", "app.name"];
    const ref = sentMessages("fi", selectors).ref;
    expect(ref).toMatch(/^#[\w-]{16}$/);
    expect(sentMessages("fi", selectors).ref).toBe(ref);
    // The id is the set's: another language, another set, a customer's set, each its own.
    expect(
      new Set([
        ref,
        sentMessages("en", selectors).ref,
        sentMessages("fi", ["nav."]).ref,
        sentMessages("fi", ["signal."], { customer: true }).ref,
      ]).size,
    ).toBe(4);
    expect(messagesOf(ref)).toBe(sentMessages("fi", selectors).messages);
    // Strings the server did not make fill the browser's few parsed ones; the server's own sets stay.
    for (let i = 0; i < 12; i++) messagesOf(JSON.stringify({ "nav.mainLabel": `copy ${i}` }));
    expect(messagesOf(ref)).toBe(sentMessages("fi", selectors).messages);
    expect(messagesOf(sentMessages("fi", selectors).json)).toBe(sentMessages("fi", selectors).messages);
    expect(JSON.parse(messagesBlockText(ref)!)).toEqual(sentMessages("fi", selectors).messages);
    expect(pageFormatters({ locale: "fi", messages: ref }).t("nav.mainLabel")).toBe(fi["nav.mainLabel"]);
    // A customer's block holds what the customer's JSON holds: none of our words.
    const customer = sentMessages("en", ["touchpoint.", "signal."], { customer: true }).ref;
    expect(messagesBlockText(customer)).toBe(sentMessages("en", ["touchpoint.", "signal."], { customer: true }).json);
    expect(messagesBlockText(customer)).not.toMatch(/Sentiment|signal\./);
  });

  it("falls back to the shell's messages for a data block it does not have, and escapes what could end a block", () => {
    expect(messagesOf("#not-a-block")).toBeUndefined();
    expect(messagesBlockText("#not-a-block")).toBeUndefined();
    const f = pageFormatters({ locale: "fi", messages: "#not-a-block" });
    expect(f.t("nav.skipToContent")).toBe(fi["nav.skipToContent"]);
    const json = JSON.stringify({ "x.y": "a </script><script>alert(1)</script> <!-- b" });
    const text = dataBlockText(json);
    expect(text).not.toContain("<");
    expect(JSON.parse(text)).toEqual(JSON.parse(json));
  });

  it("learns from the request handler whether a request asks for a document", () => {
    expect(pageLoadContext("/accounts/1")).toEqual({ documentRequest: true });
    expect(pageLoadContext("/")).toEqual({ documentRequest: true });
    expect(pageLoadContext("/accounts/1.data")).toEqual({ documentRequest: false });
    expect(pageLoadContext("/_root.data")).toEqual({ documentRequest: false });
  });

  it("never sends a customer our internal vocabulary, whatever its routes use", () => {
    const selectors: MessageSelector[] = ["touchpoint.", "signal.", "emotion.", "portalHome."];
    const staff = sentMessages("en", selectors).messages;
    const customer = sentMessages("en", selectors, { customer: true }).messages;
    expect(staff["touchpoint.sentiment"]).toBe(en["touchpoint.sentiment"]);
    expect(Object.keys(staff).some((k) => k.startsWith("signal."))).toBe(true);
    expect(Object.keys(customer).filter((k) => k.startsWith("signal.") || k.startsWith("emotion."))).toEqual([]);
    expect(Object.values(customer).join(" ")).not.toMatch(/Sentiment|Felt treated|Internal/);
    expect(Object.keys(customer).filter((k) => k.startsWith("portalHome."))).toEqual(
      Object.keys(staff).filter((k) => k.startsWith("portalHome.")),
    );
    expect(customer["touchpoint.with"]).toBe(en["touchpoint.with"]);
    // What the root loader sends a customer: the same messages as one string, none of ours in it.
    const sent = sentMessages("en", selectors, { customer: true }).json;
    expect(JSON.parse(sent)).toEqual(customer);
    expect(sent).not.toMatch(/Sentiment|Felt treated|Internal/);
    expect(sentMessages("en", selectors).json).toMatch(/Sentiment/);
    // Nor with the whole catalogue (the root loader outside the wrapped build).
    const whole = sentMessages("en", undefined, { customer: true }).messages;
    expect(Object.keys(whole).filter((k) => k.startsWith("signal.") || k === "touchpoint.sentiment")).toEqual([]);
    expect(whole["portalHome.contacts"]).toBe(en["portalHome.contacts"]);
  });

  it("translates from the page's messages, formatting as the whole catalogue does", () => {
    const f = pageFormatters({ locale: "fi", messages: sentMessages("fi", ["healthPanel."]).json });
    expect(f.t("healthPanel.trendTitle", { days: 1 })).toBe(
      pageFormatters({ locale: "fi", messages: JSON.stringify(fi) }).t("healthPanel.trendTitle", { days: 1 }),
    );
    expect(f.percent(0.671)).toBe("67\u00a0%");
    // A key the page was not sent shows as itself, and is heard (the tests' setup fails on it).
    const heard: string[] = [];
    onMissingMessage((key) => heard.push(key));
    expect(f.t("nav.mainLabel")).toBe("nav.mainLabel");
    expect(heard).toEqual(["nav.mainLabel"]);
    onMissingMessage(undefined);
  });

  it("the root loader learns the messages of the routes a request matches, data requests included", async () => {
    const seen: unknown[] = [];
    const route = (id: string, parentId: string | undefined, pathPart: string | undefined, index?: boolean) => ({
      id,
      parentId,
      path: pathPart,
      index,
      module:
        id === "root"
          ? {
              loader: ({ context }: { context: { pageMessages?: unknown; customerPageMessages?: unknown } }) =>
                seen.push({ staff: context.pageMessages, customer: context.customerPageMessages }),
            }
          : {},
    });
    const account = "routes/_app.accounts.$accountId";
    const build = {
      routes: {
        root: route("root", undefined, ""),
        "routes/_app": route("routes/_app", "root", undefined),
        [account]: route(account, "routes/_app", "accounts/:accountId"),
        "routes/_index": route("routes/_index", "root", undefined, true),
      },
    } as unknown as ServerBuild;
    const loader = withPageMessages(build).routes.root!.module.loader!;
    const call = (url: string) => loader({ request: new Request(url), params: {}, context: {} });
    await call("http://x/accounts/1");
    await call("http://x/accounts/1.data?_routes=root");
    await call("http://x/_root.data");
    await call("http://x/nowhere");
    const accountPage = routesMessages(["root", "routes/_app", account]);
    const rootOnly = routesMessages(["root"]);
    const home = routesMessages(["root", "routes/_index"]);
    // A customer asking for a staff page is refused: its messages are the root's alone, none of the page's words.
    expect(seen).toEqual([
      { staff: accountPage, customer: rootOnly },
      { staff: accountPage, customer: rootOnly },
      { staff: home, customer: home },
      { staff: rootOnly, customer: rootOnly },
    ]);
    // The same array each time (its sets are made once), and what it holds.
    const [first, second] = seen as { staff: unknown }[];
    expect(first!.staff).toBe(second!.staff);
    expect(accountPage).toContain("nav.mainLabel");
    expect(accountPage).toContain("healthPanel.title");
    expect(routesMessages(["root"])).not.toContain("healthPanel.title");
  });
});
