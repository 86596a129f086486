// The pages the benchmark measures on each size, and their loaders timed
// in-process (the page's own database work, without HTTP or rendering).
import { percentile } from "./lib.ts";
import { databaseUrl, one } from "./datasets.ts";

export interface Page {
  name: string;
  path: string;
  who: "director" | "kam" | "customer" | null;
  /** Route ids whose loaders make up the page (root first), run directly for the floor. */
  routes: string[];
  params?: Record<string, string>;
}

/** The server build (build/index.js) as far as the benchmark uses it. */
export type Build = {
  routes: Record<string, { module: { loader?: (a: unknown) => unknown } }>;
  entry: { module: { closeDatabase: () => Promise<void> } };
};

/** Runs the page's loaders in-process, as Remix does for a document request (in parallel), for ~2 s. */
export async function timeLoaders(build: Build, baseUrl: string, page: Page, cookie: string | null): Promise<number> {
  const times: number[] = [];
  const until = performance.now() + 2000;
  while (performance.now() < until || times.length < 5) {
    const request = new Request(`${baseUrl}${page.path}`, { headers: cookie ? { cookie } : {} });
    const t0 = performance.now();
    await Promise.all(
      page.routes.map(async (id) => {
        const loader = build.routes[id]?.module.loader;
        if (!loader) throw new Error(`no loader for route ${id}`);
        try {
          await loader({ request, params: page.params ?? {}, context: {} });
        } catch (thrown) {
          // A redirect would mean the loader did not do the page's work: that is a broken benchmark.
          throw thrown instanceof Response ? new Error(`${page.name}: ${id} answered ${thrown.status}`) : thrown;
        }
      }),
    );
    times.push(performance.now() - t0);
  }
  times.sort((a, b) => a - b);
  return percentile(times, 50);
}

export async function pagesFor(size: string): Promise<Page[]> {
  const url = databaseUrl(size);
  const { id: largest } = await one<{ id: string }>(url, `select id from accounts where name = 'Kestilä Logistics Oy'`);
  const page50 = await one<{ occurred_at: Date; id: string }>(
    url,
    `select occurred_at, id from touchpoints where account_id = $1
     order by occurred_at desc, id desc
     offset least(${49 * 25 - 1}, (select count(*) / 2 from touchpoints where account_id = $1)) limit 1`,
    [largest],
  );
  const cursor = Buffer.from(JSON.stringify([page50.occurred_at.toISOString(), page50.id])).toString("base64url");
  const { id: kam } = await one<{ id: string }>(url, `select id from users where email = 'kam@pohjola.example'`);
  const account = { accountId: largest };
  const app = (route: string) => ["root", "routes/_app", route];
  return [
    { name: "portfolio, first page", path: "/portfolio", who: "director", routes: app("routes/_app.portfolio._index") },
    {
      name: "portfolio sorted by health",
      path: "/portfolio?sort=health&dir=asc",
      who: "director",
      routes: app("routes/_app.portfolio._index"),
    },
    {
      name: "largest account page",
      path: `/accounts/${largest}`,
      who: "kam",
      routes: app("routes/_app.accounts.$accountId"),
      params: account,
    },
    {
      name: "its timeline, page 50",
      path: `/accounts/${largest}/timeline?cursor=${cursor}`,
      who: "kam",
      routes: app("routes/_app.accounts.$accountId_.timeline"),
      params: account,
    },
    { name: "risk inbox", path: "/risks", who: "director", routes: app("routes/_app.risks") },
    {
      name: "portal home",
      path: "/portal",
      who: "customer",
      routes: ["root", "routes/portal", "routes/portal._index"],
    },
    {
      name: "portfolio trends",
      path: "/portfolio/trends",
      who: "director",
      routes: app("routes/_app.portfolio.trends"),
    },
    {
      name: "one KAM's view",
      path: `/portfolio/kams/${kam}`,
      who: "director",
      routes: app("routes/_app.portfolio.kams.$userId"),
      params: { userId: kam },
    },
  ];
}
