import { en, type MessageKey } from "./en.ts";
import { fi } from "./fi.ts";
import { createFormatters, isLocale, type Formatters, type Locale } from "./format.ts";

export {
  createFormatters,
  isLocale,
  LOCALES,
  rounded,
  type Formatters,
  type Locale,
  type Translate,
} from "./format.ts";
export type { MessageKey };

const catalogues: Record<Locale, Record<MessageKey, string>> = { en, fi };

/** The whole catalogue of a language (the types make Finnish provide every key). */
export function catalogue(locale: Locale): Readonly<Record<MessageKey, string>> {
  return catalogues[locale];
}

/** Whether a value names a message of the catalogues (e.g. a key carried by an error response). */
export function isMessageKey(value: unknown): value is MessageKey {
  return typeof value === "string" && Object.hasOwn(en, value);
}

const cache = new Map<Locale, Formatters>();

/** The formatting layer with the whole catalogue of a language: for the server (loaders, actions, mail). */
export function formatters(locale: Locale): Formatters {
  let f = cache.get(locale);
  if (!f) {
    f = createFormatters(locale, { ...en, ...catalogues[locale] });
    cache.set(locale, f);
  }
  return f;
}

/** Picks the first supported language from an Accept-Language header. */
export function localeFromAcceptLanguage(header: string | null): Locale {
  for (const part of (header ?? "").split(",")) {
    const tag = part.split(";")[0]?.trim().toLowerCase().slice(0, 2);
    if (isLocale(tag)) return tag;
  }
  return "en";
}
