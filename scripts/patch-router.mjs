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
// A second stage (applied on top of the first, so an installed copy patched by
// the first alone gets it too) stops trying, for each path, every ranked
// branch in turn: each ranked branch list gets an index from the first static
// segment a branch's path must start with (lower-cased) to the branches, in
// rank order, that can match a path starting with it; a branch whose first
// segment is not a plain ASCII literal (dynamic, optional, splat, empty, "?"
// inside) is in every list. Why a skipped branch could not have matched is
// written at firstStaticSegment below; tests/unit/router-match-index.test.ts
// compares the patched matchRoutes with the original on the app's route tree.
//
// A third patch keeps the route tree a page is rendered with. Remix's
// RemixServer builds it again for every document (createServerRoutes, in
// @remix-run/react) and react-router-dom's createStaticRouter converts it again
// (convertRoutesToDataRoutes), so the render's matchRoutes met a new tree each
// time and flattened, ranked and indexed all its branches again: 13 % of the
// sign-in page's CPU, 4 % of the account page's. Now RemixServer keeps the
// routes it made per route manifest (the build's; a new build, as in
// development, has a new one), as long as the request's route modules are the
// same modules, and createStaticRouter keeps the data routes it made per routes
// array. Neither tree is changed after it is made (the render only reads it).
//
// The script is idempotent. On another version of a package it changes
// nothing in it and says so; on this version, if the text it expects is not
// there, it fails, so a changed dependency is noticed instead of silently
// losing the cache. tests/unit/router-branch-cache.test.ts checks the patched
// copies.
import { readFileSync, writeFileSync } from "node:fs";
import { createRequire } from "node:module";
import path from "node:path";
import { pathToFileURL } from "node:url";

const require = createRequire(import.meta.url);
const MARKER = "/* kohtaamo: ranked branches cached per route tree */";
const INDEX_MARKER = "/* kohtaamo: ranked branches indexed by first path segment */";
const VERSION = "1.23.3";

