import { useRouteLoaderData } from "@remix-run/react";
import type { Formatters } from "./format.ts";
import { pageFormatters } from "./page-messages.ts";
import { useRequestLocale } from "./request-locale.tsx";

/**
 * Translation and locale-aware formatting in the language the root loader chose,
 * with the messages the page's routes can show (app/i18n/page-messages.ts).
 * Without the root's data (an error page), the shell's messages in the
 * language the request names.
 */
export function useI18n(): Formatters {
  const data = useRouteLoaderData("root");
  const requested = useRequestLocale();
  return pageFormatters(data ?? { locale: requested });
}
