// Measuring the pages: autocannon's closed-loop clients against the running
// servers, in interleaved rounds (a page on every size in turn), the server's
// own CPU time from /proc, and each page's loaders timed in-process.
import path from "node:path";
import { pathToFileURL } from "node:url";
import autocannon from "autocannon";
import type { DiskSizes } from "./datasets.ts";
import { fmt, percentile, processCpuMs } from "./lib.ts";
import { connections, durationS, root, rounds } from "./options.ts";
import { timeLoaders, type Build, type Page } from "./pages.ts";
import type { Target } from "./servers.ts";

export interface Load {
  /** Every response's latency, ascending (kept so interleaved rounds can be merged). */
  latencies: number[];
  /** Seconds measured. */
  seconds: number;
  p50: number;
  p95: number;
  p99: number;
  rps: number;
  requests: number;
  errors: number;
  bytes: number;
  /** The server process's own CPU time (user + system) over the measurement, ms; null where it cannot be read. */
  cpuMs: number | null;
}

export interface Figures extends Load {
  page: string;
  /** One client alone: the page's own time, without queueing behind the others. */
  alone: Load;
  directP50: number;
  ratio: number;
}

export interface SizeResult {
  size: string;
  counts: Record<string, number>;
  dataset: string;
  disk: DiskSizes;
  floor: Load;
  results: Figures[];
  peakRss: number;
}

/**
 * `connections` closed-loop clients (autocannon) request the page back to back
 * for `seconds`, asking for compressed responses as a browser does. Every
 * response's latency is kept, so p95 is exact.
 */
export async function load(
  url: string,
  cookie: string | null,
  seconds: number,
  clients = connections,
  serverPid?: number,
): Promise<Load> {
  seconds = Math.max(1, Math.round(seconds));
  const cpuBefore = processCpuMs(serverPid);
  const latencies: number[] = [];
  let errors = 0;
  const instance = autocannon({
    url,
    connections: clients,
    duration: seconds,
    headers: { "accept-encoding": "gzip", ...(cookie ? { cookie } : {}) },
  });
  instance.on("response", (_client: unknown, status: number, _bytes: number, ms: number) => {
    latencies.push(ms);
    if (status !== 200) errors++;
  });
  const result = await instance;
  const cpuAfter = processCpuMs(serverPid);
  const cpuMs = cpuBefore !== null && cpuAfter !== null ? cpuAfter - cpuBefore : null;
  return figuresOf(latencies, seconds, errors + result.errors + result.timeouts, result.throughput.average, cpuMs);
}

/** The server's CPU per response, ms (null when not read). */
export const cpuPerRequest = (l: Load) => (l.cpuMs === null || l.requests === 0 ? null : l.cpuMs / l.requests);

function figuresOf(
  latencies: number[],
  seconds: number,
  errors: number,
  bytes: number,
  cpuMs: number | null = null,
): Load {
  latencies.sort((a, b) => a - b);
  return {
    latencies,
    seconds,
    p50: percentile(latencies, 50),
    p95: percentile(latencies, 95),
    p99: percentile(latencies, 99),
    rps: latencies.length / seconds,
    requests: latencies.length,
    errors,
    bytes,
    cpuMs,
  };
}

/** One page's rounds on one server, as one measurement. */
function merge(parts: Load[]): Load {
  const seconds = parts.reduce((n, p) => n + p.seconds, 0);
  const bytes = parts.reduce((n, p) => n + p.bytes * p.seconds, 0) / Math.max(seconds, 1e-9);
  const cpuMs = parts.some((p) => p.cpuMs === null) ? null : parts.reduce((n, p) => n + p.cpuMs!, 0);
  return figuresOf(
    parts.flatMap((p) => p.latencies),
    seconds,
    parts.reduce((n, p) => n + p.errors, 0),
    bytes,
    cpuMs,
  );
}

/**
 * One page on every target, interleaved: a warm-up on each, then `rounds`
 * rounds in which each target gets its share of the time under load and then
 * alone, in turn. Returns each target's merged figures, in target order.
 */
