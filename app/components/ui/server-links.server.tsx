import type { LinkProps, NavLinkProps } from "@remix-run/react";
import { forwardRef, useContext } from "react";
import {
  UNSAFE_DataRouterStateContext as DataRouterStateContext,
  UNSAFE_NavigationContext as NavigationContext,
  useHref,
  useLocation,
  useResolvedPath,
} from "react-router-dom";

// The server's <Link> and <NavLink> (app/components/ui/link.tsx): the same HTML
// as Remix's (@remix-run/react 2.17, react-router-dom 6.30), attribute for
// attribute and in the same order, without what only a browser uses (click
// handling, prefetching, view transitions). Remix's <Link> hands its props to
// react-router's, which writes `<a {...rest} data-discover href target>`; its
// <NavLink> adds `aria-current`, `className` and `style` after `data-discover`.
// The path is resolved once (Remix's resolve it three to five times), by the
// router's own hooks. tests/unit/server-links.test.tsx renders both side by side.

/** Remix's test for a URL with a scheme or a protocol-relative one (no `data-discover`, `href` as given). */
const ABSOLUTE_URL = /^(?:[a-z][a-z0-9+.-]*:|\/\/)/i;

function discoverAttr(discover: LinkProps["discover"], to: LinkProps["to"], reloadDocument?: boolean) {
  const absolute = typeof to === "string" && ABSOLUTE_URL.test(to);
  return { absolute, attr: (discover ?? "render") === "render" && !absolute && !reloadDocument ? "true" : undefined };
}

/** A link's props without what only a browser uses: click handling, prefetching, navigation state, view transitions. */
function withoutBrowserOnly<P extends LinkProps | NavLinkProps>(props: P) {
  const {
    prefetch: _prefetch,
    onClick: _onClick,
    replace: _replace,
    state: _state,
    preventScrollReset: _preventScrollReset,
    viewTransition: _viewTransition,
    ...rest
  } = props;
  return rest;
}

export const ServerLink = forwardRef<HTMLAnchorElement, LinkProps>(function ServerLink(props, ref) {
  const { to, discover, relative, reloadDocument, target, ...rest } = withoutBrowserOnly(props);
  const href = useHref(to, { relative });
  const { absolute, attr } = discoverAttr(discover, to, reloadDocument);
  // In a fragment beside an empty slot, as Remix's link (its prefetch tags' place): ids React makes inside agree.
  return (
    <>
      <a {...rest} data-discover={attr} href={absolute ? (to as string) : href} ref={ref} target={target} />
      {null}
    </>
  );
});

/**
 * react-router's NavLink, as it renders on a server: no navigation is pending
 * and no view transition runs, so only `isActive` can be true.
 */
export const ServerNavLink = forwardRef<HTMLAnchorElement, NavLinkProps>(function ServerNavLink(props, ref) {
  const {
    to,
    discover,
    "aria-current": ariaCurrentProp = "page",
    caseSensitive = false,
    className: classNameProp = "",
    end = false,
    style: styleProp,
    children,
    relative,
    reloadDocument,
    target,
    ...rest
  } = withoutBrowserOnly(props);
  const path = useResolvedPath(to, { relative });
  const href = useHref(to, { relative });
  const location = useLocation();
  const routerState = useContext(DataRouterStateContext);
  const { navigator } = useContext(NavigationContext);
  const { absolute, attr } = discoverAttr(discover, to, reloadDocument);
  let toPathname = navigator.encodeLocation ? navigator.encodeLocation(path).pathname : path.pathname;
  let locationPathname = location.pathname;
  let nextLocationPathname = routerState?.navigation.location?.pathname ?? null;
  if (!caseSensitive) {
    locationPathname = locationPathname.toLowerCase();
    nextLocationPathname = nextLocationPathname?.toLowerCase() ?? null;
    toPathname = toPathname.toLowerCase();
  }
  const endSlash = toPathname !== "/" && toPathname.endsWith("/") ? toPathname.length - 1 : toPathname.length;
  const isActive =
    locationPathname === toPathname ||
    (!end && locationPathname.startsWith(toPathname) && locationPathname.charAt(endSlash) === "/");
  const isPending =
    nextLocationPathname != null &&
    (nextLocationPathname === toPathname ||
      (!end && nextLocationPathname.startsWith(toPathname) && nextLocationPathname.charAt(toPathname.length) === "/"));
  const renderProps = { isActive, isPending, isTransitioning: false };
  const className =
    typeof classNameProp === "function"
      ? classNameProp(renderProps)
      : [classNameProp, isActive ? "active" : null, isPending ? "pending" : null].filter(Boolean).join(" ");
  const style = typeof styleProp === "function" ? styleProp(renderProps) : styleProp;
  return (
    <>
      <a
        {...rest}
        data-discover={attr}
        aria-current={isActive ? ariaCurrentProp : undefined}
        className={className}
        style={style}
        href={absolute ? (to as string) : href}
        ref={ref}
        target={target}
      >
        {typeof children === "function" ? children(renderProps) : children}
      </a>
      {null}
    </>
  );
});
