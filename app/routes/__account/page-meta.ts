import type { MetaFunction } from "@remix-run/node";
import type { MessageKey } from "#app/i18n/index.ts";
import { metaI18n, pageTitle } from "#app/i18n/meta.ts";

/**
 * The `meta` of a page of one account: the page's title (`titleKey`), then the
 * account's name once the loader has read it (its data's `account.name`).
 */
export function accountPageMeta(titleKey: MessageKey): MetaFunction<() => Promise<{ account: { name: string } }>> {
  return ({ data, matches }) => {
    const f = metaI18n(matches);
    return pageTitle(f, f.t(titleKey), data?.account.name);
  };
}
