// The built production server on each size's database (or on the embedded
// PGlite), each on a free port, signed in as the demo's users.
import type { ChildProcess } from "node:child_process";
import net from "node:net";
import { signIn as signInAt, startServer as startServerAt, watchRss } from "./lib.ts";
import {
  databaseUrl,
  datasetCounts,
  describeCounts,
  describeDisk,
  diskSizes,
  ensureDataset,
  type DiskSizes,
} from "./datasets.ts";
import { firstPort, pageFilter } from "./options.ts";
import { pagesFor, type Page } from "./pages.ts";

/** A size's server, running: its database, sign-ins and pages. */
export interface Target {
  size: string;
  disk: DiskSizes | null;
  /** null: the embedded database. */
  url: string | null;
  baseUrl: string;
  server: ChildProcess;
  rss: ReturnType<typeof watchRss>;
  cookies: Record<"director" | "kam" | "customer", string>;
  pages: Page[];
  counts: Record<string, number>;
  dataset: string;
}

/** The built server on a database (null: the embedded PGlite in `pgliteDir`), on a free port or --port. */
export async function startServer(
  url: string | null,
  pgliteDir?: string,
): Promise<{ server: ChildProcess; baseUrl: string }> {
  const port = firstPort > 0 ? firstPort + started++ : await freePort();
  const baseUrl = `http://127.0.0.1:${port}`;
  const database = url ? { DATABASE_URL: url } : { DATABASE_URL: "", PGLITE_DATA_DIR: pgliteDir! };
  const server = await startServerAt(
    {
      ...process.env,
      ...database,
      PORT: String(port),
      SESSION_SECRET: "bench-session-secret-0123456789",
      SIGN_IN_RATE_LIMIT: "1000000",
    },
    baseUrl,
  );
  return { server, baseUrl };
}
let started = 0;

/** A port nobody listens on now, from the system. */
function freePort(): Promise<number> {
  return new Promise((resolve, reject) => {
    const probe = net.createServer();
    probe.once("error", reject);
    probe.listen(0, "127.0.0.1", () => {
      const { port } = probe.address() as net.AddressInfo;
      probe.close(() => resolve(port));
    });
  });
}

/** The size's database made ready and described, its server started and signed in (`withPages`: with disk sizes and pages). */
export async function startTarget(size: string, withPages = true): Promise<Target> {
  console.log(`\n## ${size}`);
  const dataset = await ensureDataset(size);
  const url = databaseUrl(size);
  const counts = await datasetCounts(size);
  console.log(`  dataset: ${dataset}; ${describeCounts(counts)}`);
  const disk = withPages ? await diskSizes(size) : null;
  if (disk) for (const line of describeDisk(disk)) console.log(`  ${line}`);
  const pages = withPages
    ? (await pagesFor(size)).filter((p) => !pageFilter.length || pageFilter.some((f) => p.name.toLowerCase().includes(f)))
    : [];
  const { server, baseUrl } = await startServer(url);
  try {
    return {
      size,
      disk,
      url,
      baseUrl,
      server,
      rss: watchRss(server.pid!),
      cookies: await signInAll(baseUrl),
      pages,
      counts,
      dataset,
    };
  } catch (error) {
    server.kill("SIGTERM");
    throw error;
  }
}

export async function signInAll(baseUrl: string) {
  return {
    director: await signInAt(baseUrl, "director@pohjola.example"),
    kam: await signInAt(baseUrl, "kam@pohjola.example"),
    customer: await signInAt(baseUrl, "customer@kestila.example"),
  };
}

export async function stopTarget(t: Target) {
  t.rss.stop();
  if (t.server.exitCode !== null) return;
  t.server.kill("SIGTERM");
  await new Promise((r) => t.server.once("exit", r));
}