export async function measureInterleaved(targets: Target[], pageOf: (t: Target) => Page) {
  for (const t of targets) {
    const page = pageOf(t);
    await load(`${t.baseUrl}${page.path}`, page.who ? t.cookies[page.who] : null, 2);
  }
  const loaded: Load[][] = targets.map(() => []);
  const alone: Load[][] = targets.map(() => []);
  for (let r = 0; r < rounds; r++) {
    // Alternate the order too, so neither target always follows the other.
    const order = targets.map((_, i) => i);
    if (r % 2 === 1) order.reverse();
    for (const i of order) {
      const t = targets[i]!;
      const page = pageOf(t);
      const cookie = page.who ? t.cookies[page.who] : null;
      loaded[i]!.push(await load(`${t.baseUrl}${page.path}`, cookie, durationS / rounds, connections, t.server.pid));
      alone[i]!.push(
        await load(`${t.baseUrl}${page.path}`, cookie, Math.max(2, durationS / 3) / rounds, 1, t.server.pid),
      );
    }
  }
  return targets.map((_, i) => ({ loaded: merge(loaded[i]!), alone: merge(alone[i]!) }));
}

/** Every page on every size, interleaved; then each size's loaders run in-process, one size at a time. */
export async function benchSizes(targets: Target[]): Promise<SizeResult[]> {
  const floors: Load[] = [];
  for (const t of targets) {
    await load(`${t.baseUrl}/livez`, null, 1);
    floors.push(await load(`${t.baseUrl}/livez`, null, Math.min(durationS, 5), connections, t.server.pid));
    console.log(
      `  ${t.size}: trivial Remix route (/livez): p50 ${fmt(floors.at(-1)!.p50)} ms, ${fmt(floors.at(-1)!.rps, 0)} req/s, server CPU ${fmt(cpuPerRequest(floors.at(-1)!), 2)} ms per request`,
    );
  }
  const results: { page: string; loaded: Load; alone: Load }[][] = targets.map(() => []);
  for (const [p, page] of targets[0]!.pages.entries()) {
    const figures = await measureInterleaved(targets, (t) => t.pages[p]!);
    for (const [i, f] of figures.entries()) {
      results[i]!.push({ page: page.name, ...f });
      console.log(
        `  ${targets[i]!.size.padEnd(7)} ${page.name.padEnd(28)} p50 ${fmt(f.loaded.p50).padStart(7)}  p95 ${fmt(f.loaded.p95).padStart(7)}  ` +
          `p99 ${fmt(f.loaded.p99).padStart(7)} ms  ${fmt(f.loaded.rps, 0).padStart(5)} req/s  errors ${f.loaded.errors}  | alone p50 ${fmt(f.alone.p50)} p95 ${fmt(f.alone.p95)} ms | server CPU ${fmt(cpuPerRequest(f.loaded), 1)} ms/page`,
      );
    }
  }
  const out: SizeResult[] = [];
  for (const [i, t] of targets.entries()) {
    const peakRss = t.rss.stop();
    process.env.DATABASE_URL = t.url!;
    process.env.NODE_ENV = "production";
    process.env.SESSION_SECRET = "bench-session-secret-0123456789";
    const build = (await import(`${pathToFileURL(path.join(root, "build/index.js")).href}?size=${t.size}`)) as Build;
    const sized: Figures[] = [];
    for (const [p, page] of t.pages.entries()) {
      const directP50 = await timeLoaders(build, t.baseUrl, page, page.who ? t.cookies[page.who] : null);
      const f = results[i]![p]!;
      sized.push({
        page: page.name,
        ...f.loaded,
        alone: f.alone,
        directP50,
        ratio: f.loaded.p50 / (floors[i]!.p50 + directP50),
      });
    }
    await build.entry.module.closeDatabase();
    console.log(
      `  ${t.size}: server peak RSS under load ${peakRss.toFixed(0)} MiB; loaders direct p50 ${sized.map((f) => fmt(f.directP50)).join(", ")} ms`,
    );
    out.push({
      size: t.size,
      counts: t.counts,
      floor: floors[i]!,
      results: sized,
      peakRss,
      dataset: t.dataset,
      disk: t.disk!,
    });
  }
  return out;
}
