// The `meta` exports most routes share, built on meta.ts. A module of its own so
// that a page whose route writes its own `meta` (the account page, within its
// JavaScript budget) does not load them.
import type { Formatters, MessageKey } from "./format.ts";
import { metaI18n, pageTitle, type MetaMatches, type TitlePart } from "./meta.ts";

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
