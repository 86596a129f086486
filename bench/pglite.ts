// The account page at the demo size on the embedded database (PGlite) beside
// the same data on PostgreSQL, measured interleaved.
import path from "node:path";
import { databaseUrl, one } from "./datasets.ts";
import { fmt, watchRss } from "./lib.ts";
import { measureInterleaved, type Load } from "./measure.ts";
import { args, connections, root, run } from "./options.ts";
import type { Page } from "./pages.ts";
import { signInAll, startServer, startTarget, stopTarget, type Target } from "./servers.ts";

export interface EmbeddedResult {
  postgres: { loaded: Load; alone: Load };
  pglite: { loaded: Load; alone: Load };
  pgliteDataset: string;
}

/**
 * The account page of the demo's largest account on the embedded database
 * (PGlite, in the server's own thread: the default of a new install) beside
 * the same data on PostgreSQL, both servers up, measured interleaved.
 */
export async function benchEmbedded(): Promise<EmbeddedResult> {
  console.log("\n## demo: embedded database (PGlite) beside PostgreSQL");
  const dir = path.resolve(root, args["pglite-dir"]);
  const env = { ...process.env, DATABASE_URL: "", PGLITE_DATA_DIR: dir };
  run(["db/migrate.ts"], env);
  const seeded = run(["db/seed.ts", "--size", "demo", "--if-empty"], env);
  const pgliteDataset = seeded.out.includes("leaving it as it is")
    ? `reused ${args["pglite-dir"]}`
    : `seeded ${args["pglite-dir"]} in ${seeded.seconds.toFixed(0)} s`;
  const accountId = await embeddedAccountId(dir);
  const postgres = await startTarget("demo", false);
  const { id: postgresAccountId } = await one<{ id: string }>(
    databaseUrl("demo"),
    `select id from accounts where name = 'Kestilä Logistics Oy'`,
  );
  let embedded: Target | null = null;
  try {
    const { server, baseUrl } = await startServer(null, dir);
    embedded = { ...postgres, url: null, baseUrl, server, rss: watchRss(server.pid!) };
    embedded.cookies = await signInAll(baseUrl);
    const pageOn = (t: Target): Page => {
      const id = t.url ? postgresAccountId : accountId;
      return {
        name: "largest account page",
        path: `/accounts/${id}`,
        who: "kam",
        routes: [],
        params: { accountId: id },
      };
    };
    const [pg, lite] = await measureInterleaved([postgres, embedded], pageOn);
    for (const [name, f] of [
      ["PostgreSQL", pg!],
      ["PGlite", lite!],
    ] as const) {
      console.log(
        `  account page on ${name.padEnd(10)} alone p50 ${fmt(f.alone.p50)} p95 ${fmt(f.alone.p95)} ms | ${connections} connections p50 ${fmt(f.loaded.p50)} p95 ${fmt(f.loaded.p95)} ms, ${fmt(f.loaded.rps, 0)} req/s`,
      );
    }
    return { postgres: pg!, pglite: lite!, pgliteDataset };
  } finally {
    if (embedded) await stopTarget(embedded);
    await stopTarget(postgres);
  }
}

/** The largest demo account's id in the embedded database (read before its server opens it). */
async function embeddedAccountId(dir: string): Promise<string> {
  const { createDatabase } = await import("#db/connection.ts");
  const database = createDatabase({ dataDir: dir });
  try {
    const row = await database.db
      .selectFrom("accounts")
      .select("id")
      .where("name", "=", "Kestilä Logistics Oy")
      .executeTakeFirstOrThrow();
    return row.id;
  } finally {
    await database.close();
  }
}
