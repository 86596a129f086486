import path from "node:path";
import { fileURLToPath } from "node:url";
import { describe, expect, it } from "vitest";
import { isServerModule, keysUsedBy, moduleGraph } from "#scripts/message-usage.ts";

// The scanner behind each page's messages (scripts/route-messages.ts), on a small route
// (tests/fixtures/message-usage): a key the page may translate counts, a key
// only the server translates (mail, a sentence said in the loader) does not.

const dir = path.resolve(path.dirname(fileURLToPath(import.meta.url)), "../fixtures/message-usage");
const route = path.join(dir, "route.tsx");
const KEYS = [
  "fixture.shown",
  "fixture.sharedLine",
  "fixture.returned",
  "fixture.fieldError",
  "fixture.loaderText",
  "fixture.mailed",
  "fixture.nested",
  "fixture.tabled",
  "fixture.param",
  "fixture.sentence",
  "fixture.kind.a",
  "fixture.kind.b",
  "fixture.unused",
  "fixture.flash",
  "fixture.handedOn",
];

describe("which keys a route can show from its page's messages", () => {
  const used = keysUsedBy(route, KEYS);

  it("counts what browser code translates and the keys a server module returns", () => {
    expect(used).toContain("fixture.shown");
    expect(used).toContain("fixture.returned");
    expect(used).toContain("fixture.fieldError");
    // Translated by the server as well, but also by the page.
    expect(used).toContain("fixture.sharedLine");
  });

  it("does not count keys only the server translates", () => {
    for (const key of [
      "fixture.loaderText", // the loader's formatters() translator
      "fixture.flash", // an action's, from postAs()
      "fixture.handedOn", // a function's, handed the action's head (ActionContext)
      "fixture.mailed", // a server module's formatters() translator
      "fixture.nested", // a translation inside one
      "fixture.tabled", // a table of keys used only as a translator's argument
      "fixture.param", // a translator handed to a callback in a server module
      "fixture.sentence", // a module only server modules import
      "fixture.kind.a", // a key built in one
      "fixture.unused", // named only in a list of selectors
    ])
      expect(used, key).not.toContain(key);
    expect([...used].sort()).toEqual(["fixture.fieldError", "fixture.returned", "fixture.sharedLine", "fixture.shown"]);
  });

  it("follows server modules, but the browser's graph stops at them", () => {
    const all = moduleGraph(route).map((f) => path.basename(f));
    const browser = moduleGraph(route, { browser: true }).map((f) => path.basename(f));
    expect(all).toEqual(expect.arrayContaining(["model.server.ts", "sentence.ts", "shared.ts", "shown.tsx"]));
    expect(browser.sort()).toEqual(["i18n.ts", "route.tsx", "shared.ts", "shown.tsx"]);
    expect(isServerModule(path.join(dir, "model.server.ts"))).toBe(true);
    expect(isServerModule(path.join(dir, "sentence.ts"))).toBe(false);
  });
});
