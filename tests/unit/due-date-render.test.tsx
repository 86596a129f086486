import type { ReactNode } from "react";
import { renderToStaticMarkup } from "react-dom/server";
import { createStaticHandler, createStaticRouter, StaticRouterProvider } from "react-router-dom/server";
import { describe, expect, it } from "vitest";
import { DueDate } from "#app/components/expectation-badge.tsx";
import { catalogue } from "#app/i18n/index.ts";

// An expectation's due date as the ledger and the account page's open list show
// it: the date first agreed below it only when a re-plan moved it.

async function render(element: ReactNode, locale: "en" | "fi" = "en"): Promise<string> {
  const handler = createStaticHandler([
    { id: "root", path: "/", loader: () => ({ locale, messages: JSON.stringify(catalogue(locale)) }), element },
  ]);
  const context = await handler.query(new Request("http://localhost/"));
  if (context instanceof Response) throw new Error("unexpected redirect");
  return renderToStaticMarkup(
    <StaticRouterProvider router={createStaticRouter(handler.dataRoutes, context)} context={context} hydrate={false} />,
  );
}

describe("an expectation's due date", () => {
  it("shows the date first agreed only when a re-plan moved it, and what follows it", async () => {
    const kept = await render(<DueDate e={{ due_date: "2026-06-01", original_due_date: "2026-06-01" }} />);
    expect(kept).toBe("1 Jun 2026");
    const moved = await render(
      <DueDate e={{ due_date: "2026-06-15", original_due_date: "2026-06-01" }}>
        <i>next</i>
      </DueDate>,
    );
    expect(moved).toBe('15 Jun 2026<span class="block text-xs text-slate-600">originally 1 Jun 2026</span><i>next</i>');
  });
});
