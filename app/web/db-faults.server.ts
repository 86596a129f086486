import type { Locale } from "#app/i18n/format.ts";
import { resolveLocale } from "./locale.server.ts";
import type { ServerBuild } from "@remix-run/node";
import { databaseFault, type DatabaseFault } from "#app/utils/db.server.ts";

type RouteModule = ServerBuild["routes"][string]["module"];
type Handler = NonNullable<RouteModule["loader"]>;

/**
 * The build with every loader and action answering a database that cannot answer
 * now with the 503 response, saying whether it is busy (a lock or a statement past
 * its timeout, every connection in use) or unreachable (a refused or dropped
 * connection, no answer). Thrown as an error it would reach the error boundary as
 * an anonymous "Unexpected Server Error"; as the 503 response, the page says
 * which, on the first render and after hydration alike.
 */
export function withDatabaseFaultsAs503(build: ServerBuild): ServerBuild {
  const routes: ServerBuild["routes"] = {};
  for (const [id, route] of Object.entries(build.routes)) {
    const { loader, action } = route.module;
    routes[id] = {
      ...route,
      module: {
        ...route.module,
        ...(loader ? { loader: answer503(loader) } : {}),
        ...(action ? { action: answer503(action) } : {}),
      },
    };
  }
  return { ...build, routes };
}

function answer503(handler: Handler): Handler {
  return async (args) => {
    try {
      return await handler(args);
    } catch (error) {
      const fault = databaseFault(error);
      if (!fault) throw error;
      console.error(`Database ${fault}: ${error instanceof Error ? error.message : String(error)}`);
      throw serviceUnavailable(fault, await resolveLocale(args.request).catch(() => undefined));
    }
  };
}

const REASONS: Record<DatabaseFault, string> = {
  busy: "The database is busy: this request could not be served now. Try again in a moment.",
  unreachable: "The service is temporarily unavailable: it cannot reach its database. Try again in a moment.",
};

/**
 * The 503 a request gets while the database is busy or unreachable, in the API's
 * error shape with `fault` added (the error page reads it); clients may retry
 * shortly (sooner when busy).
 */
export function serviceUnavailable(fault: DatabaseFault = "unreachable", locale?: Locale): Response {
  // `locale` lets the error page speak the visitor's language when no loader data reached it.
  return new Response(JSON.stringify({ status: 503, fault, locale, errors: [{ field: "", reason: REASONS[fault] }] }), {
    status: 503,
    headers: { "Retry-After": fault === "busy" ? "2" : "10", "Content-Type": "application/json; charset=utf-8", "Cache-Control": "no-store" },
  });
}
