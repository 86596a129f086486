// npm run check:bundle: the JavaScript each page of the built app sends to a
// browser, checked against the limits of issue 16. Reads what `remix build`
// wrote (public/build, build/metafile.js.json and the server build for each
// route's `handle`); run the build first (`npm run check:bundle` does).
//
// A page's files are what Remix's <Scripts /> loads for it: the client entry and
// its imports, then each matched route module (root … leaf) and its imports.
// A page whose matched routes opt out of hydration (`handle.hydrate === false`,
// see app/root.tsx) loads none. An "empty chunk" is an output file with no code
// of ours or of a library in it (e.g. a `*.server.ts` module emptied for the
// browser): each costs a request for nothing.
//
//   node scripts/check-bundle.mjs            table + summary; exit 1 over a limit
//   node scripts/check-bundle.mjs --report   sizes over a limit only reported; Zod on the client and
//                                            empty chunks (both already at zero) still fail
//   node scripts/check-bundle.mjs --json     the figures as JSON (for bench/RESULTS.md)
import fs from "node:fs";
import path from "node:path";
import { pathToFileURL } from "node:url";
import zlib from "node:zlib";

const KiB = 1024;
/** Limits in gzipped KiB per page (route id of the leaf), from issue 16. */
export const LIMITS = {
  "routes/login": { name: "sign-in", gzipKiB: 60 },
  "routes/_app.accounts.$accountId": { name: "account", gzipKiB: 120 },
  "routes/_app.portfolio._index": { name: "portfolio", gzipKiB: 120 },
};

const args = new Set(process.argv.slice(2));
const root = process.cwd();
const publicDir = path.join(root, "public");
const serverBuild = path.join(root, "build", "index.js");
const metafilePath = path.join(root, "build", "metafile.js.json");

if (!fs.existsSync(serverBuild) || !fs.existsSync(metafilePath)) {
  console.error("bundle: FAILED (no build: run `npx remix build` first, or `npm run check:bundle`)");
  process.exit(1);
}

const build = await import(pathToFileURL(serverBuild).href);
const manifest = build.assets;
const metafile = JSON.parse(fs.readFileSync(metafilePath, "utf8"));

const sizes = new Map();
function sizeOf(url) {
  let size = sizes.get(url);
  if (!size) {
    const bytes = fs.readFileSync(path.join(publicDir, url));
    size = { raw: bytes.length, gzip: zlib.gzipSync(bytes, { level: 9 }).length };
    sizes.set(url, size);
  }
  return size;
}

// Output files (as URLs) holding no code: built from modules, but every one of
// them emptied or shaken off. (esbuild's own runtime helpers come from no module.)
const emptyChunks = new Set();
for (const [output, info] of Object.entries(metafile.outputs)) {
  if (!output.endsWith(".js") || Object.keys(info.inputs).length === 0) continue;
  const inputs = Object.entries(info.inputs).filter(([, v]) => v.bytesInOutput > 0);
  const hasCode = inputs.some(([input]) => !input.startsWith("empty-module:"));
  if (!hasCode) emptyChunks.add("/" + path.relative(publicDir, path.join(root, output)).split(path.sep).join("/"));
}

// Packages each output file carries (from esbuild's inputs), and the ones no page may load.
const FORBIDDEN_PACKAGES = ["zod"];
function packageOf(input) {
  const match = /node_modules\/((?:@[^/]+\/)?[^/]+)\//.exec(input);
  return match ? match[1] : null;
}
const packagesByFile = new Map();
for (const [output, info] of Object.entries(metafile.outputs)) {
  const url = "/" + path.relative(publicDir, path.join(root, output)).split(path.sep).join("/");
  const packages = new Map();
  for (const [input, v] of Object.entries(info.inputs)) {
    const name = packageOf(input);
    if (name && v.bytesInOutput > 0) packages.set(name, (packages.get(name) ?? 0) + v.bytesInOutput);
  }
  packagesByFile.set(url, packages);
}
const forbidden = new Set();
for (const packages of packagesByFile.values())
  for (const name of packages.keys()) if (FORBIDDEN_PACKAGES.includes(name)) forbidden.add(name);

// The message catalogues stay on the server: a page gets the messages its routes
// can show (app/web/route-messages.json) from the root loader (app/i18n/page-messages.ts). The shell's few
// messages (frame and error page, app/i18n/messages/shell.ts) are the exception:
// they must show when no loader data reaches the page.
const CATALOGUE = /^app\/i18n\/(en\.ts|fi\.ts|messages\/(?!shell\.ts$))/;
for (const info of Object.values(metafile.outputs))
  for (const [input, v] of Object.entries(info.inputs))
    if (CATALOGUE.test(input) && v.bytesInOutput > KiB) forbidden.add(`the message catalogues (${input})`);

