// The server's copy of @remix-run/router is patched on install
// (scripts/patch-router.mjs) to keep ranked route branches and compiled path
// patterns instead of rebuilding them on every match. These tests use the
// installed CommonJS copy, the one the server loads.
import { readFileSync } from "node:fs";
import { createRequire } from "node:module";
import { describe, expect, it } from "vitest";
import { patchRouterSource } from "#scripts/patch-router.mjs";

const require = createRequire(import.meta.url);
type Router = typeof import("@remix-run/router");
const router = require("@remix-run/router") as Router;
const installed = readFileSync(require.resolve("@remix-run/router"), "utf8");

type Route = import("@remix-run/router").AgnosticRouteObject;

function tree(withNewAccount = true): Route[] {
  return [
    {
      id: "root",
      path: "",
      children: [
        { id: "home", index: true },
        { id: "account", path: "accounts/:accountId" },
        { id: "timeline", path: "accounts/:accountId/timeline" },
        ...(withNewAccount ? [{ id: "new-account", path: "accounts/new" }] : []),
        { id: "optional", path: "reports/:year?" },
        { id: "Case", path: "Case", caseSensitive: true },
        { id: "splat", path: "files/*" },
        { id: "layout", children: [{ id: "portal", path: "portal" }] },
      ],
    },
  ];
}

function ids(routes: Route[], path: string) {
  const matches = router.matchRoutes(routes, path);
  return matches?.map((m) => [m.route.id, m.params]) ?? null;
}

describe("the installed router's route matching", () => {
  it("is the patched copy", () => {
    expect(installed, "npm install patches the router (postinstall: node scripts/patch-router.mjs)").toContain(
      "kohtaamo: ranked branches cached per route tree",
    );
    expect(patchRouterSource(installed)).toBe(installed);
  });

  it("matches as before, the same on a route tree's first and later matches", () => {
    const routes = tree();
    const expected: Record<string, unknown> = {
      "/": [["root", {}], ["home", {}]],
      "/accounts/a1": [["root", { accountId: "a1" }], ["account", { accountId: "a1" }]],
      "/accounts/new": [["root", {}], ["new-account", {}]],
      "/accounts/a1/timeline/": [["root", { accountId: "a1" }], ["timeline", { accountId: "a1" }]],
      "/reports": [["root", { year: undefined }], ["optional", { year: undefined }]],
      "/reports/2026": [["root", { year: "2026" }], ["optional", { year: "2026" }]],
      "/Case": [["root", {}], ["Case", {}]],
      "/case": null,
      "/files/a/b.csv": [["root", { "*": "a/b.csv" }], ["splat", { "*": "a/b.csv" }]],
      "/portal": [["root", {}], ["layout", {}], ["portal", {}]],
      "/nowhere/at/all": null,
    };
    for (let round = 0; round < 2; round++) {
      for (const [path, want] of Object.entries(expected)) expect([path, ids(routes, path)]).toEqual([path, want]);
    }
    // A second tree of the same shape and one with a route fewer are matched by their own routes.
    const other = tree(false);
    expect(ids(other, "/accounts/new")).toEqual([["root", { accountId: "new" }], ["account", { accountId: "new" }]]);
    expect(ids(routes, "/accounts/new")).toEqual([["root", {}], ["new-account", {}]]);
  });

  it("sees routes added by lazy route discovery after the tree was matched", async () => {
    const history = router.createMemoryHistory({ initialEntries: ["/"] });
    const discovered = router
      .createRouter({
        history,
        routes: [{ id: "root", path: "/", children: [{ id: "home", index: true }] }],
        patchRoutesOnNavigation: ({ path, patch }) => {
          if (path === "/later") patch("root", [{ id: "later", path: "later" }]);
        },
      })
      .initialize();
    await discovered.navigate("/later");
    expect(discovered.state.matches.map((m) => m.route.id)).toEqual(["root", "later"]);
    expect(discovered.state.errors).toBeNull();
    discovered.dispose();
  });

  it("refuses a router source it does not know instead of half patching it", () => {
    expect(() => patchRouterSource("function matchRoutesImpl() {}")).toThrow(/expected exactly one/);
  });
});
