// eslint-disable-next-line no-restricted-syntax -- Remix's own links, to compare with
import { Link as RemixLink, NavLink as RemixNavLink, type LinkProps, type NavLinkProps } from "@remix-run/react";
import { useId, type ReactNode } from "react";
import { renderToString } from "react-dom/server";
import { createStaticHandler, createStaticRouter, StaticRouterProvider } from "react-router-dom/server";
import { describe, expect, it } from "vitest";
import { ServerLink, ServerNavLink } from "#app/components/ui/server-links.server.tsx";

// The server's links (app/components/ui/server-links.server.tsx) write what
// Remix's write, byte for byte: the browser hydrates Remix's over that HTML.

/** `element` rendered by React's server renderer on a page at `url`, inside a route at `/accounts/:id/*`. */
async function render(element: ReactNode, url: string): Promise<string> {
  const handler = createStaticHandler([
    { id: "root", path: "/", children: [{ id: "page", path: "accounts/:id/*", element }] },
  ]);
  const context = await handler.query(new Request(`http://localhost${url}`));
  if (context instanceof Response) throw new Error("unexpected redirect");
  return renderToString(
    <StaticRouterProvider router={createStaticRouter(handler.dataRoutes, context)} context={context} hydrate={false} />,
  );
}

const URLS = ["/accounts/a1", "/accounts/a1/timeline?cursor=x#top", "/Accounts/A1/Tasks/"];

const LINKS: LinkProps[] = [
  { to: "/accounts/a1", className: "underline" },
  { to: "/", children: "Home", className: "text-lg", "data-testid": "home" } as LinkProps,
  { to: "?page=2", rel: "next", children: "Next" },
  { to: "?", children: "Clear" },
  { to: "", children: "Here" },
  { to: "..", children: "Up" },
  { to: "../b2?x=1#y", children: "Sibling" },
  { to: "tasks", relative: "path", children: "Relative" },
  { to: { pathname: "/portfolio", search: "?sort=health", hash: "#t" }, children: "Object" },
  { to: "/a b/ä?q=ä ö", children: "Encoded" },
  { to: "https://example.com/x", target: "_blank", rel: "noreferrer", children: "Out" },
  { to: "//example.com", children: "Protocol-relative" },
  { to: "mailto:a@example.com", children: "Mail" },
  { to: "/logout", reloadDocument: true, children: "Reload" },
  { to: "/x", discover: "none", prefetch: "intent", children: "No discover" },
  { to: "/x", prefetch: "render", replace: true, state: { a: 1 }, preventScrollReset: true, children: "Render" },
  { to: "/x", id: "l", title: "T", "aria-label": "L", style: { color: "red" }, tabIndex: -1, children: "Attrs" },
];

const NAV_LINKS: NavLinkProps[] = [
  { to: "/accounts", children: "Accounts" },
  { to: "/accounts", end: true, children: "Accounts, end" },
  { to: "/accounts/a1", className: "nav", children: "Account" },
  { to: "/accounts/a1/", className: ({ isActive }) => (isActive ? "on" : "off"), children: "Slash" },
  { to: "/ACCOUNTS/a1", caseSensitive: true, children: "Case" },
  { to: "/", end: true, children: "Root end" },
  { to: "/", children: "Root" },
  { to: "/portal", "aria-current": "location", children: "Portal" },
  { to: "/accounts/a1/timeline", "aria-current": "step", "aria-keyshortcuts": "l", children: "Timeline" },
  { to: "tasks", style: ({ isActive }) => ({ fontWeight: isActive ? 700 : 400 }), children: "Styled" },
  { to: "?cursor=y", children: ({ isActive, isPending }) => `${isActive}/${isPending}` },
  { to: "https://example.com", target: "_blank", children: "Out" },
  { to: "/accounts", reloadDocument: true, discover: "none", className: "x", children: "Reload" },
];

describe("the server's links", () => {
  it("write what Remix's <Link> writes", async () => {
    for (const url of URLS)
      for (const props of LINKS) {
        const remix = await render(<RemixLink {...props} />, url);
        expect(remix).toMatch(/^<a [^>]*href="[^"]*"/);
        expect(await render(<ServerLink {...props} />, url), `${url} ${JSON.stringify(props)}`).toBe(remix);
      }
  });

  it("write what Remix's <NavLink> writes, active or not", async () => {
    for (const url of URLS)
      for (const props of NAV_LINKS) {
        const remix = await render(<RemixNavLink {...props} />, url);
        expect(remix).toMatch(/^<a [^>]*href="[^"]*"/);
        expect(await render(<ServerNavLink {...props} />, url), `${url} ${JSON.stringify(props)}`).toBe(remix);
      }
    // Some were active: the comparison covered aria-current and the active class.
    expect(await render(<ServerNavLink to="/accounts">A</ServerNavLink>, "/accounts/a1")).toContain(
      'aria-current="page"',
    );
  });

  it("keep text beside them as Remix's do", async () => {
    const page = (L: typeof RemixLink) => (
      <p>
        before <L to="/a">a</L> between <L to="/b">b</L>after
      </p>
    );
    expect(await render(page(ServerLink), URLS[0]!)).toBe(await render(page(RemixLink), URLS[0]!));
  });

  it("give what they hold the ids React gives it inside Remix's", async () => {
    // Remix's links render the anchor beside an empty slot; useId inside counts that branching.
    function Labelled() {
      const id = useId();
      return <span id={id}>x</span>;
    }
    for (const [Remix, Server] of [
      [RemixLink, ServerLink],
      [RemixNavLink, ServerNavLink],
    ] as const) {
      const remix = await render(
        <Remix to="/a">
          <Labelled />
        </Remix>,
        URLS[0]!,
      );
      expect(remix).toMatch(/<span id=":[^"]+:">x<\/span>/);
      expect(
        await render(
          <Server to="/a">
            <Labelled />
          </Server>,
          URLS[0]!,
        ),
      ).toBe(remix);
    }
  });
});
