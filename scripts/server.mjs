// The production server: Express + Remix, with compression, request logging,
// a schema check before serving, and graceful shutdown that closes the database.
import { randomUUID } from "node:crypto";
import fs from "node:fs";
import path from "node:path";
import { fileURLToPath, pathToFileURL } from "node:url";
import { createRequestHandler } from "@remix-run/express";
import compression from "compression";
import express from "express";
import morgan from "morgan";

const root = path.resolve(path.dirname(fileURLToPath(import.meta.url)), "..");
const buildPath = path.join(root, "build/index.js");

// This is the production server: production mode unless told otherwise (`npm run dev` says development),
// before React and Remix are loaded (they pick their production builds by it).
process.env.NODE_ENV ??= "production";

const build = await import(pathToFileURL(buildPath).href);
const {
  appEnv,
  ensureDatabaseReady,
  closeDatabase,
  startScoreRefresher,
  startImportWorker,
  startOutboxWorker,
  startWebhookWorker,
  startMailIn,
  baseSecurityHeaders,
  isCrossSiteMutation,
  printDemoSignIns,
  recordRefusal,
  withDatabaseFaultsAs503,
  withPageMessages,
  pageLoadContext,
  limitRequestBody,
  sessionSecret,
  isDatabaseUnavailable,
} = build.entry.module;

/** A start-up error's text: its message, never "[object Object]" (some libraries throw plain objects). */
function describe(error) {
  if (error instanceof Error) return error.message || error.name;
  if (error && typeof error === "object") {
    const text = ["name", "message", "code", "errno"]
      .map((k) => error[k])
      .filter((v) => v !== undefined)
      .join(": ");
    return text || JSON.stringify(error);
  }
  return String(error);
}

// Every variable is read through the app's Zod-checked environment (app/utils/env.server.ts).
let env;
try {
  env = appEnv();
  // In production: SESSION_SECRET, or on the embedded database the one kept beside its data (made at the first start).
  sessionSecret();
} catch (error) {
  console.error(`\nKohtaamo will not start: ${describe(error)}\n`);
  process.exit(1);
}

// A database that cannot be reached at start (a server still starting, a network
// fault) is not fatal: the server listens, answers 503 meanwhile, and checks again
// every few seconds. Anything else (a schema behind the code, a locked data folder) stops the start.
let scoreRefresher = null;
let importWorker = null;
let outboxWorker = null;
let webhookWorker = null;
let mailIn = null;
let retryTimer = null;
async function startWithDatabase() {
  try {
    const { driver, roleWarning } = await ensureDatabaseReady();
    console.log(
      `Database: ${driver === "pglite" ? `embedded PostgreSQL (PGlite) at ${env.PGLITE_DATA_DIR}` : "PostgreSQL server"}`,
    );
    if (roleWarning) console.warn(roleWarning);
  } catch (error) {
    const message = describe(error);
    if (!isDatabaseUnavailable(error)) {
      console.error(`\nKohtaamo will not start: ${message}\n`);
      await closeDatabase().catch(() => {});
      process.exit(1);
    }
    console.error(`The database cannot be reached (${message}): answering 503 until it can; trying again in 5 s.`);
    retryTimer = setTimeout(startWithDatabase, 5_000);
    return;
  }
  // Hourly, accounts not yet scored today are rescored (time alone moves some figures).
  scoreRefresher = env.SCORE_REFRESH ? startScoreRefresher(3_600_000) : null;
  // CSV imports run as jobs in this process: queued jobs (and ones cut short by a restart) are picked up here.
  importWorker = startImportWorker();
  // Mail in the outbox is sent over SMTP_URL; without it, it waits there for an administrator to read (/admin/outbox).
  outboxWorker = startOutboxWorker();
  // Webhook deliveries (their outbox, webhook_deliveries) are sent to the endpoints administrators registered.
  webhookWorker = startWebhookWorker();
  // Mail in: the inbound SMTP listener of capture addresses, when INBOUND_SMTP_PORT is set.
  if (env.INBOUND_SMTP_PORT !== undefined && !mailIn) {
    try {
      mailIn = await startMailIn();
      console.log(`Mail in: listening for capture addresses @${mailIn.domain} on ${mailIn.host}:${mailIn.port}`);
    } catch (error) {
      console.error(
        `\nKohtaamo will not start: the mail-in listener cannot listen on ${env.INBOUND_SMTP_HOST}:${env.INBOUND_SMTP_PORT} (${describe(error)})\n`,
      );
      await closeDatabase().catch(() => {});
      process.exit(1);
    }
  }
  console.log(
    env.SMTP_URL
      ? `Mail: sent through ${new URL(env.SMTP_URL).host}`
      : "Mail: no SMTP_URL, so mail is kept in the outbox (/admin/outbox) and not sent",
  );
}
await startWithDatabase();