function chain(id) {
  const ids = [];
  for (let route = manifest.routes[id]; route; route = manifest.routes[route.parentId]) ids.unshift(route.id);
  return ids;
}

function pageFiles(leafId) {
  const ids = chain(leafId);
  const hydrates = ids.every((id) => build.routes[id]?.module?.handle?.hydrate !== false);
  if (!hydrates) return { hydrates, files: [] };
  const files = new Set([manifest.entry.module, ...manifest.entry.imports]);
  for (const id of ids) {
    const route = manifest.routes[id];
    files.add(route.module);
    for (const file of route.imports ?? []) files.add(file);
  }
  return { hydrates, files: [...files] };
}

// Every page: a route with a component that is not only a layout (no child index).
const pages = Object.keys(build.routes)
  .filter((id) => id !== "root" && typeof build.routes[id].module.default === "function")
  .filter((id) => !Object.values(manifest.routes).some((r) => r.parentId === id))
  .sort();

const rows = pages.map((id) => {
  const { hydrates, files } = pageFiles(id);
  let raw = 0;
  let gzip = 0;
  for (const file of files) {
    const size = sizeOf(file);
    raw += size.raw;
    gzip += size.gzip;
  }
  const empty = files.filter((f) => emptyChunks.has(f));
  const packages = {};
  for (const file of files)
    for (const [name, bytes] of packagesByFile.get(file) ?? []) packages[name] = (packages[name] ?? 0) + bytes;
  const limit = LIMITS[id];
  const over = limit ? gzip / KiB > limit.gzipKiB : false;
  return {
    id,
    name: limit?.name,
    hydrates,
    files: files.length,
    raw,
    gzip,
    empty: empty.length,
    limit,
    over,
    packages,
  };
});

if (args.has("--json")) {
  console.log(JSON.stringify({ pages: rows, emptyChunks: [...emptyChunks] }, null, 2));
  process.exit(0);
}

const pad = (s, n) => String(s).padEnd(n);
const num = (v, n) => String(v).padStart(n);
console.log(`${pad("page (route id)", 58)}${num("files", 6)}${num("raw KiB", 10)}${num("gzip KiB", 10)}  limit`);
for (const r of rows) {
  const limit = r.limit ? `${r.limit.gzipKiB} KiB ${r.over ? "OVER" : "ok"}` : "";
  const note = r.hydrates ? (r.empty ? `  ${r.empty} empty` : "") : "  (no scripts)";
  console.log(
    `${pad(r.id, 58)}${num(r.files, 6)}${num((r.raw / KiB).toFixed(1), 10)}${num((r.gzip / KiB).toFixed(1), 10)}  ${limit}${note}`,
  );
}

for (const r of rows.filter((row) => row.limit && row.hydrates)) {
  const list = Object.entries(r.packages)
    .sort((a, b) => b[1] - a[1])
    .map(([name, bytes]) => `${name} ${(bytes / KiB).toFixed(0)}`)
    .join(", ");
  console.log(`  ${r.name}: packages (raw KiB): ${list}`);
}

// Hard failures hold in report mode too: they are at zero and must stay there.
const hard = [];
if (forbidden.size)
  hard.push(
    `on the client: ${[...forbidden].join(", ")} (schemas are checked on the server: import them as types only; a page's messages come from the root loader, see app/i18n/page-messages.ts)`,
  );
if (emptyChunks.size) hard.push(`${emptyChunks.size} empty chunks`);
const failures = [...hard];
for (const r of rows) if (r.over) failures.push(`${r.name} ${(r.gzip / KiB).toFixed(1)} KiB > ${r.limit.gzipKiB} KiB`);
const named = rows
  .filter((r) => r.limit)
  .map((r) => `${r.name} ${r.files} files ${(r.gzip / KiB).toFixed(1)} KiB`)
  .join(", ");
const largest = rows.reduce((a, b) => (b.gzip > a.gzip ? b : a));
const summary = `${named}; largest page ${largest.id.replace(/^routes\//, "")} ${(largest.gzip / KiB).toFixed(1)} KiB; ${emptyChunks.size} empty chunks`;
const failing = args.has("--report") ? hard.length > 0 : failures.length > 0;
console.log(`bundle: ${failures.length ? (failing ? "FAILED" : "over (report only)") : "ok"} — ${summary}`);
if (failures.length) console.log(`  over the limits: ${failures.join("; ")}`);
process.exit(failing ? 1 : 0);