const cacheEdits = [
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
      '  let key = (caseSensitive ? "c" : "i") + (end ? "e" : "p") + path;\n' +
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

// The code the second stage adds (its comments go into the router's copy too: firstStaticSegment says why a skipped branch could not have matched).
const indexCode = String.raw`${INDEX_MARKER}
let branchIndexes = new WeakMap();
function candidateBranches(branches, pathname) {
  let index = branchIndexes.get(branches);
  if (!index) {
    index = indexBranches(branches);
    branchIndexes.set(branches, index);
  }
  if (pathname.charAt(0) !== "/") return index.anyPath;
  let end = pathname.indexOf("/", 1);
  let first = pathname.slice(1, end < 0 ? pathname.length : end).toLowerCase();
  return index.byFirstSegment.get(first) || index.anyPath;
}
// Every list keeps the ranked order and holds every branch whose key is null.
function indexBranches(branches) {
  let keys = branches.map(firstStaticSegment);
  let anyPath = branches.filter((_, i) => keys[i] === null);
  let byFirstSegment = new Map();
  for (let key of keys) {
    if (key !== null && !byFirstSegment.has(key)) {
      byFirstSegment.set(key, branches.filter((_, i) => keys[i] === null || keys[i] === key));
    }
  }
  return { anyPath, byFirstSegment };
}
// The first segment (lower-cased) of every path the branch can match, or null.
// matchRouteBranch matches the branch's routes in turn. A route whose relative
// path is "" or "/" and is not the last compiles to /^\//: it takes nothing,
// and the next route is matched against the whole path again. The first other
// route's pattern (compilePath) is "^/", its first segment (regexp characters
// escaped: literal unless it holds "?", which explodeOptionalSegments leaves
// inside a segment, or starts with ":"), then "/" (before the next segment or
// a required parameter) or the pattern's end ("\/*$", "(?:(?=\/|$))" or the
// splat's "(?:\/(.+)|\/*)$"), whether end or allowPartial. So the path's first
// segment equals that literal: exactly if the route is case-sensitive, else
// under the "i" flag, which never matches a non-ASCII character with an ASCII
// one, so for an ASCII literal both lower-cased are equal. Otherwise null.
function firstStaticSegment(branch) {
  for (let meta of branch.routesMeta) {
    let path = meta.relativePath;
    if (path === "" || path === "/") continue;
    let segment = path.replace(/\/*\*?$/, "").replace(/^\/*/, "").split("/")[0];
    let literal = !path.includes("?") && segment !== "" && !segment.startsWith(":") && /^[\x00-\x7f]+$/.test(segment);
    return literal ? segment.toLowerCase() : null;
  }
  return null;
}
`;

const indexEdits = [
  {
    from: "  let decoded = decodePath(pathname);\n  for (let i = 0; matches == null && i < branches.length; ++i) {\n",
    to:
      "  let decoded = decodePath(pathname);\n" +
      "  branches = candidateBranches(branches, decoded);\n" +
      "  for (let i = 0; matches == null && i < branches.length; ++i) {\n",
  },
  {
    from: "function convertRouteMatchToUiMatch(match, loaderData) {\n",
    to: `${indexCode}function convertRouteMatchToUiMatch(match, loaderData) {\n`,
  },
  {
    from: "  rankedBranchesCache = new WeakMap();\n  var _childrenToPatch;\n",
    to: "  rankedBranchesCache = new WeakMap();\n  branchIndexes = new WeakMap();\n  var _childrenToPatch;\n",
  },
];

// In order: each stage applies to the text the ones before it leave.
const stages = [
  { marker: MARKER, edits: cacheEdits },
  { marker: INDEX_MARKER, edits: indexEdits },
];

const RENDER_MARKER = "/* kohtaamo: server routes kept per route manifest */";
const remixServerEdits = [
  {
    from: "  let routes$1 = routes.createServerRoutes(manifest.routes, routeModules, context.future, context.isSpaMode);\n",
    to: "  let routes$1 = serverRoutesFor(manifest.routes, routeModules, context.future, context.isSpaMode);\n",
  },
  {
    from: "function RemixServer({\n",
    to:
      `${RENDER_MARKER}\n` +
      "let serverRoutesCache = new WeakMap();\n" +
      "function serverRoutesFor(manifestRoutes, routeModules, future, isSpaMode) {\n" +
      "  let cached = serverRoutesCache.get(manifestRoutes);\n" +
      "  let ids = Object.keys(routeModules);\n" +
      "  if (\n" +
      "    !cached ||\n" +
      "    cached.future !== future ||\n" +
      "    cached.isSpaMode !== isSpaMode ||\n" +
      "    cached.ids.length !== ids.length ||\n" +
      "    ids.some((id) => cached.modules[id] !== routeModules[id])\n" +
      "  ) {\n" +
      "    let made = routes.createServerRoutes(manifestRoutes, routeModules, future, isSpaMode);\n" +
      "    cached = { routes: made, future, isSpaMode, ids, modules: { ...routeModules } };\n" +
      "    serverRoutesCache.set(manifestRoutes, cached);\n" +
      "  }\n" +
      "  return cached.routes;\n" +
      "}\n" +
      "function RemixServer({\n",
  },
];

const STATIC_MARKER = "/* kohtaamo: data routes kept per routes array */";
const staticRouterEdits = [
  {
    from:
      "function createStaticRouter(routes, context, opts = {}) {\n" +
      "  let manifest = {};\n" +
      "  let dataRoutes = router.UNSAFE_convertRoutesToDataRoutes(routes, reactRouter.UNSAFE_mapRouteProperties, undefined, manifest);\n",
    to:
      `${STATIC_MARKER}\n` +
      "let dataRoutesCache = new WeakMap();\n" +
      "function createStaticRouter(routes, context, opts = {}) {\n" +
      "  let converted = dataRoutesCache.get(routes);\n" +
      "  if (!converted) {\n" +
      "    let made = {};\n" +
      "    converted = { manifest: made, dataRoutes: router.UNSAFE_convertRoutesToDataRoutes(routes, reactRouter.UNSAFE_mapRouteProperties, undefined, made) };\n" +
      "    dataRoutesCache.set(routes, converted);\n" +
      "  }\n" +
      "  let { manifest, dataRoutes } = converted;\n",
  },
];

const remixServerStages = [{ marker: RENDER_MARKER, edits: remixServerEdits }];
const staticRouterStages = [{ marker: STATIC_MARKER, edits: staticRouterEdits }];

/** Each patched file: its package, the version the edits are written for, the file in it, and its stages in order. */
const targets = [
  { name: "@remix-run/router", version: VERSION, file: "dist/router.cjs.js", stages },
  {
    name: "@remix-run/react",
    version: "2.17.5",
    file: "dist/server.js",
    stages: remixServerStages,
  },
  {
    name: "react-router-dom",
    version: "6.30.4",
    file: "server.js",
    stages: staticRouterStages,
  },
];

function replaceOnce(text, from, to) {
  const at = text.indexOf(from);
  if (at < 0 || text.indexOf(from, at + 1) >= 0) {
    throw new Error(`patch-router: expected exactly one ${JSON.stringify(from.slice(0, 60))}`);
  }
  return text.slice(0, at) + to + text.slice(at + from.length);
}

function applyStages(source, targetStages) {
  let patched = source;
  for (const { marker, edits } of targetStages) {
    if (!patched.includes(marker)) for (const { from, to } of edits) patched = replaceOnce(patched, from, to);
  }
  return patched;
}

function undoStages(source, targetStages) {
  let original = source;
  for (const { marker, edits } of [...targetStages].reverse()) {
    if (original.includes(marker))
      for (const { from, to } of [...edits].reverse()) original = replaceOnce(original, to, from);
  }
  return original;
}

/** The router's source with every stage not yet in it applied. */
export const patchRouterSource = (source) => applyStages(source, stages);

/** The router's source as published: every applied stage undone (the tests compare with it). */
export const unpatchRouterSource = (source) => undoStages(source, stages);

/** @remix-run/react's dist/server.js (RemixServer) with its routes kept per route manifest. */
export const patchRemixServerSource = (source) => applyStages(source, remixServerStages);

/** react-router-dom's server.js (createStaticRouter) with its data routes kept per routes array. */
export const patchStaticRouterSource = (source) => applyStages(source, staticRouterStages);

/** Both render patches undone: the published texts (for the tests' and a bench's comparisons). */
export const unpatchRemixServerSource = (source) => undoStages(source, remixServerStages);
export const unpatchStaticRouterSource = (source) => undoStages(source, staticRouterStages);

/** The installed file of a target package (its package.json's folder: react-router-dom's exports hide server.js's path). */
export function targetFile(name, file) {
  return path.join(path.dirname(require.resolve(`${name}/package.json`)), file);
}

function main() {
  for (const target of targets) {
    const { version } = JSON.parse(readFileSync(targetFile(target.name, "package.json"), "utf8"));
    if (version !== target.version) {
      console.warn(
        `patch-router: ${target.name} is ${version}, the patch is for ${target.version}; it is left as it is (see scripts/patch-router.mjs).`,
      );
      continue;
    }
    const file = targetFile(target.name, target.file);
    const source = readFileSync(file, "utf8");
    const patched = applyStages(source, target.stages);
    if (patched !== source) writeFileSync(file, patched);
  }
}

// Run as a script (not imported by the test); pathToFileURL so a checkout path with spaces still matches.
if (process.argv[1] && import.meta.url === pathToFileURL(process.argv[1]).href) main();
