import { createHash } from "node:crypto";
import type { AppLoadContext, ServerBuild } from "@remix-run/node";
import { matchRoutes } from "@remix-run/react";
import { catalogue, type Locale, type MessageKey } from "#app/i18n/index.ts";
import { onMissingMessage } from "#app/i18n/format.ts";
import {
  registerSentMessages,
  type MessageSelector,
  type PageMessages,
  type SentMessages,
} from "#app/i18n/page-messages.ts";
import generated from "./route-messages.json";

// The messages a page sends (app/i18n/page-messages.ts): withPageMessages wraps
// the server build (scripts/server.mjs, tests/setup/app-handler.ts) so the root
// loader learns which routes the request matches, and the root loader sends the
// visitor's language of the messages those routes can show (route-messages.json).

/**
 * What the root loader's context carries: the selectors of every route the
 * request matches, and whether the request asks for a whole document (set by
 * the request handler, `pageLoadContext`).
 */
export interface PageMessagesContext {
  pageMessages?: readonly MessageSelector[];
  /** The same for a customer: only the matched routes a customer may open (customerMayOpen). */
  customerPageMessages?: readonly MessageSelector[];
  documentRequest?: boolean;
}

/** The staff layout: every page under it refuses customers (its loader asks for a staff user). */
const STAFF_LAYOUT = "routes/_app";

/**
 * Whether a customer may open a route's page. A customer who asks for a staff
 * page is refused, and the refusal must not carry that page's words: the root
 * loader runs beside the refusing loader, so its messages are picked by this.
 */
function customerMayOpen(routeId: string): boolean {
  return routeId !== STAFF_LAYOUT && !routeId.startsWith(`${STAFF_LAYOUT}.`);
}

/**
 * The load context the request handler gives the app (scripts/server.mjs, the
 * tests' and the bench's handlers): whether the request asks for a document.
 * A single-fetch data request (`/x.data`, `/_root.data`) is not one; Remix
 * hands its loaders the page's path, so only the handler can tell. Without it
 * the root loader sends the messages in its data, as to a data request.
 */
export function pageLoadContext(pathname: string): AppLoadContext & PageMessagesContext {
  return { documentRequest: !pathname.endsWith(".data") };
}

/**
 * Whether a key is among the selectors (a key, or a prefix ending in "." for
 * every key starting with it).
 */
function selectorMatch(selectors: readonly MessageSelector[]): (key: string) => boolean {
  const keys = new Set<string>(selectors);
  const prefixes = selectors.filter((s) => s.endsWith("."));
  return (key) => keys.has(key) || prefixes.some((p) => key.startsWith(p));
}

/**
 * Words of our own side that a customer's page never carries, whatever its
 * routes use (the portal never shows sentiment, felt treatment, emotions,
 * risk signals or scoring; its routes may name them only through shared server
 * code): a customer does not read our internal vocabulary in the page's data.
 */
export const INTERNAL_ONLY: readonly MessageSelector[] = [
  "signal.",
  "signals.",
  "scoringSettings.",
  "sentimentLevel.",
  "emotion.",
  "polarity.",
  // A touchpoint's internal fields.
  "touchpoint.internal",
  "touchpoint.sentiment",
  "touchpoint.treatment",
  "touchpoint.momentOfTruth",
  "touchpoint.positiveSurprise",
  "touchpoint.resolved",
];
const isInternalOnly = selectorMatch(INTERNAL_ONLY);

type MessagesOptions = { customer?: boolean };

/** Each set made, by the selectors' array, then language and audience: a page's array is one per set of routes (routesMessages). */
const made = new WeakMap<readonly MessageSelector[], Map<string, SentMessages>>();
const WHOLE_CATALOGUE: readonly MessageSelector[] = [];

/**
 * The messages of `locale` the selectors name (with none given, the root loader
 * called outside the wrapped build, the whole catalogue, so nothing goes
 * missing), and what the root loader sends of them: made once per set.
 */
export function sentMessages(
  locale: Locale,
  selectors: readonly MessageSelector[] | undefined,
  options: MessagesOptions = {},
): SentMessages {
  const customer = options.customer === true;
  const variant = `${locale}\n${customer}`;
  let sets = made.get(selectors ?? WHOLE_CATALOGUE);
  if (!sets) made.set(selectors ?? WHOLE_CATALOGUE, (sets = new Map()));
  let entry = sets.get(variant);
  if (!entry) sets.set(variant, (entry = makeSent(locale, selectors, customer)));
  return entry;
}

