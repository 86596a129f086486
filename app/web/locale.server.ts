import { createCookie } from "@remix-run/node";
import { sessionSecret } from "#app/utils/session-secret.server.ts";
import { cookieSecure } from "./request.server.ts";
import { isLocale, localeFromAcceptLanguage, type Locale } from "#app/i18n/index.ts";

// The language chosen, in a signed cookie like every other (an unsigned or forged one reads as no choice).
let cookie: ReturnType<typeof createCookie> | undefined;
export const localeCookie = () =>
  (cookie ??= createCookie("kohtaamo_locale", {
    path: "/",
    sameSite: "lax",
    httpOnly: true,
    maxAge: 60 * 60 * 24 * 365,
    secrets: [sessionSecret()],
  }));

/** The chosen language: an explicit choice (cookie) first, then the browser's preference. */
export async function resolveLocale(request: Request): Promise<Locale> {
  const chosen = await localeCookie().parse(request.headers.get("Cookie"));
  if (isLocale(chosen)) return chosen;
  return localeFromAcceptLanguage(request.headers.get("Accept-Language"));
}

/** The Set-Cookie value that remembers the chosen language (Secure over HTTPS). */
export function localeSetCookie(request: Request, locale: Locale): Promise<string> {
  return localeCookie().serialize(locale, { secure: cookieSecure(request) });
}
