import type { IncomingMessage, ServerResponse } from "node:http";

// The size limit on request bodies, applied by the server (scripts/server.mjs)
// before Remix reads a byte of the body: a 50 MB form post is answered 413 at
// once instead of being buffered, parsed and echoed back.

/**
 * The largest body a form or the JSON API takes. The biggest form (a touchpoint:
 * two 10,000-character texts, percent-encoded at up to 9 bytes a character, and
 * 400 ids) stays well under it.
 */
export const BODY_LIMIT_BYTES = 1024 * 1024;

/**
 * The CSV upload checks its own limit (MAX_IMPORT_BYTES in app/routes/_app.import._index.tsx)
 * and says so on its page; its file part is cut off at that size as it streams in.
 */
const UPLOAD_PATH = /^\/import(?:\.data)?\/?$/;

const SAFE_METHODS = new Set(["GET", "HEAD", "OPTIONS"]);

/** The body limit for a request, in bytes; null when the request is not limited here. */
export function bodyLimitFor(method: string | undefined, pathname: string): number | null {
  if (SAFE_METHODS.has((method ?? "GET").toUpperCase())) return null;
  if (UPLOAD_PATH.test(pathname)) return null;
  return BODY_LIMIT_BYTES;
}

const TOO_LARGE =
  `The request is too large: forms and the API take at most ${BODY_LIMIT_BYTES / 1024 / 1024} MiB.\n` +
  `Pyyntö on liian suuri: lomakkeet ja rajapinta ottavat enintään ${BODY_LIMIT_BYTES / 1024 / 1024} MiB.\n`;
const LENGTH_REQUIRED =
  "Send the body with a Content-Length header.\nLähetä pyynnön sisältö Content-Length-otsakkeen kanssa.\n";

/**
 * Connect/Express middleware: a limited request whose declared Content-Length
 * is over the limit gets 413, and one without a Content-Length (a chunked body,
 * which browsers never send for a form) gets 411 — both before the body is read.
 * The connection is closed after the answer, so the rest of the body is not read either.
 */
export function limitRequestBody(req: IncomingMessage, res: ServerResponse, next: () => void): void {
  const pathname = (req.url ?? "/").split("?")[0]!;
  const limit = bodyLimitFor(req.method, pathname);
  if (limit === null) return next();
  const declared = req.headers["content-length"];
  const chunked = req.headers["transfer-encoding"] !== undefined;
  if (declared === undefined && !chunked) return next(); // no body at all
  const api = pathname.startsWith("/api/");
  if (chunked || declared === undefined) return refuse(res, 411, LENGTH_REQUIRED, api);
  const length = Number(declared);
  if (!Number.isSafeInteger(length) || length < 0) return refuse(res, 400, "Bad Content-Length.\n", api);
  if (length > limit) return refuse(res, 413, TOO_LARGE, api);
  next();
}

/** Plain text in both languages; for the API its one error shape, {status, errors: [{field, reason}]}, in English. */
function refuse(res: ServerResponse, status: number, text: string, api: boolean): void {
  res.statusCode = status;
  res.setHeader("Cache-Control", "no-store");
  res.setHeader("Connection", "close");
  if (api) {
    res.setHeader("Content-Type", "application/json; charset=utf-8");
    res.end(JSON.stringify({ status, errors: [{ field: "", reason: text.split("\n")[0] }] }));
  } else {
    res.setHeader("Content-Type", "text/plain; charset=utf-8");
    res.end(text);
  }
}
