import { PassThrough } from "node:stream";
import type { AppLoadContext, EntryContext } from "@remix-run/node";
import { isRouteErrorResponse, RemixServer } from "@remix-run/react";
import { renderToPipeableStream } from "react-dom/server";
import { NonceProvider } from "#app/web/nonce.tsx";
import { resolveLocale } from "#app/web/locale.server.ts";
import { RequestLocaleProvider } from "#app/i18n/request-locale.tsx";
import { appEnv } from "#app/utils/env.server.ts";
import { contentSecurityPolicy, createNonce } from "#app/web/security.server.ts";
import { withLowPriorityModulePreloads } from "#app/web/script-priority.server.ts";
import { renderLinksLight } from "#app/components/ui/link.tsx";
import { ServerLink, ServerNavLink } from "#app/components/ui/server-links.server.tsx";

// The production server (scripts/server.mjs) reaches these through the build's entry module.
export { appEnv } from "#app/utils/env.server.ts";
export { closeDatabase, ensureDatabaseReady, isDatabaseUnavailable } from "#app/utils/db.server.ts";
export { printDemoSignIns } from "#app/web/demo.server.ts";
export { withDatabaseFaultsAs503 } from "#app/web/db-faults.server.ts";
export { pageLoadContext, withPageMessages } from "#app/web/page-messages.server.ts";
export { startScoreRefresher } from "#app/models/score-refresher.server.ts";
export { startImportWorker } from "#app/models/import/worker.server.ts";
export { startOutboxWorker } from "#app/models/outbox-worker.server.ts";
export { startWebhookWorker } from "#app/models/webhook-worker.server.ts";
export { startMailIn } from "#app/models/mail-in-listener.server.ts";
export { baseSecurityHeaders, isCrossSiteMutation } from "#app/web/security.server.ts";
export { recordRefusal } from "#app/web/refusals.server.ts";
export { limitRequestBody } from "#app/web/body-limit.server.ts";
export { sessionSecret } from "#app/utils/session-secret.server.ts";

const ABORT_DELAY = 5_000;

// Every page's links, written as Remix's would be without their browser-only work (app/components/ui/link.tsx).
renderLinksLight({ Link: ServerLink, NavLink: ServerNavLink });

export default async function handleRequest(
  request: Request,
  responseStatusCode: number,
  responseHeaders: Headers,
  remixContext: EntryContext,
  _loadContext: AppLoadContext,
) {
  const nonce = createNonce();
  // The frame's language when the root loader's data is missing (an action's refusal skips it).
  const locale = await resolveLocale(request);
  // The database unreachable (see app/web/db-faults.server.ts): clients may try again shortly.
  if (responseStatusCode === 503 && !responseHeaders.has("Retry-After")) responseHeaders.set("Retry-After", "10");
  // No route defers data: by the time React renders, every loader has answered.
  // The document is rendered whole and sent as one buffer: one compression pass
  // and one socket write instead of one per streamed chunk, which cost a page a
  // fifth of its CPU time (bench/RESULTS.md).
  return new Promise<Response>((resolve, reject) => {
    let rendered = false;
    // A render still going after ABORT_DELAY is stopped. One that has ended (its
    // body read, or its shell failed) clears the timer, so its state is not kept
    // for seconds after the response, nor ended twice when the timer fires.
    let abort = () => {};
    const abortTimer = setTimeout(() => abort(), ABORT_DELAY);
    const settled = () => clearTimeout(abortTimer);
    const stream = renderToPipeableStream(
      <NonceProvider value={nonce}>
        <RequestLocaleProvider value={locale}>
          <RemixServer context={remixContext} url={request.url} abortDelay={ABORT_DELAY} nonce={nonce} />
        </RequestLocaleProvider>
      </NonceProvider>,
      {
        nonce,
        onAllReady() {
          rendered = true;
          const chunks: Buffer[] = [];
          const body = new PassThrough();
          body.on("data", (chunk: Buffer) => chunks.push(chunk));
          body.on("error", (error) => {
            settled();
            reject(error);
          });
          body.on("end", () => {
            settled();
            responseHeaders.set("Content-Type", "text/html; charset=utf-8");
            keepPrivate(responseHeaders);
            // The headers every response carries are set by the server (scripts/server.mjs); the CSP is per page.
            responseHeaders.set(
              "Content-Security-Policy",
              contentSecurityPolicy(nonce, { development: appEnv().NODE_ENV === "development" }),
            );
            const html = withLowPriorityModulePreloads(Buffer.concat(chunks));
            // Buffer.concat allocates a plain ArrayBuffer (never a shared one), which is what BodyInit takes.
            const bytes = html as Uint8Array<ArrayBuffer>;
            resolve(new Response(bytes, { headers: responseHeaders, status: responseStatusCode }));
          });
          stream.pipe(body);
        },
        onShellError(error: unknown) {
          settled();
          reject(error);
        },
        onError(error: unknown) {
          responseStatusCode = 500;
          if (rendered) console.error(error);
        },
      },
    );
    abort = () => stream.abort();
  });
}

/** Pages and their data are per user: no shared or browser cache keeps them, unless a loader said otherwise. */
function keepPrivate(headers: Headers) {
  if (!headers.has("Cache-Control")) headers.set("Cache-Control", "private, no-store");
}

/** The data requests of client navigations and form posts (single fetch): as private as the pages. */
export function handleDataRequest(response: Response) {
  keepPrivate(response.headers);
  return response;
}

export function handleError(error: unknown, { request }: { request: Request }) {
  if (request.signal.aborted) return;
  // A client's malformed request (a path that is not UTF-8) is answered with 400: not a server error.
  if (isRouteErrorResponse(error) && error.status < 500) return;
  console.error(error);
}
