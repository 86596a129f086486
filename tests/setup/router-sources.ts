// The router's route matching as published and as the patch
// (scripts/patch-router.mjs) makes it, each evaluated from its text, and the
// app's own route tree: for tests/unit/router-match-index.test.ts and
// bench/router.ts. The route tree is made as the build makes it, from
// app/routes with Remix's flat-routes convention, so no build is needed.
import { readFileSync } from "node:fs";
import { createRequire } from "node:module";
import path from "node:path";
import { fileURLToPath } from "node:url";
import { flatRoutes } from "@remix-run/dev/dist/config/flat-routes.js";
import { patchRouterSource, unpatchRouterSource } from "#scripts/patch-router.mjs";

export type Route = import("@remix-run/router").AgnosticRouteObject;
export type Match = import("@remix-run/router").AgnosticRouteMatch;
export type MatchRoutes = (
  routes: Route[],
  location: string,
  basename?: string,
  allowPartial?: boolean,
) => Match[] | null;

const require = createRequire(import.meta.url);
const root = path.resolve(path.dirname(fileURLToPath(import.meta.url)), "../..");
/** The installed copy (patched on install, by this checkout's script or an older one). */
export const installed = readFileSync(require.resolve("@remix-run/router"), "utf8");
export const published = unpatchRouterSource(installed);
export const patched = patchRouterSource(published);

/** The router module from its text, with the internal matchRoutesImpl (allowPartial) exported too. */
export function evaluate(source: string): MatchRoutes {
  const module = { exports: {} as { matchRoutesImpl: MatchRoutes } };
  new Function("module", "exports", `${source}\nexports.matchRoutesImpl = matchRoutesImpl;`)(module, module.exports);
  const impl = module.exports.matchRoutesImpl;
  return (routes, location, basename = "/", allowPartial = false) => impl(routes, location, basename, allowPartial);
}

/** The app's route tree, as @remix-run/server-runtime makes it from the build's routes (ids, paths, nesting, order). */
export function appTree(): Route[] {
  type Entry = { id: string; parentId?: string; path?: string; index?: boolean; caseSensitive?: boolean };
  const manifest: Record<string, Entry> = {
    root: { id: "root", path: "" },
    ...(flatRoutes(path.join(root, "app"), ["**/.*", "**/*.test.{ts,tsx}", "**/__*.*"]) as Record<string, Entry>),
  };
  const children = (parentId?: string): Route[] =>
    Object.values(manifest)
      .filter((r) => r.parentId === parentId)
      .map((r) => {
        const shape = { id: r.id, path: r.path, caseSensitive: r.caseSensitive };
        return (r.index ? { ...shape, index: true } : { ...shape, children: children(r.id) }) as Route;
      });
  return children(undefined);
}