const app = express();
app.disable("x-powered-by");
// gzip at the level COMPRESSION names (app/utils/env.server.ts), or none when a proxy compresses.
if (env.COMPRESSION !== false) app.use(compression({ level: env.COMPRESSION }));
if (env.REQUEST_LOG) app.use(morgan(env.NODE_ENV === "production" ? "combined" : "dev"));
// Behind a TLS-terminating proxy, TRUST_PROXY=1 makes req.protocol and the client address honest.
if (env.TRUST_PROXY !== undefined) app.set("trust proxy", env.TRUST_PROXY);
app.use((req, res, next) => {
  const secure = req.protocol === "https";
  for (const [name, value] of Object.entries(baseSecurityHeaders(secure))) res.setHeader(name, value);
  const refused = isCrossSiteMutation({
    method: req.method,
    path: req.path,
    origin: req.get("origin"),
    secFetchSite: req.get("sec-fetch-site"),
    selfOrigin: `${req.protocol}://${req.get("host")}`,
  });
  if (refused) {
    // Recorded in the audit log within its flood limits; never delays or fails the answer.
    void recordRefusal({
      method: req.method,
      path: req.path,
      ip: req.ip ?? null,
      status: 403,
      reason: "Cross-site request that changes data",
      channel: "cross_site",
    });
    res.status(403).type("text/plain").send("Cross-site requests that change data are refused.");
    return;
  }
  next();
});
app.use("/build", express.static(path.join(root, "public/build"), { immutable: true, maxAge: "1y" }));
// The other files in public/ (the icon), known at start: a page request does not ask the disk for a file first.
const publicFiles = new Set(
  fs
    .readdirSync(path.join(root, "public"))
    .filter((name) => name !== "build")
    .map((name) => `/${name}`),
);
const servePublic = express.static(path.join(root, "public"), { maxAge: "1h", index: false });
app.use((req, res, next) => (publicFiles.has(req.path) ? servePublic(req, res, next) : next()));
// The client address and a request id are handed to the app in headers the client cannot set.
app.use((req, _res, next) => {
  req.headers["x-kohtaamo-remote-addr"] = req.ip ?? req.socket.remoteAddress ?? "";
  req.headers["x-kohtaamo-request-id"] = randomUUID();
  next();
});
// Bodies over the limit (app/web/body-limit.server.ts) are refused before anything reads them.
app.use(limitRequestBody);
// What the app serves is per user: no cache keeps it unless a response says otherwise (the build's assets do, above).
app.use((_req, res, next) => {
  res.setHeader("Cache-Control", "private, no-store");
  next();
});
// Loaders and actions answer an unreachable database with the 503 page (app/web/db-faults.server.ts).
// The load context says whether a request asks for a whole document (app/web/page-messages.server.ts).
app.all(
  "*",
  createRequestHandler({
    build: withPageMessages(withDatabaseFaultsAs503(build)),
    mode: env.NODE_ENV,
    getLoadContext: (req) => pageLoadContext(req.path),
  }),
);

const server = app.listen(env.PORT, env.HOST, () => {
  console.log(`Kohtaamo is listening on http://${env.HOST === "0.0.0.0" ? "localhost" : env.HOST}:${env.PORT}`);
  // On the demo database, every start says how to sign in (not only the run that seeded it).
  printDemoSignIns();
  if (env.NODE_ENV === "development") {
    import("@remix-run/node").then(({ broadcastDevReady }) => broadcastDevReady(build));
  }
});

let stopping = false;
async function shutdown(signal) {
  if (stopping) return;
  stopping = true;
  console.log(`${signal}: finishing open requests, then closing the database.`);
  const force = setTimeout(() => {
    console.error("Shutdown took too long; exiting.");
    process.exit(1);
  }, 10_000);
  force.unref();
  clearTimeout(retryTimer);
  server.close(async () => {
    await scoreRefresher?.stop().catch((e) => console.error(e));
    await importWorker?.stop().catch((e) => console.error(e));
    await outboxWorker?.stop().catch((e) => console.error(e));
    await webhookWorker?.stop().catch((e) => console.error(e));
    await mailIn?.close().catch((e) => console.error(e));
    await closeDatabase().catch((e) => console.error(e));
    process.exit(0);
  });
  server.closeIdleConnections?.();
}
process.on("SIGTERM", () => shutdown("SIGTERM"));
process.on("SIGINT", () => shutdown("SIGINT"));
