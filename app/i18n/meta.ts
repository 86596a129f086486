import type { Formatters } from "./format.ts";
import { pageFormatters } from "./page-messages.ts";

/** What a route's `meta` receives as `matches`: the root match carries the locale (root loader). */
export type MetaMatches = readonly ({ id: string; data?: unknown } | undefined)[];

/** A part of a document title: already translated, or data; empty parts are left out. */
export type TitlePart = string | null | undefined;

/** Translation for a route's `meta`, in the language the root loader chose. */
export function metaI18n(matches: MetaMatches): Formatters {
  return pageFormatters(matches.find((m) => m?.id === "root")?.data);
}

/** A document title: the page's own parts (already translated or data), then the product name. */
export function pageTitle(f: Formatters, ...parts: TitlePart[]): { title: string }[] {
  return [{ title: [...parts.filter((p): p is string => Boolean(p)), f.t("app.name")].join(" · ") }];
}
