import { useRouteLoaderData } from "@remix-run/react";
import type { Formatters } from "./format.ts";
import { pageFormatters } from "./page-messages.ts";

/**
 * Translation and locale-aware formatting in the language the root loader chose,
 * with the messages the page's routes declare (app/i18n/page-messages.ts).
 */
export function useI18n(): Formatters {
  return pageFormatters(useRouteLoaderData("root"));
}
