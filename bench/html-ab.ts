// A_BUILD=DIR B_BUILD=DIR npx tsx bench/html-ab.ts [--sizes small] [--pages account,portfolio] [--save-html DIR]
//
// Two builds of the app compared page by page for the HTML they send: a change
// meant to change no page (a merged component, a shared helper, a faster way to
// render the same thing) must send the same documents. Each build's request
// handler is loaded in this process, as bench/page-cpu-ab.ts does (A_BUILD and
// B_BUILD: e.g. a detached worktree's `build/` of the base commit and this
// checkout's), and every bench page of the size (the floors, then the pages of
// bench/pages.ts, as their users) is fetched from both. What differs between
// any two requests or builds is set aside before comparing: nonces, the
// names of built assets, the build's version, the time of the request (loader
// data's `now`) and a form's submission id. Prints each page as same or
// differing, with the first differing lines; with --save-html writes both
// sides of each differing page (normalised, one tag a line) to DIR for a diff.
// Exits 1 when a page differs. Both builds share the size's bench database
// (`npm run bench` seeds it).
import fs from "node:fs";
import path from "node:path";
import { loadBuildsAB } from "./in-process.ts";
import { args, sizes } from "./options.ts";

const size = sizes[0] ?? "small";
const { pages, A, B } = await loadBuildsAB(size, "html-ab");

/** The document as comparable lines: per-request and per-build values set aside, one tag a line. */
export const normalise = (html: string) =>
  html
    .replace(/nonce="[^"]*"/g, 'nonce=""')
    .replace(/\/build\/[^"'\s)]*/g, "/build/…")
    .replace(/"version":\s*"[^"]*"/g, '"version":"…"')
    .replace(/submissionId\\?",\\?"[0-9a-f-]{36}/g, "submissionId…")
    // A time within minutes of now is the request's own (as `now`), not a record's.
    .replace(/\d{4}-\d\d-\d\dT\d\d:\d\d:\d\d\.\d{3}Z/g, (t) =>
      Math.abs(Date.parse(t) - Date.now()) < 300_000 ? "…now" : t,
    )
    .replace(/></g, ">\n<")
    .split("\n");

const decode = (b: ArrayBuffer) => new TextDecoder().decode(b);
let differing = 0;
for (const page of pages) {
  const [a, b] = [
    normalise(decode(await A.fetchPage(page.path, page.who))),
    normalise(decode(await B.fetchPage(page.path, page.who))),
  ];
  const first = a.findIndex((line, i) => line !== b[i]);
  if (first === -1 && a.length === b.length) {
    console.log(`same      ${page.name}`);
    continue;
  }
  differing++;
  const at = first === -1 ? Math.min(a.length, b.length) : first;
  console.log(`DIFFERS   ${page.name} (${page.path}), from line ${at + 1}:`);
  console.log(
    `  A: ${a
      .slice(at, at + 3)
      .join(" ")
      .slice(0, 300)}`,
  );
  console.log(
    `  B: ${b
      .slice(at, at + 3)
      .join(" ")
      .slice(0, 300)}`,
  );
  if (args["save-html"]) {
    fs.mkdirSync(args["save-html"], { recursive: true });
    const name = page.name.replace(/\W+/g, "-");
    fs.writeFileSync(path.join(args["save-html"], `${size}-${name}.A.html`), a.join("\n"));
    fs.writeFileSync(path.join(args["save-html"], `${size}-${name}.B.html`), b.join("\n"));
  }
}
console.log(`\n${pages.length - differing} of ${pages.length} pages the same, ${differing} differing (${size}).`);
await Promise.all([A.closeDatabase(), B.closeDatabase()]);
process.exit(differing ? 1 : 0);
