// What bench/page-cpu.ts and bench/page-cpu-ab.ts share: the production
// configuration for a size's bench database, the pages (the floors every page
// stands on, then the bench's own), the demo users signed in through a real
// server, and a built app's request handler called in this process as
// scripts/server.mjs wraps it. Import it before anything loads React or Remix.
import { randomBytes, randomUUID } from "node:crypto";
import path from "node:path";
import { pathToFileURL } from "node:url";
import { databaseUrl } from "./datasets.ts";
import { signIn, startServer } from "./lib.ts";
import { pageFilter } from "./options.ts";
import { pagesFor } from "./pages.ts";

const EMAIL = {
  director: "director@pohjola.example",
  kam: "kam@pohjola.example",
  customer: "customer@kestila.example",
};
export type Who = keyof typeof EMAIL | null;
export interface InProcessPage {
  name: string;
  path: string;
  who: Who;
}

/** The production configuration, set before a build loads React and Remix (they pick their builds by it). */
export function setProductionConfig(size: string, tool: string): void {
  process.env.DATABASE_URL = databaseUrl(size);
  process.env.NODE_ENV = "production";
  process.env.SESSION_SECRET = `${tool}-${randomBytes(16).toString("hex")}`;
}

/** What every page stands on, then the bench's pages of `size`; as many as --pages names. */
export async function pagesToMeasure(size: string, floors: InProcessPage[]): Promise<InProcessPage[]> {
  return [...floors, ...(await pagesFor(size))].filter(
    (p) => !pageFilter.length || pageFilter.some((part) => p.name.toLowerCase().includes(part)),
  );
}

/** The floors: a resource route, a document with no data and no JavaScript, the signed-in shell around one small form. */
export const FLOORS = {
  livez: { name: "/livez (resource route)", path: "/livez", who: null },
  signIn: { name: "sign-in page (no data, no JavaScript)", path: "/login", who: null },
  shell: { name: "calendar settings (the signed-in shell)", path: "/settings/calendar", who: "kam" },
} satisfies Record<string, InProcessPage>;

/**
 * Signs in the pages' users through a real server (the cookie is signed with
 * this process's SESSION_SECRET), then stops it; the base URL requests are made to.
 */
export async function signInUsers(pages: InProcessPage[]) {
  const port = 3400 + Math.floor(Math.random() * 500);
  const baseUrl = `http://127.0.0.1:${port}`;
  const server = await startServer({ ...process.env, PORT: String(port), SIGN_IN_RATE_LIMIT: "1000000" }, baseUrl);
  const cookies: Partial<Record<string, string>> = {};
  try {
    for (const who of new Set(pages.map((p) => p.who))) if (who) cookies[who] = await signIn(baseUrl, EMAIL[who]);
  } finally {
    server.kill("SIGTERM");
  }
  return { baseUrl, cookies };
}

/**
 * A built app's request handler (its server build in `dir`), wrapped as
 * scripts/server.mjs wraps it; a page fetched as the server hands a request on,
 * with the request id it stamps (app/web/request.server.ts). Also closes its database.
 */
export async function loadBuild(dir: string, session: Awaited<ReturnType<typeof signInUsers>>) {
  const build = await import(pathToFileURL(path.resolve(dir, "index.js")).href);
  const entry = build.entry.module;
  const { createRequestHandler } = await import("@remix-run/node");
  const handle = createRequestHandler(entry.withPageMessages(entry.withDatabaseFaultsAs503(build)), "production");
  const { baseUrl, cookies } = session;
  async function fetchPage(pagePath: string, who: Who): Promise<ArrayBuffer> {
    const cookie = who ? cookies[who] : undefined;
    const headers = { "x-kohtaamo-request-id": randomUUID(), ...(cookie ? { cookie } : {}) };
    const res = await handle(
      new Request(`${baseUrl}${pagePath}`, { headers }),
      entry.pageLoadContext(new URL(pagePath, baseUrl).pathname),
    );
    if (res.status !== 200) throw new Error(`${pagePath} answered ${res.status}`);
    return res.arrayBuffer();
  }
  return { fetchPage, closeDatabase: () => entry.closeDatabase() as Promise<void> };
}

/**
 * The two builds an A/B tool compares (A_BUILD, B_BUILD: each a checkout's
 * `build/`), loaded side by side on `size`'s bench database, with the pages
 * (the floors, then the bench's) and their users signed in.
 */
export async function loadBuildsAB(size: string, tool: string) {
  const dirs = { A: process.env.A_BUILD, B: process.env.B_BUILD };
  if (!dirs.A || !dirs.B)
    throw new Error("Set A_BUILD and B_BUILD to two server build directories (each a checkout's build/).");
  setProductionConfig(size, tool);
  const pages = await pagesToMeasure(size, [FLOORS.signIn, FLOORS.shell]);
  const session = await signInUsers(pages);
  const [A, B] = [await loadBuild(dirs.A, session), await loadBuild(dirs.B, session)];
  return { pages, A, B, dirs: { A: dirs.A, B: dirs.B } };
}
