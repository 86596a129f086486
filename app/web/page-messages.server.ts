import { createHash } from "node:crypto";
import type { AppLoadContext, ServerBuild } from "@remix-run/node";
import { matchRoutes } from "@remix-run/react";
import { catalogue, type Locale, type MessageKey } from "#app/i18n/index.ts";
import {
  registerSentMessages,
  selects,
  type MessageSelector,
  type PageMessages,
  type RouteMessages,
  type SentMessages,
} from "#app/i18n/page-messages.ts";

// The messages a page sends (app/i18n/page-messages.ts): withPageMessages wraps
// the server build (scripts/server.mjs, tests/setup/app-handler.ts) so the root
// loader learns which routes the request matches, and the root loader sends the
// visitor's language of the messages those routes declare (their `messages` export).

/**
 * What the root loader's context carries: the selectors of every route the
 * request matches, and whether the request asks for a whole document (set by
 * the request handler, `pageLoadContext`).
 */
export interface PageMessagesContext {
  pageMessages?: readonly MessageSelector[];
  documentRequest?: boolean;
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

const cache = new Map<string, SentMessages>();

/**
 * Words of our own side that a customer's page never carries, whatever its
 * routes declare (the portal never shows sentiment, felt treatment, emotions,
 * risk signals or scoring; its routes may name them only through shared server
 * code): a customer does not read our internal vocabulary in the page's data.
 */
export const INTERNAL_ONLY: readonly MessageSelector[] = [
  "signal.",
  "scoringSettings.",
  "sentimentLevel.",
  "emotion.",
  "polarity.",
  // A touchpoint's internal fields. Built from parts, not written out, so the
  // message-usage scan (tests/setup/message-usage.ts) does not take them for keys this module shows.
  ...Object.entries({
    touchpoint: ["internal", "sentiment", "treatment", "momentOfTruth", "positiveSurprise", "resolved"],
  }).flatMap(([group, fields]) => fields.map((field) => `${group}.${field}` as MessageSelector)),
];

type MessagesOptions = { customer?: boolean };

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
  const cacheKey = selectors ? `${locale}\n${customer}\n${selectors.join("\n")}` : locale;
  let entry = cache.get(cacheKey);
  if (!entry) {
    const all = catalogue(locale);
    let messages: PageMessages = all;
    if (selectors) {
      const picked: Record<string, string> = {};
      for (const key of Object.keys(all) as MessageKey[])
        if (selects(selectors, key) && !(customer && selects(INTERNAL_ONLY, key))) picked[key] = all[key];
      messages = picked;
    }
    const json = JSON.stringify(messages);
    entry = { messages, json, ref: `#${createHash("sha256").update(json).digest("base64url").slice(0, 16)}` };
    registerSentMessages(entry, dataBlockText(json));
    if (cache.size > 500) cache.clear();
    cache.set(cacheKey, entry);
  }
  return entry;
}

/** JSON as a data block's text: every `<` escaped (still the same JSON), so nothing in it can end the block. */
export function dataBlockText(json: string): string {
  return json.replaceAll("<", "\\u003c");
}

type RouteObject = Parameters<typeof matchRoutes>[0][number];

/** The path a request's page has: a single-fetch data request (`/x.data`, `/_root.data`) names its page's path. */
function pagePath(request: Request): string {
  const { pathname } = new URL(request.url);
  if (!pathname.endsWith(".data")) return pathname;
  return pathname.replace(/\.data$/, "").replace(/^\/_root$/, "/");
}

/** The build with a root loader that receives, in its context, the messages the matched routes declare. */
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
  // Each route's messages, read once (a route's `messages` export is a function: app/i18n/page-messages.ts).
  const declaredById = new Map(
    Object.entries(build.routes).map(([id, r]) => [id, (r.module as { messages?: RouteMessages }).messages?.() ?? []]),
  );
  const declared = (id: string) => declaredById.get(id) ?? [];
  const selectorsFor = (request: Request): readonly MessageSelector[] => {
    const matches = matchRoutes(routes, pagePath(request)) ?? [];
    const ids = new Set(["root", ...matches.flatMap((m) => (m.route.id ? [m.route.id] : []))]);
    return [...ids].flatMap(declared);
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
          loader: (args) => loader({ ...args, context: { ...args.context, pageMessages: selectorsFor(args.request) } }),
        },
      },
    },
  };
}
