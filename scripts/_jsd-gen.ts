import fs from "node:fs";
import path from "node:path";
import { flatRoutes } from "@remix-run/dev/dist/config/flat-routes.js";
import { en } from "#app/i18n/en.ts";
import { selects } from "#app/i18n/page-messages.ts";
import { keysUsedBy } from "#tests/setup/message-usage.ts";
const all = Object.keys(en);
const manifest: Record<string, { id: string; parentId?: string; file: string }> = { root: { id: "root", file: "root.tsx" }, ...(flatRoutes(path.resolve("app"), ["**/.*", "**/*.test.{ts,tsx}", "**/__*.*"]) as any) };
const declared = new Map<string, string[]>();
const chainSel = (id: string | undefined): string[] => (id ? [...chainSel(manifest[id]!.parentId), ...(declared.get(id) ?? [])] : []);
const order = Object.values(manifest).sort((a, b) => depth(a.id) - depth(b.id));
function depth(id: string): number { const r = manifest[id]!; return r.parentId ? 1 + depth(r.parentId) : 0; }
for (const r of order) {
  if (!r.file.endsWith(".tsx")) continue;
  const inherited = chainSel(r.parentId);
  const need = [...keysUsedBy(path.join("app", r.file), all)].filter((k) => !selects(inherited, k));
  const byPrefix = new Map<string, string[]>();
  for (const k of need) { const p = k.split(".")[0]!; byPrefix.set(p, [...(byPrefix.get(p) ?? []), k]); }
  const sel: string[] = [];
  for (const [p, keys] of [...byPrefix].sort()) {
    const total = all.filter((k) => k.startsWith(p + ".")).length;
    if (keys.length * 2 >= total || keys.length >= 8) sel.push(p + "."); else sel.push(...keys.sort());
  }
  declared.set(r.id, sel);
  if (process.argv.includes("--write") && sel.length) {
    const file = path.join("app", r.file);
    let src = fs.readFileSync(file, "utf8");
    const list = sel.map((s) => JSON.stringify(s)).join(", ");
    if (/export const handle: PageHandle = \{ hydrate: false \};/.test(src)) {
      src = src.replace("export const handle: PageHandle = { hydrate: false };", `export const handle: PageHandle = { hydrate: false, messages: pageMessages(${list}) };`);
    } else if (r.id === "root") {
      src = src.replace("export function Layout(", `export const handle: PageHandle = { messages: pageMessages(${list}) };\n\nexport function Layout(`);
    } else {
      const lines = src.split("\n");
      let last = -1;
      for (let i = 0; i < lines.length; i++) if (/^import .* from "[^"]+";$|^} from "[^"]+";$/.test(lines[i]!)) last = i;
      lines.splice(last + 1, 0, "", `export const handle: PageHandle = { messages: pageMessages(${list}) };`);
      src = lines.join("\n");
      if (!/type PageHandle/.test(src)) src = src.replace(/^(import[^\n]*\n)/, `$1import type { PageHandle } from "#app/root.tsx";\n`);
    }
    if (!/import \{ pageMessages[^}]*\} from "#app\/i18n\/page-messages.ts";/.test(src) && !/pageMessages, /.test(src.split("\n").filter(l=>l.includes("page-messages.ts")).join("")))
      src = src.replace(/^(import[^\n]*\n)/, `$1import { pageMessages } from "#app/i18n/page-messages.ts";\n`);
    fs.writeFileSync(file, src);
  }
  console.log(r.id.padEnd(60), sel.length, need.length);
}
