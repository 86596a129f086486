import path from "node:path";
import { fileURLToPath, pathToFileURL } from "node:url";
import { createRequestHandler, type ServerBuild } from "@remix-run/node";
import { withDatabaseFaultsAs503 } from "#app/web/db-faults.server.ts";
import { pageLoadContext, withPageMessages } from "#app/web/page-messages.server.ts";
import { flatRoutes } from "@remix-run/dev/dist/config/flat-routes.js";
import type { AppConfig } from "@remix-run/dev";
import type { RouteManifestEntry as ConfigRoute } from "@remix-run/dev/dist/config/routes.js";

// The whole Remix request pipeline in this process, on the source modules: route
// matching, the root and layout loaders, the action, the error boundaries and
// app/entry.server.tsx (server rendering, handleError), with the loaders and
// actions wrapped as scripts/server.mjs wraps them (the 503 for an unreachable
// database). Tests see the status and HTML a browser would get from the server,
// without a build. The assets manifest names no real files: pages render, but
// their script and stylesheet URLs lead nowhere (nothing here loads them).

const root = path.resolve(path.dirname(fileURLToPath(import.meta.url)), "../..");
const appDir = path.join(root, "app");

type RouteModule = ServerBuild["routes"][string]["module"];

let handler: Promise<ReturnType<typeof createRequestHandler>> | undefined;

async function createBuild(): Promise<ServerBuild> {
  const { default: remixConfig } = (await import(pathToFileURL(path.join(root, "remix.config.js")).href)) as {
    default: AppConfig;
  };
  const rootRoute: ConfigRoute = { id: "root", path: "", file: "root.tsx" };
  const manifest: Record<string, ConfigRoute> = {
    root: rootRoute,
    ...flatRoutes(appDir, remixConfig.ignoredRouteFiles),
  };
  const routes: ServerBuild["routes"] = {};
  const assetRoutes: ServerBuild["assets"]["routes"] = {};
  for (const route of Object.values(manifest)) {
    const module = (await import(/* @vite-ignore */ path.join(appDir, route.file))) as RouteModule;
    const shape = {
      id: route.id,
      parentId: route.parentId,
      path: route.path,
      index: route.index,
      caseSensitive: route.caseSensitive,
    };
    routes[route.id] = { ...shape, module };
    assetRoutes[route.id] = {
      ...shape,
      module: `/build/${route.id}.js`,
      imports: [],
      hasAction: Boolean(module.action),
      hasLoader: Boolean(module.loader),
      hasClientAction: false,
      hasClientLoader: false,
      hasErrorBoundary: Boolean(module.ErrorBoundary),
    };
  }
  const entry = (await import("#app/entry.server.tsx")) as unknown as ServerBuild["entry"]["module"];
  return {
    mode: "production",
    entry: { module: entry },
    routes,
    assets: {
      entry: { module: "/build/entry.client.js", imports: [] },
      routes: assetRoutes,
      url: "/build/manifest.js",
      version: "test",
    },
    publicPath: "/build/",
    assetsBuildDirectory: "public/build",
    future: remixConfig.future as ServerBuild["future"],
    isSpaMode: false,
  };
}

/** Sends a request through the app as the production server would (after its own middleware). */
export async function handle(request: Request): Promise<Response> {
  handler ??= createBuild().then((build) => createRequestHandler(withPageMessages(withDatabaseFaultsAs503(build)), "production"));
  return (await handler)(request, pageLoadContext(new URL(request.url).pathname));
}
