import { createContext, useContext, type ReactNode } from "react";
import { isLocale, type Locale } from "./format.ts";

// The visitor's language as the request names it (the language cookie, then
// Accept-Language), for the page frame and the error page when the root
// loader's data is missing: an action's refusal skips the loaders, so the error
// page has no `locale` of its own. Set on the server around <RemixServer>; in
// the browser it is read back from the rendered <html lang>, so hydration sees
// the same language the server rendered.
const RequestLocaleContext = createContext<Locale>("en");

export function RequestLocaleProvider({ value, children }: { value: Locale; children: ReactNode }) {
  return <RequestLocaleContext.Provider value={value}>{children}</RequestLocaleContext.Provider>;
}

export function useRequestLocale(): Locale {
  return useContext(RequestLocaleContext);
}

/** In the browser: the language the server rendered the document in. */
export function documentLocale(): Locale {
  const lang = typeof document === "undefined" ? undefined : document.documentElement.lang;
  return isLocale(lang) ? lang : "en";
}
