import { useRouteLoaderData } from "@remix-run/react";
import { formatters, isLocale, type Formatters } from "./index.ts";

/** Translation and locale-aware formatting for the language chosen in the root loader. */
export function useI18n(): Formatters {
  const data = useRouteLoaderData("root") as { locale?: string } | undefined;
  return formatters(isLocale(data?.locale) ? data.locale : "en");
}
