import path from "node:path";
import { fileURLToPath, pathToFileURL } from "node:url";
import { flatRoutes } from "@remix-run/dev/dist/config/flat-routes.js";
import type { ServerBuild } from "@remix-run/node";
import { describe, expect, it } from "vitest";
import { en } from "#app/i18n/en.ts";
import { fi } from "#app/i18n/fi.ts";
import {
  messagesBlockText,
  messagesOf,
  pageFormatters,
  selects,
  type MessageSelector,
} from "#app/i18n/page-messages.ts";
import { dataBlockText, pageLoadContext, sentMessages, withPageMessages } from "#app/web/page-messages.server.ts";
import { keysUsedBy } from "#tests/setup/message-usage.ts";

// Every page shows only messages its routes declare (their `messages` export, sent by
// the root loader in the visitor's language): a route that can show a key it
// does not declare would show the bare key, so this fails first, naming the keys.

const root = path.resolve(path.dirname(fileURLToPath(import.meta.url)), "../..");
const appDir = path.join(root, "app");
const ALL = Object.keys(en);

type Route = { id: string; parentId?: string; file: string };
const manifest: Record<string, Route> = {
  root: { id: "root", file: "root.tsx" },
  ...(flatRoutes(appDir, ["**/.*", "**/*.test.{ts,tsx}", "**/__*.*"]) as Record<string, Route>),
};
// Pages and layouts: the routes that render (resource routes answer without the root).
const rendering = Object.values(manifest).filter((r) => r.file.endsWith(".tsx"));

async function declared(route: Route): Promise<readonly MessageSelector[]> {
  const module = (await import(pathToFileURL(path.join(appDir, route.file)).href)) as {
    messages?: () => readonly MessageSelector[];
  };
  return module.messages?.() ?? [];
}
async function chain(route: Route): Promise<MessageSelector[]> {
  const parent = route.parentId ? manifest[route.parentId] : undefined;
  return [...(parent ? await chain(parent) : []), ...(await declared(route))];
}

describe("messages per page", () => {
  it.each(rendering.map((r) => [r.id, r] as const))("%s declares every message it can show", async (_id, route) => {
    const selectors = await chain(route);
    const missing = [...keysUsedBy(path.join(appDir, route.file), ALL)]
      .filter((key) => !selects(selectors, key))
      .sort();
    expect(missing, `add these to the messages export of app/${route.file} (or a layout above it)`).toEqual([]);
    // The first route read parses most of the app: the suite's own limit (tests/vitest.config.ts), sized for a loaded machine, holds it.
  });

  it("every declared selector names a message the route or a route below it can show", async () => {
    // A selector nobody in the chain shows only makes the page heavier (and
    // lists alike longer): a key translated on the server is not shown from the
    // page's messages (tests/setup/message-usage.ts).
    const used = new Map(rendering.map((r) => [r.id, keysUsedBy(path.join(appDir, r.file), ALL)]));
    const below = (id: string): string[] => [
      ...(used.get(id) ?? []),
      ...rendering.filter((r) => r.parentId === id).flatMap((r) => below(r.id)),
    ];
    const stale: string[] = [];
    for (const route of rendering) {
      const shown = below(route.id);
      for (const selector of await declared(route))
        if (!shown.some((key) => selects([selector], key))) stale.push(`app/${route.file}: ${selector}`);
    }
    expect(stale, "remove these from the messages export (or the group they come from)").toEqual([]);
  }, 120_000);

  it("every declared selector names at least one message", async () => {
    const stale: string[] = [];
    for (const route of rendering)
      for (const selector of await declared(route))
        if (!ALL.some((key) => selects([selector], key))) stale.push(`${route.id}: ${selector}`);
    expect(stale).toEqual([]);
  });

  it("sends only the visitor's language and only the declared messages", () => {
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

  it("never sends a customer our internal vocabulary, whatever the page declares", () => {
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
  });

  it("translates from the page's messages, formatting as the whole catalogue does", () => {
    const f = pageFormatters({ locale: "fi", messages: sentMessages("fi", ["healthPanel."]).json });
    expect(f.t("healthPanel.trendTitle", { days: 1 })).toBe(
      pageFormatters({ locale: "fi", messages: JSON.stringify(fi) }).t("healthPanel.trendTitle", { days: 1 }),
    );
    expect(f.percent(0.671)).toBe("67\u00a0%");
    // A key the page did not declare shows as itself (the test above keeps that from happening).
    expect(f.t("nav.mainLabel")).toBe("nav.mainLabel");
  });

  it("the root loader learns the selectors of the routes a request matches, data requests included", async () => {
    const seen: unknown[] = [];
    const route = (
      id: string,
      parentId: string | undefined,
      pathPart: string | undefined,
      messages: string[],
      index?: boolean,
    ) => ({
      id,
      parentId,
      path: pathPart,
      index,
      module: {
        messages: () => messages,
        ...(id === "root"
          ? { loader: ({ context }: { context: { pageMessages?: unknown } }) => seen.push(context.pageMessages) }
          : {}),
      },
    });
    const build = {
      routes: {
        root: route("root", undefined, "", ["app."]),
        "routes/_app": route("routes/_app", "root", undefined, ["nav."]),
        "routes/_app.accounts.$accountId": route(
          "routes/_app.accounts.$accountId",
          "routes/_app",
          "accounts/:accountId",
          ["account."],
        ),
        "routes/_index": route("routes/_index", "root", undefined, ["landing."], true),
      },
    } as unknown as ServerBuild;
    const loader = withPageMessages(build).routes.root!.module.loader!;
    const call = (url: string) => loader({ request: new Request(url), params: {}, context: {} });
    await call("http://x/accounts/1");
    await call("http://x/accounts/1.data?_routes=root");
    await call("http://x/_root.data");
    await call("http://x/nowhere");
    expect(seen).toEqual([["app.", "nav.", "account."], ["app.", "nav.", "account."], ["app.", "landing."], ["app."]]);
  });
});
