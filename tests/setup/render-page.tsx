import type { ReactNode } from "react";
import { renderToStaticMarkup } from "react-dom/server";
import { createStaticHandler, createStaticRouter, StaticRouterProvider } from "react-router-dom/server";
import { catalogue, type Locale } from "#app/i18n/index.ts";

/**
 * `element` rendered as the server renders a page, in a router whose root route
 * carries the reader's language and the whole catalogue (as root.tsx's loader
 * does), so components read their formatters and messages as they do in the app.
 */
export async function renderInPage(element: ReactNode, locale: Locale = "en"): Promise<string> {
  const handler = createStaticHandler([
    { id: "root", path: "/", loader: () => ({ locale, messages: JSON.stringify(catalogue(locale)) }), element },
  ]);
  const context = await handler.query(new Request("http://localhost/"));
  if (context instanceof Response) throw new Error("unexpected redirect");
  return renderToStaticMarkup(
    <StaticRouterProvider router={createStaticRouter(handler.dataRoutes, context)} context={context} hydrate={false} />,
  );
}
