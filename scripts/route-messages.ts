// Which messages each route sends to its page, read from the source by the
// message-usage scan (scripts/message-usage.ts): the keys the route file and
// what it imports can show from the page's messages, less those a route above
// it already sends. The root loader sends a page the union over the routes it
// matches (app/web/page-messages.server.ts), so a page carries the messages it
// can show and no others, and no route keeps a list of them by hand.
//
//   npm run messages:routes   writes app/web/route-messages.json
//
// tests/unit/page-messages.test.ts fails, naming this command, when the file
// is not what the source says now.

import fs from "node:fs";
import path from "node:path";
import { fileURLToPath, pathToFileURL } from "node:url";
import { flatRoutes } from "@remix-run/dev/dist/config/flat-routes.js";
import { en } from "#app/i18n/en.ts";
import { keysUsedBy } from "./message-usage.ts";

const root = path.resolve(path.dirname(fileURLToPath(import.meta.url)), "..");
const appDir = path.join(root, "app");
export const ROUTE_MESSAGES_FILE = path.join(appDir, "web/route-messages.json");
const { default: remixConfig } = (await import(pathToFileURL(path.join(root, "remix.config.js")).href)) as {
  default: { ignoredRouteFiles: string[] };
};

type Route = { id: string; parentId?: string; file: string };

/** The app's routes as the build names them (with the files remix.config.js ignores left out). */
function routes(): Record<string, Route> {
  return {
    root: { id: "root", file: "root.tsx" },
    ...(flatRoutes(appDir, remixConfig.ignoredRouteFiles) as Record<string, Route>),
  };
}

/** Each rendering route's keys (sorted), less those of the routes above it; routes that add none are left out. */
export function routeMessages(): Record<string, string[]> {
  const manifest = routes();
  const all = Object.keys(en);
  const used = new Map<string, Set<string>>();
  const usedBy = (id: string): Set<string> => {
    let keys = used.get(id);
    if (!keys) {
      const route = manifest[id]!;
      keys = route.file.endsWith(".tsx") ? keysUsedBy(path.join(appDir, route.file), all) : new Set();
      used.set(id, keys);
    }
    return keys;
  };
  const above = (id: string): Set<string> => {
    const keys = new Set<string>();
    for (let parent = manifest[id]?.parentId; parent; parent = manifest[parent]?.parentId)
      for (const key of usedBy(parent)) keys.add(key);
    return keys;
  };
  const result: Record<string, string[]> = {};
  for (const id of Object.keys(manifest).sort()) {
    const inherited = above(id);
    const own = [...usedBy(id)].filter((key) => !inherited.has(key)).sort();
    if (own.length) result[id] = own;
  }
  return result;
}

/** The file's text: one route a line, so a change to a page's messages is one line of the diff. */
function routeMessagesText(messages: Record<string, string[]>): string {
  const lines = Object.entries(messages).map(([id, keys]) => `  ${JSON.stringify(id)}: ${JSON.stringify(keys)}`);
  return `{\n${lines.join(",\n")}\n}\n`;
}

if (process.argv[1] && path.resolve(process.argv[1]) === fileURLToPath(import.meta.url)) {
  const started = Date.now();
  fs.writeFileSync(ROUTE_MESSAGES_FILE, routeMessagesText(routeMessages()));
  console.log(`${path.relative(root, ROUTE_MESSAGES_FILE)} written in ${((Date.now() - started) / 1000).toFixed(1)} s`);
}
