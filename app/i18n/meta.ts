import type { Formatters, MessageKey } from "./format.ts";
import { pageFormatters } from "./page-messages.ts";

/** What a route's `meta` receives as `matches`: the root match carries the locale (root loader). */
type MetaMatches = readonly ({ id: string; data?: unknown } | undefined)[];

/** A part of a document title: already translated, or data; empty parts are left out. */
type TitlePart = string | null | undefined;

/** Translation for a route's `meta`, in the language the root loader chose. */
export function metaI18n(matches: MetaMatches): Formatters {
  return pageFormatters(matches.find((m) => m?.id === "root")?.data);
}

/** A document title: the page's own parts (already translated or data), then the product name. */
export function pageTitle(f: Formatters, ...parts: TitlePart[]): { title: string }[] {
  return [{ title: [...parts.filter((p): p is string => Boolean(p)), f.t("app.name")].join(" · ") }];
}

// The `meta` exports most routes share (a route with a title of its own writes
// its `meta` out with metaI18n and pageTitle).

/** The `meta` of a page titled by messages alone: `titleMeta("title.risks")`, or a section then its area. */
export function titleMeta(...keys: MessageKey[]) {
  return ({ matches }: { matches: MetaMatches }) => {
    const f = metaI18n(matches);
    return pageTitle(f, ...keys.map((key) => f.t(key)));
  };
}

/**
 * The `meta` of a page about one record: the title parts `named` makes of the
 * loader's data (the record's name, then the account or the area), or only the
 * page's `titleKey` where there is no data (an error page).
 */
export function recordMeta<D>(titleKey: MessageKey, named: (data: D, f: Formatters) => TitlePart[]) {
  return ({ data, matches }: { data?: D; matches: MetaMatches }) => {
    const f = metaI18n(matches);
    return data ? pageTitle(f, ...named(data, f)) : pageTitle(f, f.t(titleKey));
  };
}

/** The `meta` of a section of one account: its title, then the account's name once the loader has read it. */
export function accountPageMeta(titleKey: MessageKey) {
  return recordMeta(titleKey, (data: { account: { name: string } }, f) => [f.t(titleKey), data.account.name]);
}

/** The title of a page a one-time link opens, and no referrer: the link's token is in its address. */
export function linkPageHead(f: Formatters, titleKey: MessageKey) {
  return [...pageTitle(f, f.t(titleKey)), { name: "referrer", content: "no-referrer" }];
}

/** The `meta` of a page a one-time link opens (linkPageHead in the reader's language). */
export function linkPageMeta(titleKey: MessageKey) {
  return ({ matches }: { matches: MetaMatches }) => linkPageHead(metaI18n(matches), titleKey);
}
