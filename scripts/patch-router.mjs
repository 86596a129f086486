// Runs after `npm install` (package.json "postinstall").
//
// Remix v2's router (@remix-run/router 1.x) flattens and ranks the whole route
// tree on every `matchRoutes` call, and a document request calls it at least
// three times (the server's route match, the static handler's query, the
// render). With this app's 85 routes one call costs about 0.8 ms of CPU on the
// bench machine. React Router 7 caches the ranked branches per route tree
// (remix-run/react-router#14967); Remix v2 is frozen, so this script makes the
// same change in the server's copy (the CommonJS build Node loads; the browser
// bundle is not touched):
//   - the ranked branches are kept per routes array in a WeakMap;
//   - a path's compiled pattern (a RegExp and its parameter names, built on
//     every match of every branch, most of the cost) is kept in a Map by path,
//     case sensitivity and end, at most 1,000 (emptied when full: matchPath is
//     public and takes any pattern);
//   - the one place the router adds routes to an existing tree (lazy route
//     discovery, patchRoutesImpl) empties the cache first.
//
// The script is idempotent. On another version of the router it changes
// nothing and says so; on this version, if the text it expects is not there, it
// fails, so a changed dependency is noticed instead of silently losing the
// cache. tests/unit/router-branch-cache.test.ts checks the patched copy.
import { readFileSync, writeFileSync } from "node:fs";
import { createRequire } from "node:module";
import { pathToFileURL } from "node:url";

const require = createRequire(import.meta.url);
const MARKER = "/* kohtaamo: ranked branches cached per route tree */";
const VERSION = "1.23.3";

const edits = [
  {
    from: "  let branches = flattenRoutes(routes);\n  rankRouteBranches(branches);\n",
    to: "  let branches = rankedBranches(routes);\n",
  },
  {
    from: "function convertRouteMatchToUiMatch(match, loaderData) {\n",
    to:
      `${MARKER}\n` +
      "let rankedBranchesCache = new WeakMap();\n" +
      "function rankedBranches(routes) {\n" +
      "  let branches = rankedBranchesCache.get(routes);\n" +
      "  if (!branches) {\n" +
      "    branches = flattenRoutes(routes);\n" +
      "    rankRouteBranches(branches);\n" +
      "    rankedBranchesCache.set(routes, branches);\n" +
      "  }\n" +
      "  return branches;\n" +
      "}\n" +
      "function convertRouteMatchToUiMatch(match, loaderData) {\n",
  },
  {
    from: "function compilePath(path, caseSensitive, end) {\n",
    to:
      "let compiledPaths = new Map();\n" +
      "function compilePath(path, caseSensitive, end) {\n" +
      "  if (caseSensitive === void 0) {\n" +
      "    caseSensitive = false;\n" +
      "  }\n" +
      "  if (end === void 0) {\n" +
      "    end = true;\n" +
      "  }\n" +
      "  let key = (caseSensitive ? \"c\" : \"i\") + (end ? \"e\" : \"p\") + path;\n" +
      "  let compiled = compiledPaths.get(key);\n" +
      "  if (!compiled) {\n" +
      "    compiled = compilePathUncached(path, caseSensitive, end);\n" +
      "    if (compiledPaths.size >= 1000) compiledPaths.clear();\n" +
      "    compiledPaths.set(key, compiled);\n" +
      "  }\n" +
      "  return compiled;\n" +
      "}\n" +
      "function compilePathUncached(path, caseSensitive, end) {\n",
  },
  {
    from: "function patchRoutesImpl(routeId, children, routesToUse, manifest, mapRouteProperties) {\n",
    to:
      "function patchRoutesImpl(routeId, children, routesToUse, manifest, mapRouteProperties) {\n" +
      "  rankedBranchesCache = new WeakMap();\n",
  },
];

export function patchRouterSource(source) {
  if (source.includes(MARKER)) return source;
  let patched = source;
  for (const { from, to } of edits) {
    const at = patched.indexOf(from);
    if (at < 0 || patched.indexOf(from, at + 1) >= 0) {
      throw new Error(`patch-router: expected exactly one ${JSON.stringify(from.slice(0, 60))}`);
    }
    patched = patched.replace(from, to);
  }
  return patched;
}

function main() {
  const packagePath = require.resolve("@remix-run/router/package.json");
  const { version } = JSON.parse(readFileSync(packagePath, "utf8"));
  if (version !== VERSION) {
    console.warn(
      `patch-router: @remix-run/router is ${version}, the patch is for ${VERSION}; route matching is left as it is (see scripts/patch-router.mjs).`,
    );
    return;
  }
  const file = require.resolve("@remix-run/router");
  const source = readFileSync(file, "utf8");
  const patched = patchRouterSource(source);
  if (patched !== source) writeFileSync(file, patched);
}

// Run as a script (not imported by the test); pathToFileURL so a checkout path with spaces still matches.
if (process.argv[1] && import.meta.url === pathToFileURL(process.argv[1]).href) main();
