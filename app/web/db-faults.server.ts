import type { ServerBuild } from "@remix-run/node";
import { isDatabaseUnavailable } from "#app/utils/db.server.ts";

type RouteModule = ServerBuild["routes"][string]["module"];
type Handler = NonNullable<RouteModule["loader"]>;

/**
 * The build with every loader and action answering an unreachable database (a
 * refused or dropped connection, a statement past its timeout) with the 503
 * response. Thrown as an error it would reach the error boundary as an anonymous
 * "Unexpected Server Error"; as the 503 response, the page says the database
 * cannot be reached, on the first render and after hydration alike.
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
      if (!isDatabaseUnavailable(error)) throw error;
      console.error(`Database unavailable: ${error instanceof Error ? error.message : String(error)}`);
      throw serviceUnavailable();
    }
  };
}

/** The 503 a page answers while the database is unreachable; clients may retry shortly. */
export function serviceUnavailable(): Response {
  return new Response("The service is temporarily unavailable. Please try again in a moment.", {
    status: 503,
    headers: { "Retry-After": "10", "Content-Type": "text/plain; charset=utf-8" },
  });
}