function makeSent(locale: Locale, selectors: readonly MessageSelector[] | undefined, customer: boolean): SentMessages {
  const all = catalogue(locale);
  let messages: PageMessages = all;
  // A customer never gets our internal words, not even with the whole catalogue.
  if (selectors || customer) {
    const picks = selectors ? selectorMatch(selectors) : () => true;
    const picked: Record<string, string> = {};
    for (const key of Object.keys(all) as MessageKey[])
      if (picks(key) && !(customer && isInternalOnly(key))) picked[key] = all[key];
    messages = picked;
  }
  const json = JSON.stringify(messages);
  const entry = { messages, json, ref: `#${createHash("sha256").update(json).digest("base64url").slice(0, 16)}` };
  registerSentMessages(entry, dataBlockText(json));
  return entry;
}

/** JSON as a data block's text: every `<` escaped (still the same JSON), so nothing in it can end the block. */
export function dataBlockText(json: string): string {
  return json.replaceAll("<", "\\u003c");
}

/**
 * The messages each route's page can show, by route id: the keys its file and
 * what it imports use, less those of the routes above it, as the message-usage
 * scan reads them from the source (`npm run messages:routes`,
 * scripts/route-messages.ts, writes the file; a unit test fails when it is
 * behind the source). A page is sent the union over the routes it matches.
 */
const ROUTE_MESSAGES = generated as Readonly<Record<string, readonly MessageKey[]>>;

/**
 * While developing (`npm run dev`), a key used since the file was last written
 * shows as itself on the page: this says so once a key, naming the command
 * that writes the file.
 */
export function warnOfMissingMessages(warn: (text: string) => void = console.warn): (key: string) => void {
  const said = new Set<string>();
  return (key) => {
    if (said.has(key)) return;
    said.add(key);
    warn(`The page was not sent the message "${key}": run \`npm run messages:routes\` (scripts/route-messages.ts).`);
  };
}
if (process.env.NODE_ENV === "development") onMissingMessage(warnOfMissingMessages());
const unions = new Map<string, readonly MessageSelector[]>();

/** The messages of these routes together (the same array for the same routes, so its sets are made once). */
export function routesMessages(routeIds: readonly string[]): readonly MessageSelector[] {
  const id = routeIds.join("\n");
  let union = unions.get(id);
  if (!union) {
    union = [...new Set(routeIds.flatMap((routeId) => ROUTE_MESSAGES[routeId] ?? []))];
    unions.set(id, union);
  }
  return union;
}

type RouteObject = Parameters<typeof matchRoutes>[0][number];

/** The path a request's page has: a single-fetch data request (`/x.data`, `/_root.data`) names its page's path. */
function pagePath(request: Request): string {
  const { pathname } = new URL(request.url);
  if (!pathname.endsWith(".data")) return pathname;
  return pathname.replace(/\.data$/, "").replace(/^\/_root$/, "/");
}

/** The build with a root loader that receives, in its context, the messages of the routes the request matches. */
export function withPageMessages(build: ServerBuild): ServerBuild {
  const byParent = new Map<string | undefined, ServerBuild["routes"][string][]>();
  for (const route of Object.values(build.routes))
    byParent.set(route.parentId, [...(byParent.get(route.parentId) ?? []), route]);
  const tree = (parentId: string | undefined): RouteObject[] =>
    (byParent.get(parentId) ?? []).map((r) =>
      r.index
        ? { id: r.id, path: r.path, index: true, caseSensitive: r.caseSensitive }
        : { id: r.id, path: r.path, caseSensitive: r.caseSensitive, children: tree(r.id) },
    );
  const routes = tree(undefined);
  const selectorsFor = (request: Request): PageMessagesContext => {
    // The matches start at the root; a path that matches nothing still has the root's messages.
    const matches = matchRoutes(routes, pagePath(request)) ?? [];
    const ids = matches.length ? matches.map((m) => m.route.id!) : ["root"];
    return { pageMessages: routesMessages(ids), customerPageMessages: routesMessages(ids.filter(customerMayOpen)) };
  };
  const root = build.routes.root;
  const loader = root?.module.loader;
  if (!root || !loader) return build;
  return {
    ...build,
    routes: {
      ...build.routes,
      root: {
        ...root,
        module: {
          ...root.module,
          loader: (args) => loader({ ...args, context: { ...args.context, ...selectorsFor(args.request) } }),
        },
      },
    },
  };
}
