// eslint-disable-next-line no-restricted-syntax -- the one place that takes them from Remix
import { Link as RemixLink, NavLink as RemixNavLink } from "@remix-run/react";

/**
 * The app's links: Remix's <Link> and <NavLink> in the browser. The server's
 * render (app/entry.server.tsx) swaps in lighter ones that write the same HTML
 * (app/components/ui/server-links.server.tsx): each of Remix's links resolves
 * its path three to five times and sets up prefetching and click handling that
 * a server render never uses, about a fifth of a page's render. Import links
 * from here, not from Remix.
 */
// Reassigned only by renderLinksLight, once, before the server renders anything.
export let Link = RemixLink;
export let NavLink = RemixNavLink;

/** The server's links (entry.server.tsx): the browser keeps Remix's, which hydrate over the same HTML. */
export function renderLinksLight(links: { Link: typeof RemixLink; NavLink: typeof RemixNavLink }) {
  Link = links.Link;
  NavLink = links.NavLink;
}
