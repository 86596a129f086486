import { data, type LinksFunction, type LoaderFunctionArgs, type MetaFunction } from "@remix-run/node";
import {
  isRouteErrorResponse,
  type ShouldRevalidateFunction,
  Links,
  Meta,
  Outlet,
  Scripts,
  ScrollRestoration,
  useMatches,
  useRouteError,
  useRouteLoaderData,
} from "@remix-run/react";
import type { ReactNode } from "react";
import { AppHeader } from "#app/components/app-header.tsx";
import { isLocale, missedMessage, type MessageKey } from "#app/i18n/format.ts";
import {
  isMessagesRef,
  messagesBlockText,
  messagesOf,
  MESSAGES_BLOCK_ID,
  pageFormatters,
} from "#app/i18n/page-messages.ts";
import { sentMessages, type PageMessagesContext } from "#app/web/page-messages.server.ts";
import { resolveLocale } from "#app/web/locale.server.ts";
import { metaI18n, pageTitle } from "#app/i18n/meta.ts";
import { useNonce } from "#app/web/nonce.tsx";
import { useRequestLocale } from "#app/i18n/request-locale.tsx";
import { takeFlash } from "#app/web/flash.server.ts";
import { getSessionUser } from "#app/web/session.server.ts";
import stylesheet from "#app/styles/tailwind.css";

export const links: LinksFunction = () => [
  { rel: "stylesheet", href: stylesheet },
  { rel: "icon", href: "/favicon.svg", type: "image/svg+xml" },
];

export const meta: MetaFunction = ({ matches }) => pageTitle(metaI18n(matches));

export async function loader({ request, context }: LoaderFunctionArgs) {
  const [user, locale, { flash, clear }] = await Promise.all([
    getSessionUser(request),
    resolveLocale(request),
    takeFlash(request),
  ]);
  const { pageMessages, customerPageMessages, documentRequest } = (context ?? {}) as PageMessagesContext;
  // Only the messages the matched routes can show, in the visitor's language (app/i18n/page-messages.ts):
  // to a document the id of its data block (Layout), to a data request one JSON string (messagesOf).
  // A customer: only those of the routes a customer may open, so a refused staff page carries none of its words.
  const customer = user?.role === "customer";
  const sent = sentMessages(locale, customer ? customerPageMessages : pageMessages, { customer });
  return data(
    {
      locale,
      messages: documentRequest ? sent.ref : sent.json,
      flash,
      user: user ? { id: user.id, name: user.name, role: user.role } : null,
    },
    clear ? { headers: { "Set-Cookie": clear } } : undefined,
  );
}

/**
 * The root loader sends the messages of the page: a navigation to another page
 * (another path) asks it again, since that page may show other messages.
 */
export const shouldRevalidate: ShouldRevalidateFunction = ({ currentUrl, nextUrl, defaultShouldRevalidate }) =>
  defaultShouldRevalidate || currentUrl.pathname !== nextUrl.pathname;

export type RootData = Awaited<ReturnType<typeof loader>>["data"];

/**
 * A route's `handle`. `hydrate: false` on a page whose forms and links work as
 * plain HTML (sign-in, password links) sends it no JavaScript at all: no
 * <Scripts />, so the browser loads no React, no Remix, no route module.
 * scripts/check-bundle.mjs reads the same flag.
 */
export interface PageHandle {
  hydrate?: false;
}

function useHydrates() {
  return useMatches().every((match) => (match.handle as PageHandle | undefined)?.hydrate !== false);
}

export function Layout({ children }: { children: ReactNode }) {
  const data = useRouteLoaderData<typeof loader>("root");
  const requested = useRequestLocale();
  const locale = isLocale(data?.locale) ? data.locale : requested;
  const nonce = useNonce();
  const hydrates = useHydrates();
  return (
    <html lang={locale} className="h-full bg-slate-50">
      <head>
        <meta charSet="utf-8" />
        <meta name="viewport" content="width=device-width, initial-scale=1" />
        <Meta />
        <Links />
      </head>
      <body className="h-full text-slate-900 antialiased">
        <a
          href="#main"
          className="sr-only focus:not-sr-only focus:absolute focus:left-4 focus:top-4 focus:z-50 focus:rounded focus:bg-white focus:px-3 focus:py-2"
        >
          {pageFormatters(data ?? { locale }).t("nav.skipToContent")}
        </a>
        {children}
        {hydrates ? (
          <>
            {data && isMessagesRef(data.messages) ? (
              // The page's messages, once, for the browser to read before it renders (app/i18n/page-messages.ts).
              <script
                id={MESSAGES_BLOCK_ID}
                type="application/json"
                data-ref={data.messages}
                nonce={nonce}
                suppressHydrationWarning
                dangerouslySetInnerHTML={{ __html: messagesBlockText(data.messages) ?? "{}" }}
              />
            ) : null}
            <ScrollRestoration nonce={nonce} />
            <Scripts nonce={nonce} />
          </>
        ) : null}
      </body>
    </html>
  );
}

export default function App() {
  return <Outlet />;
}

const STATUS_MESSAGES: Record<number, MessageKey> = {
  400: "error.badRequest",
  403: "error.forbidden",
  404: "error.notFound",
  409: "error.conflict",
  410: "error.gone",
};

export function ErrorBoundary() {
  const error = useRouteError();
  const data = useRouteLoaderData<typeof loader>("root");
  // Without the root's data (it failed, or an action's error skipped it): the shell's messages, in the language the error names.
  const requested = useRequestLocale();
  const said = isRouteErrorResponse(error) ? (error.data as { locale?: unknown } | null)?.locale : undefined;
  const { t } = pageFormatters(data ?? { locale: isLocale(said) ? said : requested });
  let message = t("error.unexpected");
  if (isRouteErrorResponse(error)) {
    // Routes throw message keys (httpError); anything else gets the status's own text.
    const body = error.data as { key?: unknown; params?: Record<string, string | number> } | null;
    // The database busy (a lock, every connection in use) or unreachable: app/web/db-faults.server.ts.
    if (error.status === 503)
      message = t(
        body && typeof body === "object" && "fault" in body && body.fault === "busy"
          ? "error.busy"
          : "error.unavailable",
      );
    else {
      const key = body && typeof body === "object" && typeof body.key === "string" ? body.key : undefined;
      const sent = (data && messagesOf(data.messages)) ?? {};
      if (key && Object.hasOwn(sent, key)) message = t(key as MessageKey, body?.params);
      else {
        // A reason the page was not sent falls back to the status's words (and the tests hear of it).
        if (key && data) missedMessage(key);
        message = t(STATUS_MESSAGES[error.status] ?? "error.unexpected");
      }
    }
  }
  const status = isRouteErrorResponse(error) ? error.status : 500;
  return (
    <>
      <AppHeader user={data?.user ?? null} />
      <main id="main" className="mx-auto max-w-2xl px-4 py-16">
        <p className="text-sm font-semibold text-brand-700">{status}</p>
        <h1 className="mt-2 text-2xl font-bold">{t("error.title")}</h1>
        <p className="mt-4 text-slate-700" data-testid="error-message">
          {message}
        </p>
        <a href="/" className="mt-6 inline-block font-medium text-brand-700 underline">
          {t("error.home")}
        </a>
      </main>
    </>
  );
}
