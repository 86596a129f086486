// RemixServer (@remix-run/react) and createStaticRouter (react-router-dom) are
// patched on install (scripts/patch-router.mjs, third patch) to keep the route
// tree a page is rendered with instead of building and converting it again for
// every document. These tests render with the installed CommonJS copies, the
// ones the server loads: each page is still rendered by its own route, a
// changed route module is rendered as changed, and the router's routes are the
// same array from one render to the next (so matchRoutes' ranked branches are
// kept).
import { readFileSync } from "node:fs";
import { createRequire } from "node:module";
import { describe, expect, it } from "vitest";
import {
  patchRemixServerSource,
  patchStaticRouterSource,
  targetFile,
  unpatchRemixServerSource,
  unpatchStaticRouterSource,
} from "#scripts/patch-router.mjs";

const require = createRequire(import.meta.url);
const React = require("react") as typeof import("react");
const { renderToString } = require("react-dom/server") as typeof import("react-dom/server");
const { RemixServer } = require("@remix-run/react") as typeof import("@remix-run/react");
const { createStaticHandler, createStaticRouter } =
  require("react-router-dom/server") as typeof import("react-router-dom/server");
const { useLoaderData } = require("@remix-run/react") as typeof import("@remix-run/react");

const remixServerFile = targetFile("@remix-run/react", "dist/server.js");
const staticRouterFile = targetFile("react-router-dom", "server.js");

type Modules = Record<string, { default: () => React.ReactElement }>;

/** A two-page app as a build describes it: its route manifest (constant per build) and route modules. */
const manifestRoutes = {
  root: {
    id: "root",
    path: "",
    hasLoader: false,
    hasAction: false,
    hasClientLoader: false,
    hasClientAction: false,
    hasErrorBoundary: false,
    module: "root.js",
  },
  "routes/a": {
    id: "routes/a",
    parentId: "root",
    path: "a",
    hasLoader: true,
    hasAction: false,
    hasClientLoader: false,
    hasClientAction: false,
    hasErrorBoundary: false,
    module: "a.js",
  },
  "routes/b": {
    id: "routes/b",
    parentId: "root",
    path: "b",
    hasLoader: true,
    hasAction: false,
    hasClientLoader: false,
    hasClientAction: false,
    hasErrorBoundary: false,
    module: "b.js",
  },
};

function page(label: string) {
  return {
    default: function Page() {
      const data = useLoaderData() as { n: number };
      return React.createElement("p", null, `${label} ${data.n}`);
    },
  };
}

const { Outlet } = require("@remix-run/react") as typeof import("@remix-run/react");
const modulesV1: Modules = {
  root: { default: () => React.createElement("main", null, React.createElement(Outlet)) },
  "routes/a": page("page A"),
  "routes/b": page("page B"),
};

let served = 0;
const handler = createStaticHandler([
  {
    id: "root",
    path: "/",
    children: [
      { id: "routes/a", path: "a", loader: () => ({ n: ++served }) },
      { id: "routes/b", path: "b", loader: () => ({ n: ++served }) },
    ],
  },
]);

const future = {
  v3_fetcherPersist: true,
  v3_relativeSplatPath: true,
  v3_throwAbortReason: true,
  v3_singleFetch: false,
  v3_lazyRouteDiscovery: false,
};

/** Renders a path as the server does a document, with the route modules of that request. */
async function render(path: string, routeModules: Modules) {
  const context = await handler.query(new Request(`http://localhost${path}`));
  if (context instanceof Response) throw new Error(`unexpected response for ${path}`);
  const entryContext = {
    manifest: { routes: manifestRoutes, entry: { module: "entry.js", imports: [] }, url: "manifest.js", version: "1" },
    // As the server runtime makes it: a new object for every request, holding the same modules.
    routeModules: { ...routeModules },
    staticHandlerContext: context,
    future,
    isSpaMode: false,
    serverHandoffString: "{}",
    renderMeta: {},
  };
  return renderToString(
    React.createElement(RemixServer, { context: entryContext as never, url: `http://localhost${path}` }),
  );
}

describe("the installed render copies", () => {
  it("are patched, and the patch is idempotent and undoes to the published text", () => {
    const remixServer = readFileSync(remixServerFile, "utf8");
    const staticRouter = readFileSync(staticRouterFile, "utf8");
    expect(remixServer, "npm install patches @remix-run/react (postinstall: node scripts/patch-router.mjs)").toContain(
      "kohtaamo: server routes kept per route manifest",
    );
    expect(staticRouter).toContain("kohtaamo: data routes kept per routes array");
    expect(patchRemixServerSource(remixServer)).toBe(remixServer);
    expect(patchStaticRouterSource(staticRouter)).toBe(staticRouter);
    const published = unpatchRemixServerSource(remixServer);
    expect(published).not.toContain("kohtaamo");
    expect(published).toContain(
      "routes.createServerRoutes(manifest.routes, routeModules, context.future, context.isSpaMode)",
    );
    expect(patchRemixServerSource(published)).toBe(remixServer);
    expect(patchStaticRouterSource(unpatchStaticRouterSource(staticRouter))).toBe(staticRouter);
  });
});

describe("a page rendered with the kept route tree", () => {
  it("is rendered by its own route and its own data, render after render", async () => {
    for (let round = 0; round < 3; round++) {
      const a = await render("/a", modulesV1);
      const b = await render("/b", modulesV1);
      expect(a).toMatch(/<main><p>page A \d+<\/p><\/main>/);
      expect(b).toMatch(/<main><p>page B \d+<\/p><\/main>/);
      // Each render shows its own request's loader data, not a kept one.
      expect(Number(/page B (\d+)/.exec(b)![1])).toBe(Number(/page A (\d+)/.exec(a)![1]) + 1);
    }
  });

  it("shows a changed route module (a new module object for the same route id) as changed", async () => {
    expect(await render("/a", modulesV1)).toContain("page A");
    const modulesV2: Modules = { ...modulesV1, "routes/a": page("page A, edited") };
    expect(await render("/a", modulesV2)).toContain("page A, edited");
    expect(await render("/b", modulesV2)).toContain("page B");
    expect(await render("/a", modulesV1)).not.toContain("edited");
  });

  it("gives the static router the same routes array each time for the same routes, and its own for others", async () => {
    const context = await handler.query(new Request("http://localhost/a"));
    if (context instanceof Response) throw new Error("unexpected response");
    const routes = [
      {
        id: "root",
        path: "/",
        children: [
          { id: "routes/a", path: "a" },
          { id: "routes/b", path: "b" },
        ],
      },
    ];
    const first = createStaticRouter(routes, context);
    const second = createStaticRouter(routes, context);
    expect(second.routes).toBe(first.routes);
    // The state's matches are the kept data routes, found by id.
    expect(second.state.matches.map((m) => m.route.id)).toEqual(["root", "routes/a"]);
    expect(second.state.matches[1]!.route).toBe(first.routes[0]!.children![0]);
    const other = createStaticRouter([{ id: "root", path: "/", children: [{ id: "routes/a", path: "a" }] }], context);
    expect(other.routes).not.toBe(first.routes);
    expect(other.routes[0]!.children).toHaveLength(1);
  });
});
